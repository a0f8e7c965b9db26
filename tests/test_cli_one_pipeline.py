"""`check` and `build` are one pipeline: check finds what only laying the pages
out finds, without writing a file; build (and watch) report the lint's warnings
as check does."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT, TINY_ARTICLE, TINY_KEY, run_cli as run

KEY = TINY_KEY
ARTICLE = TINY_ARTICLE


@pytest.fixture
def proj(tiny) -> Path:
    return tiny


def article(root: Path) -> Path:
    return root / "issues" / KEY / "01-wenzhang.md"


def warning_lines(output: str) -> list[str]:
    return [ln for ln in output.splitlines() if ": warning: " in ln]


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if "fonts" not in p.parts}


def test_build_reports_the_warnings_check_reports(proj):
    article(proj).write_text(ARTICLE.replace("强省之基。", "强省之基,制造业兴则经济兴."), encoding="utf-8")
    chk = run(proj, "check", KEY)
    assert chk.exit_code == 0, chk.output
    found = warning_lines(chk.output)
    assert len(found) == 2, chk.output
    res = run(proj, "build", KEY)
    assert res.exit_code == 0, res.output
    assert warning_lines(res.output) == found
    assert f"{len(found)} warning(s)" in res.output and "0 warning(s)" not in res.output
    res = run(proj, "watch", KEY, "--screen-only", "--max-builds", "1")
    assert res.exit_code == 0 and warning_lines(res.output) == found, res.output


def test_build_shows_the_first_few_warnings_and_all_with_v(proj):
    body = "\n\n".join(f"第{i}段,说明情况." for i in range(1, 9))
    article(proj).write_text(ARTICLE + "\n" + body + "\n", encoding="utf-8")
    every = warning_lines(run(proj, "check", KEY).output)
    assert len(every) >= 16
    res = run(proj, "build", KEY)
    assert res.exit_code == 0, res.output
    assert warning_lines(res.output) == every[:5]
    assert f"{len(every) - 5} more warning(s)" in res.output and f"check {KEY}" in res.output
    assert f"{len(every)} warning(s)" in res.output
    res = run(proj, "build", KEY, "-v")
    assert warning_lines(res.output) == every


def test_check_finds_what_only_the_layout_finds_and_writes_nothing(proj):
    y = proj / "issues" / KEY / "issue.yaml"       # too long for the style's error-correction level
    y.write_text(y.read_text(encoding="utf-8") + "back:\n  qr: https://example.org/" + "a" * 2900 + "\n",
                 encoding="utf-8")
    before = files_under(proj)
    chk = run(proj, "check", KEY)
    assert chk.exit_code == 1 and "QR code" in chk.output, chk.output
    assert files_under(proj) == before                 # no build/, no temp file, nothing
    res = run(proj, "build", KEY)
    assert res.exit_code == 1 and "QR code" in res.output
    assert not (proj / "build").exists() or not list((proj / "build").iterdir())


def test_check_finds_a_page_count_the_style_refuses(proj):
    st = proj / "styles" / "chuangxin.yaml"
    text = st.read_text(encoding="utf-8")
    assert "pad:" in text
    st.write_text("\n".join(ln.replace("blank", "fail") if ln.strip().startswith("pad:") else ln
                            for ln in text.split("\n")), encoding="utf-8")
    chk = run(proj, "check", KEY)
    assert chk.exit_code == 1 and "not a multiple of 4" in chk.output, chk.output
    assert not (proj / "build").exists()


def test_a_clean_issue_checks_clean_after_laying_out(proj):
    res = run(proj, "check", KEY)
    assert res.exit_code == 0 and f"{KEY}: no errors, 0 warning(s)" in res.output, res.output
    assert not (proj / "build").exists()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            out.add(base)
            out.update(f"{base}.{a.name}" if base.endswith(".") is False else base + a.name
                       for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_checks_and_pipeline_do_not_import_each_other():
    src = ROOT / "src" / "bulletin_press"
    assert not any("checks" in m.split(".") for m in _imports(src / "pipeline.py"))
    assert not any("pipeline" in m.split(".") for m in _imports(src / "checks.py"))


def test_a_qr_text_no_code_can_hold_is_refused_at_its_line(proj):
    y = proj / "issues" / KEY / "issue.yaml"
    text = y.read_text(encoding="utf-8")
    y.write_text(text + "back:\n  qr: https://example.org/" + "a" * 4000 + "\n", encoding="utf-8")
    line = text.count("\n") + 2
    for cmd in ("check", "build"):
        res = run(proj, cmd, KEY)
        assert res.exit_code == 1 and f"issues/{KEY}/issue.yaml:{line}:" in res.output, res.output
        assert "at most 2953" in res.output


def test_a_block_taller_than_any_page_is_a_source_error_at_its_line(proj, monkeypatch):
    """reportlab's 'too large' names the block's source line, its size and the page's."""
    from reportlab.platypus.doctemplate import LayoutError

    from bulletin_press import pipeline
    from bulletin_press.model import Pos

    class Block:          # what reportlab was placing: a flowable carrying its source
        source = Pos(f"issues/{KEY}/01-wenzhang.md", 9)

    def too_large(*a, **k):
        f = Block()       # noqa: F841  (reportlab's frame holds the flowable as a local)
        raise LayoutError("Flowable <CJKParagraph at 0x1 frame=odd>...(441.0 x 3657.5) too large "
                          "on page 9 in frame 'odd'(441.0 x 700.0*) of template 'odd'")
    monkeypatch.setattr(pipeline, "make_plan", too_large)
    for cmd in ("check", "build"):
        res = run(proj, cmd, KEY)
        assert res.exit_code == 1, (cmd, res.output)
        assert "bug in bulletin-press" not in res.output
        assert f"issues/{KEY}/01-wenzhang.md:9: error: a paragraph on page 9 is 3658 pt tall" in res.output
        assert "441 × 700 pt" in res.output and "split it" in res.output
    assert not (proj / "build").exists()
