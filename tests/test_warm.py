"""What watch keeps between rebuilds (warm.py): the same PDFs as a cold build, and
only the paragraphs an edit touched are set again."""
from __future__ import annotations

from bulletin_press.pipeline import build
from bulletin_press.typeset.fonts import LayoutMemo
from bulletin_press.warm import Warm


def test_layout_memo_keeps_what_the_last_build_used():
    m = LayoutMemo()
    m["a"], m["b"] = 1, 2
    m.next_build()
    assert m.get("a") == 1          # used again: carried into this build
    m.next_build()
    assert m.get("a") == 1 and m.get("b") is None   # b unused for a whole build: gone


def test_every_memo_of_a_watched_font_set_lets_go_of_an_edited_paragraph(proj, tmp_path):
    """Shapes, variants and cell measures age with the layouts: after two rebuilds of
    other text, an edited-away paragraph is in none of the font set's memos."""
    warm = Warm()
    md = sorted((proj / "issues" / "2025-03").glob("*.md"))[0]
    text = md.read_text(encoding="utf-8")
    build(proj, "2025-03", tmp_path / "w", variants=("screen",), warm=warm)
    fonts = warm._fonts
    assert {"layout", "shape"} <= set(fonts._memos)

    def holds(word):
        return [name for name, memo in fonts._memos.items()
                if any(word in repr(k) for k in list(memo) + list(memo.old))]
    word = next(text[k:k + 6] for k in range(text.index("---", 3) + 3, len(text))
                if all("\u4e00" <= c <= "\u9fff" for c in text[k:k + 6]))
    assert "shape" in holds(word)
    md.write_text(text.replace(word, "甲乙丙丁戊己"), encoding="utf-8")
    build(proj, "2025-03", tmp_path / "w", variants=("screen",), warm=warm)
    build(proj, "2025-03", tmp_path / "w", variants=("screen",), warm=warm)
    assert warm._fonts is fonts and holds(word) == []


def test_warm_rebuild_after_an_edit_is_a_cold_build(proj, tmp_path):
    warm = Warm()
    build(proj, "2025-03", tmp_path / "w", variants=("screen",), warm=warm)
    fonts = warm._fonts
    memo = fonts.memo("layout")
    first = set(memo)
    md = sorted((proj / "issues" / "2025-03").glob("*.md"))[0]
    text = md.read_text(encoding="utf-8")
    i = next(k for k in range(text.index("---", 3) + 3, len(text)) if "\u4e00" <= text[k] <= "\u9fff")
    md.write_text(text[:i] + "中" + text[i + 1:], encoding="utf-8")
    build(proj, "2025-03", tmp_path / "w", variants=("screen",), warm=warm)
    assert warm._fonts is fonts                        # faces kept
    fresh = set(memo) - first
    assert len(fresh) == 1 and "中" in "".join(r.text for r in next(iter(fresh))[0])
    build(proj, "2025-03", tmp_path / "c", variants=("screen",))
    assert (tmp_path / "w" / "2025-03-screen.pdf").read_bytes() == \
        (tmp_path / "c" / "2025-03-screen.pdf").read_bytes()
    # the style changed: a new FontSet
    style = proj / "styles" / "chuangxin.yaml"
    # (8 pages: more than 2025-03 can fill, so padded with blank pages, not refused)
    style.write_text(style.read_text(encoding="utf-8").replace("multiple_of: 4", "multiple_of: 8")
                     .replace("pad: fit", "pad: blank"), encoding="utf-8")
    build(proj, "2025-03", tmp_path / "w", variants=("screen",), warm=warm)
    assert warm._fonts is not fonts


def test_write_each_puts_the_screen_pdf_out_before_the_print_checks(proj, tmp_path, monkeypatch):
    """watch's builds (write_each) write the screen PDF as soon as it is set; a print
    PDF that fails its checks keeps its last good file."""
    import pytest

    from bulletin_press import pipeline
    from bulletin_press.errors import BuildError, Problem

    def refuse(data, issue, key, *style):
        raise BuildError([Problem(None, "refused for the test")])
    monkeypatch.setattr(pipeline, "finish_print", refuse)
    out = tmp_path / "o"
    out.mkdir()
    (out / "2025-03-print.pdf").write_bytes(b"last good")
    with pytest.raises(BuildError):
        build(proj, "2025-03", out, write_each=True)
    assert (out / "2025-03-screen.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "2025-03-print.pdf").read_bytes() == b"last good"


def test_the_program_flushes_its_output_before_it_exits():
    """`bulletin-press` ends without interpreter teardown (cli.run): what it printed
    still arrives through a pipe, and the exit codes stay."""
    import subprocess
    import sys
    ok = subprocess.run([sys.executable, "-m", "bulletin_press", "--help"], capture_output=True, text=True)
    assert ok.returncode == 0 and "Typeset and publish" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "bulletin_press", "nosuchcommand"], capture_output=True,
                         text=True)
    assert bad.returncode == 2 and "No such command" in bad.stderr


def test_a_memo_finds_last_builds_entries_by_in_and_get_and_keeps_a_stored_none():
    """The line-variant memo asks `key in memo` and stores None for "cannot be done":
    after next_build both still find the last build's answers (they used to be
    missed, so a watch re-set every 伸缩行 variant)."""
    from bulletin_press.typeset.fonts import LayoutMemo
    m = LayoutMemo()
    m["a"], m["none"] = [1], None
    m.next_build()
    assert "a" in m and m["a"] == [1]
    assert "none" in m and m.get("none", "missing") is None
    assert m.get("gone", "missing") == "missing" and "gone" not in m
    m.next_build()
    assert "a" in m and "none" in m          # asked for in the last build: kept
    m.next_build()
    m.next_build()
    assert "a" not in m                      # not asked for since: let go
