"""The archive through the CLI: build --all, lock, verify, list, build --archive, index.

The archive: the project's 2025-03 and two small issues written for these tests
(tests/fixtures/archive): 2022-03, then nothing for three years, then 2025-03
and 2025-06.  Built once (`arch`), locked once (`locked`); tests that change
files work on copies.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from conftest import ROOT, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "archive"
KEYS = ("2022-03", "2025-03", "2025-06")


def _make_archive(dst: Path, keys=KEYS) -> Path:
    (dst / "issues").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "publication.yaml", dst / "issues" / "publication.yaml")
    for key in keys:
        src = FIXTURES / key if (FIXTURES / key).is_dir() else ROOT / "issues" / key
        shutil.copytree(src, dst / "issues" / key)
    shutil.copytree(ROOT / "styles", dst / "styles")
    # these small issues need not fill their pages: padded with blank pages, never refused
    style = dst / "styles" / "chuangxin.yaml"
    style.write_text(re.sub(r"(?m)^(\s*pad:)\s*\w+", r"\1 blank", style.read_text(encoding="utf-8")),
                     encoding="utf-8")
    (dst / "fonts").symlink_to(ROOT / "fonts")
    return dst


def _copy(root: Path, dst: Path) -> Path:
    shutil.copytree(root, dst, symlinks=True)
    return dst


def _text(pdf: Path, page: int = 0) -> str:
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return doc[page].get_textpage().get_text_range()
    finally:
        doc.close()


TOC_LINE = re.compile(r"^(.+?)\s*\.{3,}\s*(.+?)\s+(\d+)\s*$")


def _toc(text: str) -> dict[str, int]:
    """title (spaces removed) -> page, from lines set as 'title …… author page'."""
    out = {}
    for line in text.splitlines():
        m = TOC_LINE.match(line.strip())
        if m:
            out[m.group(1).replace(" ", "")] = int(m.group(3))
    return out


@pytest.fixture(scope="module")
def arch(tmp_path_factory):
    """The archive, built by `build --all -j 2` (screen and print); returns (root, result)."""
    root = _make_archive(tmp_path_factory.mktemp("arch"))
    res = run_cli(root, "build", "--all", "-j", "2")
    return root, res


@pytest.fixture(scope="module")
def locked(arch, tmp_path_factory):
    """A copy of the built archive with every issue locked."""
    root = _copy(arch[0], tmp_path_factory.mktemp("locked") / "a")
    for key in KEYS:
        res = run_cli(root, "lock", key)
        assert res.exit_code == 0, res.output
    return root


def _build(root: Path, key: str, *extra: str) -> bytes:
    res = run_cli(root, "build", key, "--screen-only", "-q", *extra)
    assert res.exit_code == 0, res.output
    return (root / "build" / f"{key}-screen.pdf").read_bytes()


# ---------------------------------------------------------------- build --all

def test_build_all_builds_issues_years_apart(arch):
    root, res = arch
    assert res.exit_code == 0, res.output
    for key in KEYS:
        assert re.search(rf"^{key}: ok, \d+ pages", res.output, re.M), res.output
        for variant in ("screen", "print"):
            assert (root / "build" / f"{key}-{variant}.pdf").stat().st_size > 10_000
    assert "built 3 of 3 issue(s)" in res.output
    # the distant issue carries its own serial, not one guessed from its neighbours
    assert "总第98期" in _text(root / "build" / "2022-03-screen.pdf").replace(" ", "")
    assert "总第128期" in _text(root / "build" / "2025-06-screen.pdf").replace(" ", "")


def test_build_all_goes_on_after_a_failed_issue(tmp_path):
    root = _make_archive(tmp_path, ("2022-03", "2025-06"))
    yaml = root / "issues" / "2022-03" / "issue.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("date: 2022-03-15", "date: soon"),
                    encoding="utf-8")
    res = run_cli(root, "build", "--all", "-j", "2", "--screen-only")
    assert res.exit_code == 1, res.output
    assert "2022-03: FAILED" in res.output and "issues/2022-03/issue.yaml" in res.output
    assert re.search(r"^2025-06: ok", res.output, re.M)
    assert "built 1 of 2 issue(s)" in res.output and "failed: 2022-03" in res.output
    assert (root / "build" / "2025-06-screen.pdf").is_file()
    assert not (root / "build" / "2022-03-screen.pdf").exists()


def test_build_issue_or_all_not_both(arch):
    assert run_cli(arch[0], "build").exit_code == 2
    assert run_cli(arch[0], "build", "2025-03", "--all").exit_code == 2


# ---------------------------------------------------------------- lock, verify, list

def test_lock_records_what_was_printed_and_verify_passes(locked, arch):
    from bulletin_press.source.lock import read_lock
    for key in KEYS:
        folder = locked / "issues" / key
        assert (folder / "style.lock.yaml").read_bytes() == (locked / "styles" / "chuangxin.yaml").read_bytes()
        lock = read_lock(locked, key)
        built = arch[0] / "build" / f"{key}-screen.pdf"
        assert lock.pages == len(pypdfium2.PdfDocument(str(built)))
        toc = _toc(_text(built))
        assert {a.title.replace(" ", ""): a.first for a in lock.articles} == toc
        assert all(a.first <= a.last <= lock.pages for a in lock.articles)
        assert lock.paragraphs and all(list(p.lines) == sorted(set(p.lines)) and p.lines[0] == 0
                                       for p in lock.paragraphs)
        assert set(lock.page_starts) <= set(range(1, lock.pages + 1))
        assert f"issues/{key}/issue.yaml" in lock.sources
    res = run_cli(locked, "verify", "--all")
    assert res.exit_code == 0, res.output
    for key in KEYS:
        assert re.search(rf"^{key}: pages as printed", res.output, re.M), res.output
    listing = run_cli(locked, "list")
    assert listing.exit_code == 0
    rows = {line.split()[0]: line for line in listing.output.splitlines() if re.match(r"\d{4}-\d\d ", line)}
    assert set(rows) == set(KEYS)
    assert "总第98期" in rows["2022-03"] and "2022-03-15" in rows["2022-03"]
    assert all(r.rstrip().endswith("locked") for r in rows.values())


def test_list_before_locking(arch):
    res = run_cli(arch[0], "list")
    assert res.exit_code == 0
    row = next(line for line in res.output.splitlines() if line.startswith("2025-06"))
    assert "总第128期" in row and row.rstrip().endswith("no") and "(built)" in row


def test_house_style_edit_leaves_a_locked_issue_byte_identical(locked, arch, tmp_path):
    root = _copy(locked, tmp_path / "a")
    for f in ("print.lock", "style.lock.yaml"):          # 2025-06 stays unlocked: the control
        (root / "issues" / "2025-06" / f).unlink()
    style = root / "styles" / "chuangxin.yaml"
    text = style.read_text(encoding="utf-8")
    assert "chars_per_line: " in text
    style.write_text(re.sub(r"chars_per_line: (\d+)", lambda m: f"chars_per_line: {int(m[1]) - 3}", text),
                     encoding="utf-8")
    baseline = arch[0] / "build"
    assert _build(root, "2025-03") == (baseline / "2025-03-screen.pdf").read_bytes()
    assert _build(root, "2025-06") != (baseline / "2025-06-screen.pdf").read_bytes()


def _perturb_engine(monkeypatch):
    """A newer engine: the spacing penalty of the line breaker weighs a quarter as much."""
    from bulletin_press.typeset import paragraph
    original = paragraph.break_lines

    def perturbed(sh, width_first, width, **kw):
        kw["max_gap"] = kw.get("max_gap", 0.05) * 4
        return original(sh, width_first, width, **kw)
    monkeypatch.setattr(paragraph, "break_lines", perturbed)


def test_locked_lines_survive_an_engine_change(locked, arch, tmp_path, monkeypatch):
    baseline = (arch[0] / "build" / "2025-03-screen.pdf").read_bytes()
    unlocked = _copy(arch[0], tmp_path / "u")
    _perturb_engine(monkeypatch)
    assert _build(unlocked, "2025-03") != baseline          # the engine really breaks differently …
    assert _build(_copy(locked, tmp_path / "l"), "2025-03") == baseline   # … but not a locked issue


def test_verify_names_the_engine_when_it_ignores_the_lock(locked, tmp_path, monkeypatch):
    from bulletin_press.typeset import paragraph
    root = _copy(locked, tmp_path / "a")
    _perturb_engine(monkeypatch)
    monkeypatch.setattr(paragraph, "_locked_breaks", lambda sh, starts: None)
    res = run_cli(root, "verify", "2025-03")
    assert res.exit_code == 1, res.output
    assert "2025-03: MOVED" in res.output and "cause: the engine" in res.output
    assert re.search(r"issues/2025-03/0\d-\w+\.md: page \d+, line \d+", res.output), res.output
    built = run_cli(root, "build", "2025-03", "--screen-only")
    assert built.exit_code == 0
    assert re.search(r"issues/2025-03/01-xianyu\.md: warning: \d+ locked paragraph\(s\) could not keep "
                     r"their printed lines", built.output), built.output


def test_one_changed_character_fails_verify_and_names_the_file(locked, tmp_path):
    root = _copy(locked, tmp_path / "a")
    art = root / "issues" / "2025-03" / "02-xiaofei.md"
    text = art.read_text(encoding="utf-8")
    body = text.index("---", 3) + 3
    k = text.index("的", body)
    art.write_text(text[:k] + "之" + text[k + 1:], encoding="utf-8")
    res = run_cli(root, "verify", "2025-03")
    assert res.exit_code == 1, res.output
    moved = [line for line in res.output.splitlines() if "issues/2025-03/" in line]
    assert len(moved) == 1 and "issues/2025-03/02-xiaofei.md: page " in moved[0], res.output
    assert "cause: the text" in moved[0]
    built = run_cli(root, "build", "2025-03", "--screen-only")
    assert built.exit_code == 0
    assert "issues/2025-03/02-xiaofei.md: warning: changed since the issue was locked" in built.output
    assert "01-xianyu.md: warning" not in built.output


def test_verify_unlocked_issue_is_an_error(arch):
    res = run_cli(arch[0], "verify", "2025-03")
    assert res.exit_code == 1 and "not locked" in res.output


# ---------------------------------------------------------------- build --archive

def test_archive_pdf_is_pdfa3_and_carries_its_sources(locked, tmp_path):
    from bulletin_press.output.pdfa import check_pdfa
    root = _copy(locked, tmp_path / "a")
    key = "2025-03"
    res = run_cli(root, "build", key, "--archive", "--screen-only", "-q")
    assert res.exit_code == 0, res.output
    path = root / "build" / f"{key}-archive.pdf"
    data = path.read_bytes()
    assert check_pdfa(data) == []
    with pikepdf.open(path) as pdf:
        assert pdf.check_pdf_syntax() == []                # qpdf's own check
        assert not pdf.is_encrypted and len(pdf.trailer.ID) == 2
        with pdf.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "U"
            assert xmp["dc:title"] == str(pdf.docinfo.Title) == "创新资讯 2025年第3期（总第125期）"
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
        names = dict(pdf.attachments.items())
        want = [f"issues/{key}/{n}" for n in ("issue.yaml", "01-xianyu.md", "02-xiaofei.md",
                                               "style.lock.yaml", "print.lock")] + ["issues/publication.yaml"]
        assert sorted(names) == sorted(want)
        for name in want:
            assert names[name].get_file().read_bytes() == (root / name).read_bytes(), name
        af = {str(s.UF) for s in pdf.Root.AF}
        assert af == set(want) and all(s.AFRelationship == "/Source" for s in pdf.Root.AF)
        # the pages are those of the screen PDF the same build wrote, untouched
        with pikepdf.open(root / "build" / f"{key}-screen.pdf") as screen:
            assert len(pdf.pages) == len(screen.pages)
            for a, b in zip(pdf.pages, screen.pages):
                assert a.Contents.read_bytes() == b.Contents.read_bytes()
    if shutil.which("qpdf"):
        import subprocess
        assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    _tampered_fonts_fail(data)
    again = run_cli(root, "build", key, "--archive", "--screen-only", "-q", "-o", str(tmp_path / "b"))
    assert again.exit_code == 0
    assert (tmp_path / "b" / f"{key}-archive.pdf").read_bytes() == data


def _tampered_fonts_fail(data: bytes):
    """Font widths that disagree with the embedded program, and an Encoding on a symbolic
    TrueType font, are caught by the read-back check."""
    import io

    from bulletin_press.output.pdfa import check_pdfa
    pdf = pikepdf.open(io.BytesIO(data))
    fonts = pdf.pages[1].Resources.Font
    # a CID font with explicit widths (a face whose glyphs are all of the default width has none)
    cid = next(f.DescendantFonts[0] for f in fonts.values()
               if f.Subtype == "/Type0" and len(f.DescendantFonts[0].get("/W", [])))
    w = cid.W
    if isinstance(w[1], pikepdf.Array):
        w[1][0] = float(w[1][0]) + 50
    else:
        w[2] = float(w[2]) + 50
    simple = next((f for f in fonts.values() if f.Subtype == "/TrueType"), None)
    if simple is not None:
        simple.Encoding = pikepdf.Name.WinAnsiEncoding
    out = io.BytesIO()
    pdf.save(out)
    found = "\n".join(check_pdfa(out.getvalue()))
    assert "wide in the PDF" in found
    assert simple is None or "symbolic TrueType font with an Encoding" in found


def test_archive_checks_catch_what_they_check():
    """The read-back check is not a rubber stamp: a screen PDF fails it on every count."""
    from bulletin_press.output.pdfa import check_pdfa
    from conftest import ROOT as _R  # noqa: F401
    pdf = pikepdf.new()
    pdf.add_blank_page()
    import io
    buf = io.BytesIO()
    pdf.save(buf)
    found = "\n".join(check_pdfa(buf.getvalue()))
    for what in ("XMP metadata", "output intent", "/AF"):
        assert what in found


# ---------------------------------------------------------------- index

def _index(root: Path, year: int) -> dict[str, int]:
    res = run_cli(root, "index", str(year))
    assert res.exit_code == 0, res.output
    pdf = root / "build" / f"{year}-index.pdf"
    doc = pypdfium2.PdfDocument(str(pdf))
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    doc.close()
    assert "2025年第3期（总第125期）" in text.replace(" ", "")
    assert "2025年第6期（总第128期）" in text.replace(" ", "")
    return _toc(text), res.output


def test_index_lists_every_article_with_its_start_page(locked, arch):
    toc = {}
    for key in ("2025-03", "2025-06"):
        toc.update(_toc(_text(arch[0] / "build" / f"{key}-screen.pdf")))
    assert len(toc) == 4
    from_locks, out = _index(locked, 2025)
    assert "pages from locks" in out
    assert from_locks == toc
    from_builds, out = _index(_copy(arch[0], arch[0].parent / "index-unlocked"), 2025)
    assert "pages from builds" in out
    assert from_builds == toc
    assert run_cli(locked, "index", "2019").exit_code == 1


# ---------------------------------------------------------------- the comparison and the lock file

def _lock(**kw):
    from bulletin_press.model.lock import LockedArticle, LockedParagraph, PrintLock
    base = dict(issue="2030-01", version="0.1.0", pages=4, blank_pages=0, style_name="s",
                style_sha256="s1", sources={"issues/2030-01/a.md": "a1"}, fonts={"f.ttf": "f1"},
                articles=[LockedArticle("a.md", "T", ("X",), 2, 3)],
                paragraphs=[LockedParagraph("a.md", 0, "d0", (0,), ((2, 0),), 1),
                            LockedParagraph("a.md", 1, "d1", (0, 40, 80), ((2, 0), (3, 2)), 5)])
    base.update(kw)
    return PrintLock(**base)


def test_compare_names_the_first_moved_line_and_the_cause():
    from bulletin_press.archive.locking import compare
    from bulletin_press.model.lock import LockedParagraph
    lock = _lock()
    assert compare(lock, _lock()) == []
    moved_para = LockedParagraph("a.md", 1, "d1", (0, 40, 79), ((2, 0), (3, 2)), 5)
    [m] = compare(lock, _lock(fonts={"f.ttf": "f2"}, paragraphs=[lock.paragraphs[0], moved_para]))
    assert m.file == "issues/2030-01/a.md" and "page 3, line 3 of the paragraph on source line 5" in m.what
    assert "from character 80" in m.what and "character 79" in m.what
    assert m.cause.startswith("the fonts (f.ttf")
    [m] = compare(lock, _lock(version="0.2.0", paragraphs=[lock.paragraphs[0], moved_para]))
    assert m.cause.startswith("the engine") and "0.2.0" in m.cause
    [m] = compare(_lock(page_breaks={2: (0, 0, 0), 3: (0, 4, 1)}),
                  _lock(page_breaks={2: (0, 0, 0), 3: (0, 4, 2)}))
    assert m.what == "page 3 begins at [article, block, line] [0, 4, 2] where it began at [0, 4, 1]"
    extra = LockedParagraph("a.md", 2, "d2", (0,), ((3, 0),), 9)
    [m] = compare(lock, _lock(paragraphs=lock.paragraphs + [extra]))
    assert "not printed" in m.what and "source line 9" in m.what


def test_the_lock_file_reads_back_as_written(tmp_path):
    from bulletin_press.output.lockfile import lock_text
    from bulletin_press.source.lock import read_lock
    lock = _lock(page_starts={2: ("a.md", 0, 0)}, page_breaks={2: (0, 0, 0)}, serial=7, date="2030-01-05")
    folder = tmp_path / "issues" / "2030-01"
    folder.mkdir(parents=True)
    (folder / "print.lock").write_text(lock_text(lock), encoding="utf-8")
    assert read_lock(tmp_path, "2030-01") == lock


def test_a_damaged_lock_is_an_error_that_names_it(arch, tmp_path):
    root = _copy(arch[0], tmp_path / "a")
    (root / "issues" / "2025-06" / "print.lock").write_text("format: 1\nissue: [\n", encoding="utf-8")
    res = run_cli(root, "build", "2025-06", "--screen-only")
    assert res.exit_code == 1
    assert "issues/2025-06/print.lock:" in res.output and "cannot be read" in res.output
    (root / "issues" / "2025-06" / "print.lock").write_text("format: 1\nissue: x\n", encoding="utf-8")
    res = run_cli(root, "verify", "2025-06")
    assert res.exit_code == 1 and "incomplete or damaged" in res.output
    res = run_cli(root, "verify", "--all")      # arch is not locked: 2025-06's broken lock is the only one
    assert res.exit_code == 1 and "2025-06: cannot be rebuilt" in res.output
    assert "not as printed: 2025-06" in res.output


def test_a_page_plan_reports_its_lines_page_by_page():
    from types import SimpleNamespace as NS

    from bulletin_press.typeset.linelock import LineBook, ParaKey, record_plan
    a, b = ParaKey("issues/2030-01/a.md", 1, "x"), ParaKey("issues/2030-01/a.md", 2, "y")
    plan = NS(pages=[NS(number=2, items=[NS(src=(a, 0, 5)), NS(), NS(src=(a, 40, 5)), NS(src=(b, 0, 7))],
                        starts_at=NS(article=0, block=0, line=0)),
                     NS(number=3, items=[NS(src=(b, 38, 7)), NS(src=None)],
                        starts_at=NS(article=0, block=4, line=1))])
    book = LineBook()
    book.add(9, a, (0,))                      # what an earlier plan reported is replaced
    record_plan(book, plan)
    assert [(d.page, d.key, d.starts, d.line) for d in book.drawn] == [
        (2, a, (0, 40), 5), (2, b, (0,), 7), (3, b, (38,), 7)]
    assert book.page_breaks == {2: (0, 0, 0), 3: (0, 4, 1)}


def _perturb_pages(monkeypatch):
    """A newer page engine: stretching space costs 10^4 a line, a page left short while its
    article goes on almost nothing (typeset/pagebreak.py BAD, the story's glue costs)."""
    from bulletin_press.typeset import pagebreak, story
    monkeypatch.setattr(pagebreak, "BAD", 0.01)
    for k in story.COSTS:
        monkeypatch.setitem(story.COSTS, k, 1e4)


def _page_breaks(root: Path, key: str, out: Path) -> dict:
    from bulletin_press.pipeline import build
    return build(root, key, out, variants=("screen",)).page_breaks


def test_locked_page_breaks_survive_a_page_engine_change(locked, tmp_path, monkeypatch):
    from bulletin_press.source.lock import read_lock
    root = _copy(locked, tmp_path / "l")
    unlocked = _copy(locked, tmp_path / "u")
    for f in ("print.lock", "style.lock.yaml"):
        (unlocked / "issues" / "2025-03" / f).unlink()
    lock = read_lock(root, "2025-03")
    assert len(lock.page_breaks) == lock.pages >= 4 and lock.page_breaks[1] == (-1, 0, 0)
    _perturb_pages(monkeypatch)
    moved = _page_breaks(unlocked, "2025-03", tmp_path / "bu")
    assert moved != lock.page_breaks                       # the new engine breaks elsewhere …
    assert _page_breaks(root, "2025-03", tmp_path / "bl") == lock.page_breaks   # … not the locked issue
    res = run_cli(root, "verify", "2025-03")
    assert res.exit_code == 0 and "2025-03: pages as printed" in res.output, res.output


def test_a_changed_article_frees_its_pages_and_those_after(locked, tmp_path, monkeypatch):
    from bulletin_press.source.lock import read_lock
    root = _copy(locked, tmp_path / "a")
    lock = read_lock(root, "2025-03")
    second = next(a for a in lock.articles if a.file == "02-xiaofei.md")
    art = root / "issues" / "2025-03" / "02-xiaofei.md"
    text = art.read_text(encoding="utf-8")
    k = text.index("的", text.index("---", 3) + 3)
    art.write_text(text[:k] + "之" + text[k + 1:], encoding="utf-8")
    _perturb_pages(monkeypatch)
    got = _page_breaks(root, "2025-03", tmp_path / "b")
    kept = {p: at for p, at in lock.page_breaks.items() if at[0] < 1}
    assert kept and all(got[p] == at for p, at in kept.items())      # the first article's pages
    from bulletin_press.source.honour import pages_to_keep
    from bulletin_press.pipeline import load
    issue = load(root, "2025-03", [])[0]
    assert pages_to_keep(root, issue) == [at for p, at in sorted(kept.items()) if p > 1]   # only those
    built = run_cli(root, "build", "2025-03", "--screen-only")
    assert built.exit_code == 0
    assert (f"issues/2025-03/02-xiaofei.md: warning: changed since the issue was locked" in built.output
            and f"the pages from page {second.first} on are broken afresh" in built.output), built.output
    assert "01-xianyu.md: warning" not in built.output
