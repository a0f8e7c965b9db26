"""A draft shorter than a booklet: proofs on screen at its natural length, never a print PDF.

Under the house style's page.pad: fit an issue that cannot come to a multiple of
4 pages is refused for print (what to cut or add is said); the editor still
gets a screen proof of the pages it has, with the same message as a warning."""
from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium

from bulletin_press.source.newissue import create_issue

from conftest import TINY_ARTICLE, TINY_KEY, copy_project, run_cli


def _draft(tmp_path):
    root = copy_project(tmp_path)           # the house style as it is: pad: fit
    create_issue(root, TINY_KEY, today=dt.date(2025, 5, 20))
    (root / "issues" / TINY_KEY / "01-wenzhang.md").write_text(TINY_ARTICLE, encoding="utf-8")
    y = root / "issues" / TINY_KEY / "issue.yaml"
    y.write_text(y.read_text(encoding="utf-8").replace("本期主题", "制造业数智化转型"), encoding="utf-8")
    return root


def test_draft_gets_a_screen_proof_and_no_print_pdf(tmp_path):
    root = _draft(tmp_path)
    out = root / "build"
    res = run_cli(root, "build", TINY_KEY)
    assert res.exit_code == 1, res.output
    assert "less than a page" in res.output and "characters to fill 4" in res.output
    assert not (out / f"{TINY_KEY}-print.pdf").exists()

    res = run_cli(root, "build", TINY_KEY, "--screen-only")
    assert res.exit_code == 0, res.output
    assert "warning:" in res.output and "proof of 1 page(s)" in res.output
    pdf = pdfium.PdfDocument(str(out / f"{TINY_KEY}-screen.pdf"))
    assert len(pdf) == 1                     # its natural length: no blank pages added
    text = pdf[0].get_textpage().get_text_range()
    assert "全省累计建成" in text
    assert not (out / f"{TINY_KEY}-print.pdf").exists()
