"""new, check details, preview, watch, build's progress and summary, --help."""
from __future__ import annotations

import re
import datetime as dt
import os
import queue
import shutil
import threading
import time
from pathlib import Path


from bulletin_press.errors import BuildError, Problem
from bulletin_press.output.freshness import is_current
from bulletin_press.output.preview import contact_sheet, render_pages
from bulletin_press.source.digest import sources_digest
from bulletin_press.source.newissue import create_issue, next_key
from bulletin_press.watch import watch

from conftest import ROOT, allow_blank_pages  # noqa: E402


from conftest import run_cli as run  # noqa: E402


# ---------------------------------------------------------------- new

def test_next_key():
    assert next_key(ROOT, dt.date(2025, 5, 1)) == "2025-05"
    assert next_key(ROOT, dt.date(2026, 1, 10)) == "2026-01"     # a new year starts at 01


def test_new_without_argument_takes_the_next_key(proj):
    res = run(proj, "new")
    assert res.exit_code == 0, res.output
    created = sorted((proj / "issues").iterdir())
    keys = [p.name for p in created if p.is_dir()]
    expected = "2025-05" if dt.date.today().year <= 2025 else f"{dt.date.today().year}-01"
    assert expected in keys and f"created issues/{expected}/issue.yaml" in res.output
    text = (proj / "issues" / expected / "issue.yaml").read_text(encoding="utf-8")
    assert f"date: {dt.date.today().isoformat()}" in text
    assert "serial: 127" in text
    allow_blank_pages(proj)          # check lays the draft out: it is short of a booklet
    assert run(proj, "check", expected).exit_code == 0
    strict = run(proj, "check", "--strict", expected)      # the template's placeholders are still in
    assert strict.exit_code == 1 and "[placeholder]" in strict.output


def test_new_refuses_an_existing_folder(proj):
    before = (proj / "issues" / "2025-04" / "issue.yaml").read_bytes()
    res = run(proj, "new", "2025-04")
    assert res.exit_code == 1
    assert "issues/2025-04: error: this issue folder already exists" in res.output
    assert (proj / "issues" / "2025-04" / "issue.yaml").read_bytes() == before
    assert sorted(p.name for p in (proj / "issues" / "2025-04").iterdir()) == [
        "01-zhici.md", "02-zhizaoye.md", "03-rengongzhineng.md", "04-dikongjingji.md", "issue.yaml"]


def test_new_rejects_a_bad_key(proj):
    res = run(proj, "new", "25-5")     # a usage error (2025-5 would mean 2025-05)
    assert res.exit_code == 2 and "not an issue" in res.output and "2025-04" in res.output
    assert not (proj / "issues" / "25-5").exists()


def test_new_with_no_earlier_serial_says_so(tmp_path):
    (tmp_path / "issues").mkdir()
    shutil.copy(ROOT / "issues" / "publication.yaml", tmp_path / "issues")
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    res = run(tmp_path, "new", "2025-01")
    assert res.exit_code == 0 and "serial: not known" in res.output
    res = run(tmp_path, "check", "2025-01")
    assert res.exit_code == 1 and "issue.yaml has no serial" in res.output


# ---------------------------------------------------------------- check

def test_lint_of_the_note_points_into_issue_yaml(proj):
    p = proj / "issues" / "2025-04" / "issue.yaml"
    text = p.read_text(encoding="utf-8").replace("在郑州举行。", "在郑州举行.", 1)
    p.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    line = next(i for i, ln in enumerate(lines, 1) if "在郑州举行." in ln)
    col = lines[line - 1].index("在郑州举行.") + len("在郑州举行") + 1
    res = run(proj, "check", "2025-04")
    assert res.exit_code == 0, res.output
    assert f"issues/2025-04/issue.yaml:{line}:{col}: warning: half-width full stop" in res.output
    res = run(proj, "check", "--fix", "2025-04")
    assert "does not rewrite the note's body" in res.output
    assert p.read_text(encoding="utf-8") == text


def test_check_quiet_and_strict(proj):
    a = proj / "issues" / "2025-04" / "02-zhizaoye.md"
    a.write_text(a.read_text(encoding="utf-8").replace("强省之基。", "强省之基.", 1), encoding="utf-8")
    res = run(proj, "check", "-q", "2025-04")
    assert res.exit_code == 0 and res.output == ""
    res = run(proj, "check", "--strict", "2025-04")
    assert res.exit_code == 1 and "--strict" in res.output


def test_check_unknown_issue_suggests(proj):
    res = run(proj, "check", "2025-40")     # the command line names no issue: a usage error
    assert res.exit_code == 2 and "no such issue folder" in res.output and "2025-04" in res.output


# ---------------------------------------------------------------- help, usage, build output

def test_help_documents_the_day_and_exit_codes(proj):
    res = run(proj, "--help")
    assert res.exit_code == 0
    for word in ("new", "check", "preview", "watch", "build", "Exit codes", "0  success", "1  the sources",
                 "2  usage", "3  internal error"):
        assert word in res.output


def test_usage_errors_exit_2(proj):
    assert run(proj, "check").exit_code == 2
    assert run(proj, "build", "--nope", "2025-04").exit_code == 2
    assert run(proj, "frobnicate").exit_code == 2


def test_build_verbose_shows_progress_and_quiet_does_not(proj):
    (proj / "issues" / "2025-04" / "issue.yaml").write_text("year: 2025\n", encoding="utf-8")
    res = run(proj, "build", "--verbose", "2025-04")
    assert res.exit_code == 1 and "reading issues/2025-04" in res.stderr
    res = run(proj, "build", "--quiet", "2025-04")
    assert res.exit_code == 1 and "reading" not in res.output


def test_build_summary_line(proj):
    from bulletin_press.source.newissue import create_issue
    allow_blank_pages(proj)      # a one-article draft is shorter than a booklet
    create_issue(proj, "2025-05", today=dt.date(2025, 5, 20))
    res = run(proj, "build", "--screen-only", "2025-05")
    assert res.exit_code == 0, res.output
    assert res.stdout.count("\n") == 1
    assert "2025-05: " in res.stdout and " pages" in res.stdout and "2025-05-screen.pdf" in res.stdout
    assert re.search(r"; \d+ warning\(s\); ", res.stdout) and res.stdout.rstrip().endswith(" s")
    assert run(proj, "build", "-q", "--screen-only", "2025-05").output == ""


# ---------------------------------------------------------------- preview

def is_stale(pdf: Path, root: Path, key: str) -> bool:
    return not is_current(pdf, sources_digest(root, key, pdf.parent))


def stamp(path: Path, digest: str) -> None:
    """Record `digest` as the PDF's sources, as a build does."""
    from pypdf import PdfReader, PdfWriter
    w = PdfWriter(clone_from=PdfReader(str(path)))
    w.add_metadata({"/BulletinPressSources": digest})
    with open(path, "wb") as f:
        w.write(f)


def make_pdf(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    c = Canvas(str(path), pagesize=A4)
    for i in range(pages):
        c.drawString(72, 720, f"page {i + 1}")
        c.showPage()
    c.save()


def test_render_pages_and_contact_sheet(tmp_path):
    from PIL import Image
    pdf = tmp_path / "x.pdf"
    make_pdf(pdf, 5)
    out = tmp_path / "prev"
    out.mkdir()
    (out / "page-09.png").write_bytes(b"stale")
    pngs = render_pages(pdf, out, dpi=30)
    assert [p.name for p in pngs] == [f"page-0{i}.png" for i in range(1, 6)]
    assert not (out / "page-09.png").exists()
    with Image.open(pngs[0]) as im:
        assert abs(im.width - 595.27 * 30 / 72) <= 1 and abs(im.height - 841.89 * 30 / 72) <= 1
    sheet = contact_sheet(pngs, out / "contact-sheet.png")
    with Image.open(sheet) as im:
        assert im.width > 4 * 200 and im.height > 2 * 300      # 4 columns, 2 rows of thumbnails


def test_preview_uses_an_up_to_date_pdf(proj):
    build = proj / "build"
    build.mkdir()
    pdf = build / "2025-04-screen.pdf"
    make_pdf(pdf, 3)
    assert is_stale(pdf, proj, "2025-04")           # it records no sources: not ours to trust
    stamp(pdf, sources_digest(proj, "2025-04", build))
    assert not is_stale(pdf, proj, "2025-04")
    res = run(proj, "preview", "--dpi", "30", "2025-04")
    assert res.exit_code == 0, res.output
    prev = build / "2025-04-preview"
    assert len(list(prev.glob("page-*.png"))) == 3 and (prev / "contact-sheet.png").is_file()
    assert str(prev / "contact-sheet.png") in res.stdout
    # a newer date alone changes nothing; a changed source makes it stale
    a = proj / "issues" / "2025-04" / "01-zhici.md"
    future = time.time() + 60
    os.utime(a, (future, future))
    assert not is_stale(pdf, proj, "2025-04")
    a.write_text(a.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
    assert is_stale(pdf, proj, "2025-04")


def test_preview_of_a_broken_issue_fails_cleanly(proj):
    (proj / "issues" / "2025-04" / "issue.yaml").write_text("- a\n", encoding="utf-8")
    res = run(proj, "preview", "2025-04")
    assert res.exit_code == 1 and "issues/2025-04/issue.yaml:1" in res.output
    assert not (proj / "build" / "2025-04-preview").exists()


# ---------------------------------------------------------------- watch

def test_watch_debounces_a_burst_into_one_build(tmp_path):
    q: queue.Queue = queue.Queue()
    builds = []

    def build():
        builds.append(time.monotonic())
        if len(builds) == 2:
            raise BuildError(Problem(None, "broken"))
        return len(builds)

    seen = []
    t = threading.Thread(target=watch, args=(tmp_path, "2025-05", build),
                         kwargs=dict(events=q, max_builds=3, debounce=0.1,
                                     on_build=lambda ok, r, s: seen.append((ok, r))))
    t.start()
    while not builds:
        time.sleep(0.01)
    for _ in range(5):           # one save = several events
        q.put("issues/2025-05/01.md")
    while len(builds) < 2:
        time.sleep(0.01)
    time.sleep(0.2)
    assert len(builds) == 2      # the burst made one rebuild
    q.put("issues/2025-05/01.md")
    t.join(5)
    assert not t.is_alive()
    assert [ok for ok, _ in seen] == [True, False, True]     # an error does not end the loop
    assert isinstance(seen[1][1], BuildError) and seen[2][1] == 3


def test_watch_sees_a_real_file_change(proj):
    builds, changes = [], []
    t = threading.Thread(target=watch, args=(proj, "2025-04", lambda: builds.append(1)),
                         kwargs=dict(max_builds=2, debounce=0.1, on_change=changes.append), daemon=True)
    t.start()
    deadline = time.time() + 10
    while not builds and time.time() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)              # the observer is running once the first build is done
    (proj / "build").mkdir()
    (proj / "build" / "x.pdf").write_bytes(b"not a source")     # ignored
    (proj / "issues" / "2025-04" / ".01-zhici.md.swp").write_bytes(b"x")   # ignored
    time.sleep(0.4)
    assert len(builds) == 1, changes
    a = proj / "issues" / "2025-04" / "01-zhici.md"
    a.write_text(a.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    t.join(10)
    assert not t.is_alive() and len(builds) == 2
    assert [Path(p).name for p in changes[0]] == ["01-zhici.md"]


def test_watch_command_reports_errors_and_keeps_going(proj):
    (proj / "issues" / "2025-04" / "issue.yaml").write_text("year: 2025\n\tnumber: 4\n", encoding="utf-8")
    res = run(proj, "watch", "--max-builds", "1", "2025-04")
    assert res.exit_code == 0, res.output
    assert "issues/2025-04/issue.yaml:2:1: error: a TAB character" in res.output
    assert "the last good PDF is kept" in res.output


def test_watch_command_builds(proj):
    allow_blank_pages(proj)
    create_issue(proj, "2025-05", today=dt.date(2025, 5, 20))
    res = run(proj, "watch", "--max-builds", "1", "--screen-only", "2025-05")
    assert res.exit_code == 0, res.output
    assert "2025-05-screen.pdf" in res.stdout and " pages" in res.stdout
    assert (proj / "build" / "2025-05-screen.pdf").is_file()
