"""The committed fonts and their precomputed metrics (fonts/, typeset/fontmetrics.py)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFontFace

from bulletin_press.typeset.fontmetrics import MetricsFace, load_face, metrics_path, read_metrics
from bulletin_press.typeset.punct import _glyph_xbounds

FONTS = Path(__file__).resolve().parents[1] / "fonts"
MANIFEST = json.loads((FONTS / "manifest.json").read_text(encoding="utf-8"))


def test_every_font_has_metrics_made_from_it():
    for e in MANIFEST["fonts"]:
        got = read_metrics(FONTS / e["file"])
        assert got is not None, f"{e['file']}: no metrics file"
        header, _ = got
        assert header["font"]["sha256"] == e["sha256"], e["file"]
        assert header["font"]["bytes"] == e["bytes"] == (FONTS / e["file"]).stat().st_size


def test_metrics_face_is_what_reportlab_parses():
    """Every attribute reportlab's own parse sets, the same from the metrics."""
    path = str(FONTS / MANIFEST["fonts"][0]["file"])
    fast, slow = load_face(path), TTFontFace(path)
    assert isinstance(fast, MetricsFace)
    for k, v in vars(slow).items():
        if k in ("_ttf_data", "_pos"):
            continue
        if k == "_pdfScale":
            assert fast._pdfScale(517) == v(517)
            continue
        got = getattr(fast, k)
        assert got == v and type(got) is type(v), k
    assert fast._ttf_data[:] == slow._ttf_data
    assert len(fast.ink) > 1000
    for cp, ink in fast.ink.items():
        assert _glyph_xbounds(slow, cp) == ink


def test_metrics_of_another_file_are_not_used(tmp_path):
    """A font whose metrics file was made from a different font is parsed instead."""
    a, b = (FONTS / e["file"] for e in MANIFEST["fonts"][:2])
    shutil.copy(a, tmp_path / "x.ttf")
    shutil.copy(metrics_path(b), metrics_path(tmp_path / "x.ttf"))
    face = load_face(tmp_path / "x.ttf")
    assert not isinstance(face, MetricsFace)
    assert face.charWidths == TTFontFace(str(a)).charWidths
    # and a font without metrics at all is parsed too
    shutil.copy(a, tmp_path / "y.ttf")
    assert not isinstance(load_face(tmp_path / "y.ttf"), MetricsFace)
