"""Reading back the sources digest a PDF records (output/freshness.py)."""
from __future__ import annotations

import io

import pikepdf

from bulletin_press.output.freshness import OUTPUT_NAME, recorded_digest
from bulletin_press.render.info import SOURCES_KEY

DIGEST = "0123456789abcdef" * 4


def _pdf(value_bytes: bytes | None = None) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/" + SOURCES_KEY] = DIGEST
    buf = io.BytesIO()
    pdf.save(buf, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
    return buf.getvalue()


def test_the_digest_is_read_from_the_plain_info_dictionary(tmp_path):
    data = _pdf()
    assert f"({DIGEST})".encode() in data
    (tmp_path / "2025-04-print.pdf").write_bytes(data)
    assert recorded_digest(tmp_path / "2025-04-print.pdf") == DIGEST


def test_a_digest_written_another_way_is_read_by_the_parser(tmp_path):
    """A tool that rewrote the file with the value as a hex string: the plain-text
    reading finds the key but no (digest); pikepdf reads the value."""
    data = _pdf().replace(f"({DIGEST})".encode(), b"<" + DIGEST.encode().hex().encode() + b">")
    assert f"({DIGEST})".encode() not in data and SOURCES_KEY.encode() in data
    path = tmp_path / "2025-04-screen.pdf"
    path.write_bytes(data)
    assert recorded_digest(path) == DIGEST


def test_foreign_damaged_and_missing_files_record_nothing(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n% not ours\n")
    (tmp_path / "b.pdf").write_bytes(b"/" + SOURCES_KEY.encode() + b" garbage")
    assert recorded_digest(tmp_path / "a.pdf") is None
    assert recorded_digest(tmp_path / "b.pdf") is None
    assert recorded_digest(tmp_path / "missing.pdf") is None
    assert OUTPUT_NAME.match("2025-04-imposed.pdf") and not OUTPUT_NAME.match("notes.pdf")
