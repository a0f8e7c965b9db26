"""The machine and the command line, never blamed on the program: a full disk,
an unwritable or blocked output folder, damaged fonts, bad option values, issue
arguments, signals.  Exit 2 (or 1 for a source error) with the path and what to
do; the last good PDFs stay byte for byte; no temp files are left behind."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TINY_ARTICLE, TINY_KEY, run_cli as run, tiny_project

KEY = TINY_KEY
ARTICLE = TINY_ARTICLE
OLD = {v: f"%PDF-1.7\n% the last good {v} PDF\n%%EOF\n".encode() for v in ("screen", "print")}


@pytest.fixture
def proj(tmp_path) -> Path:
    """A copy of the project with a tiny issue 2025-05 and 'last good' PDFs in build/."""
    tiny_project(tmp_path)
    build = tmp_path / "build"
    build.mkdir()
    for v, data in OLD.items():
        (build / f"{KEY}-{v}.pdf").write_bytes(data)
    return tmp_path


def untouched(root: Path, out: Path | None = None) -> None:
    """The last good PDFs are as they were and nothing else is in the folder."""
    out = out or root / "build"
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"{KEY}-print.pdf", f"{KEY}-screen.pdf"], names
    for v, data in OLD.items():
        assert (out / f"{KEY}-{v}.pdf").read_bytes() == data


def no_bug(res) -> None:
    assert "bug in bulletin-press" not in res.output and "internal error" not in res.output, res.output


# ---------------------------------------------------------------- the disk

def test_a_full_disk_is_exit_2_with_the_path_and_keeps_the_old_pdfs(proj, monkeypatch):
    from bulletin_press.output import write

    real = write._fill
    calls = []

    def fill(fd, data):
        calls.append(len(data))
        if len(calls) == 2:          # the second file: half of it fits, then the disk is full
            os.write(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)
    monkeypatch.setattr(write, "_fill", fill)
    res = run(proj, "build", KEY)
    assert res.exit_code == 2, res.output
    no_bug(res)
    assert "disk is full" in res.output and f"{KEY}-print.pdf" in res.output
    assert "free some space" in res.output
    assert len(calls) == 2
    untouched(proj)          # the screen PDF written first was not renamed over the old one


def test_a_real_tiny_disk_when_one_can_be_mounted(proj, tmp_path_factory):
    mnt = tmp_path_factory.mktemp("tiny")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mnt)],
                       capture_output=True)
    if r.returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        for v, data in OLD.items():
            (mnt / f"{KEY}-{v}.pdf").write_bytes(data)
        res = run(proj, "build", KEY, "-o", str(mnt))
        assert res.exit_code == 2 and "disk is full" in res.output, res.output
        untouched(proj, mnt)
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def test_an_unwritable_output_folder_is_exit_2(proj, monkeypatch):
    from bulletin_press.output import write
    real = write._temp_file

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(proj / "build"))
    monkeypatch.setattr(write, "_temp_file", denied)
    res = run(proj, "build", KEY)
    assert res.exit_code == 2, res.output
    no_bug(res)
    assert "permission denied" in res.output and "-o DIR" in res.output
    assert "build" in res.output
    monkeypatch.setattr(write, "_temp_file", real)
    untouched(proj)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_is_found_before_the_work(proj):
    out = proj / "build"
    out.chmod(0o555)
    try:
        res = run(proj, "build", KEY)
        assert res.exit_code == 2 and "permission denied" in res.output, res.output
    finally:
        out.chmod(0o755)
    untouched(proj)


def test_a_folder_where_the_pdf_should_be(proj):
    (proj / "build" / f"{KEY}-print.pdf").unlink()
    (proj / "build" / f"{KEY}-print.pdf").mkdir()
    res = run(proj, "build", KEY)
    assert res.exit_code == 2, res.output
    assert f"{KEY}-print.pdf" in res.output and "folder" in res.output and "move or delete" in res.output
    assert (proj / "build" / f"{KEY}-screen.pdf").read_bytes() == OLD["screen"]   # all or nothing
    assert sorted(p.name for p in (proj / "build").iterdir()) == [f"{KEY}-print.pdf", f"{KEY}-screen.pdf"]


@pytest.mark.parametrize("where", ["build", "-o file/sub"])
def test_a_file_where_the_output_folder_should_be(proj, where):
    for p in (proj / "build").iterdir():
        p.unlink()
    (proj / "build").rmdir()
    if where == "build":
        (proj / "build").write_text("not a folder")
        res = run(proj, "build", KEY)
    else:
        (proj / "file").write_text("not a folder")
        res = run(proj, "build", KEY, "-o", str(proj / "file" / "sub"))
    assert res.exit_code == 2, res.output
    no_bug(res)
    assert "is a file" in res.output and "-o DIR" in res.output


def test_temp_files_of_a_killed_build_are_cleared_by_the_next(proj):
    dead = proj / "build" / f".{KEY}-screen.pdf.999999999.abcdefgh.tmp"   # no such process
    dead.write_bytes(b"half a PDF")
    res = run(proj, "build", KEY)
    assert res.exit_code == 0, res.output
    assert not dead.exists()
    assert not list((proj / "build").glob(".*.tmp"))


# ---------------------------------------------------------------- signals

SIGNAL_SCRIPT = r"""
import os, signal, sys
from bulletin_press.output import write
real = write._fill
SIG = getattr(signal, sys.argv[1])
def fill(fd, data):
    os.write(fd, data[:1000])
    os.kill(os.getpid(), SIG)
    real(fd, data[1000:])
write._fill = fill
from bulletin_press.cli import main
sys.argv = ["bulletin-press", "--root", sys.argv[2], "build", sys.argv[3]]
main()
"""


@pytest.mark.parametrize("sig,code", [("SIGTERM", 128 + signal.SIGTERM), ("SIGINT", 130),
                                      ("SIGHUP", 128 + signal.SIGHUP)])
def test_a_signal_during_the_write_leaves_no_temp_file(proj, sig, code):
    r = subprocess.run([sys.executable, "-c", SIGNAL_SCRIPT, sig, str(proj), KEY],
                       capture_output=True, text=True, timeout=120,
                       env={**os.environ, "PYTHONPATH": str(ROOT / "tests")})
    assert r.returncode == code, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and "nothing was written" in r.stderr, r.stderr
    untouched(proj)


# ---------------------------------------------------------------- fonts

@pytest.fixture
def own_fonts(proj) -> Path:
    """fonts/ as a real folder of links, so one file can be damaged."""
    (proj / "fonts").unlink()
    (proj / "fonts").mkdir()
    for f in (ROOT / "fonts").iterdir():
        (proj / "fonts" / f.name).symlink_to(f)
    return proj / "fonts"


@pytest.mark.parametrize("damage,said", [
    ("truncated", "is damaged"),
    ("empty", "is empty (0 bytes)"),
    ("folder", "is a folder, not a font file"),
    ("garbage", "is damaged"),
])
def test_a_damaged_font_file_is_exit_2_naming_it(proj, own_fonts, damage, said):
    name = "NotoSerifSC-Regular.ttf"
    target = own_fonts / name
    data = (ROOT / "fonts" / name).read_bytes()
    target.unlink()
    if damage == "truncated":
        target.write_bytes(data[:100_000])
    elif damage == "empty":
        target.write_bytes(b"")
    elif damage == "folder":
        target.mkdir()
    else:
        target.write_bytes(b"<html>404 Not Found</html>" * 100)
    for cmd in ("build", "check"):
        res = run(proj, cmd, KEY)
        assert res.exit_code == 2, (cmd, res.output)
        no_bug(res)
        assert f"fonts/{name}" in res.output and said in res.output, res.output
        assert "git checkout -- fonts/" in res.output
    untouched(proj)


def test_a_missing_fonts_folder_is_one_message(proj):
    (proj / "fonts").unlink()
    res = run(proj, "build", KEY)
    assert res.exit_code == 2, res.output
    assert "fonts/ folder is missing" in res.output
    assert res.output.count("error:") == 1
    untouched(proj)


# ---------------------------------------------------------------- the command line

@pytest.mark.parametrize("args,needle", [
    (["impose", KEY, "--sheet", "B4"], "B4"),
    (["preview", KEY, "--dpi", "0"], "--dpi"),
    (["watch", KEY, "--max-builds", "0"], "--max-builds"),
    (["build", "../x"], "not an issue"),
    (["build", "2025-00"], "01 to 99"),
    (["check", "x"], "not an issue"),
    (["build", KEY, "--no-such-option"], "No such option"),
])
def test_bad_options_and_arguments_are_usage_errors(proj, args, needle):
    res = run(proj, *args)
    assert res.exit_code == 2, (args, res.output)
    assert needle in res.output, res.output
    untouched(proj)


@pytest.mark.parametrize("issue", ["2025-13", "2026-05"])
def test_a_missing_issue_folder_is_exit_2_and_says_what_exists(proj, issue):
    for cmd in ("build", "check", "preview", "impose"):
        res = run(proj, cmd, issue)
        assert res.exit_code == 2, (cmd, res.output)
        assert f"issues/{issue}" in res.output and "no such issue folder" in res.output
        assert f"bulletin-press new {issue}" in res.output or "did you mean" in res.output
    untouched(proj)


def test_an_issue_that_is_a_file(proj):
    (proj / "issues" / "2025-06").write_text("x")
    res = run(proj, "build", "2025-06")
    assert res.exit_code == 2 and "is a file" in res.output, res.output


@pytest.mark.parametrize("arg", ["issues/2025-05/", "issues/2025-05", "./issues/2025-05/", "2025-5"])
def test_the_issue_as_tab_completion_gives_it(proj, arg):
    res = run(proj, "check", arg)
    assert res.exit_code == 0, res.output
    assert f"{KEY}: no errors" in res.output


def test_debug_is_in_the_help_and_works_after_the_command(proj):
    assert "--debug" in run(proj, "--help").output
    assert "--debug" in run(proj, "build", "--help").output
    res = run(proj, "check", KEY, "--debug")
    assert res.exit_code == 0, res.output


def test_a_real_bug_is_still_exit_3_with_the_traceback_under_debug(proj, monkeypatch):
    from bulletin_press import pipeline

    def broken(*a, **k):
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr(pipeline, "make_plan", broken)
    res = run(proj, "build", KEY)
    assert res.exit_code == 3 and "bug in bulletin-press" in res.output
    from click.testing import CliRunner

    from bulletin_press.cli import main
    res = CliRunner().invoke(main, ["--root", str(proj), "build", KEY, "--debug"])
    assert res.exit_code == 3 and "Traceback" in res.output and "ZeroDivisionError" in res.output
    res = run(proj, "build", KEY)            # and without it, again no traceback
    assert res.exit_code == 3
    untouched(proj)


def test_an_os_error_anywhere_is_the_machine_not_a_bug(proj, monkeypatch):
    from bulletin_press import pipeline

    def eio(*a, **k):
        raise OSError(errno.EIO, "Input/output error", "/dev/sdz")
    monkeypatch.setattr(pipeline, "make_plan", eio)
    res = run(proj, "build", KEY)
    assert res.exit_code == 2, res.output
    no_bug(res)
    assert "/dev/sdz" in res.output and "Input/output error" in res.output
    untouched(proj)


# ---------------------------------------------------------------- a source error, not a bug

@pytest.mark.parametrize("value", ["1e308", "-1e300", ".inf", ".nan", "1e16"])
def test_a_chart_value_beyond_any_axis_is_a_source_error(proj, value):
    art = proj / "issues" / KEY / "01-wenzhang.md"
    art.write_text(ARTICLE + "\n```chart\ntype: column\nx: [甲, 乙]\nseries:\n"
                   f"  产值: [1.5, {value}]\n```\n", encoding="utf-8")
    for cmd in ("check", "build"):
        res = run(proj, cmd, KEY)
        assert res.exit_code == 1, (cmd, res.output)
        no_bug(res)
        line = ARTICLE.count("\n") + 6
        assert f"issues/{KEY}/01-wenzhang.md:{line}:" in res.output, res.output
    untouched(proj)


# ---------------------------------------------------------------- a folder where a file should be

@pytest.mark.parametrize("rel,shown", [
    (f"issues/{KEY}/issue.yaml", f"issues/{KEY}/issue.yaml is a folder"),
    ("issues/publication.yaml", "issues/publication.yaml is a folder"),
    (f"issues/{KEY}/01-wenzhang.md", "01-wenzhang.md (01-wenzhang.md) is a folder"),
    ("styles/chuangxin.yaml", "styles/chuangxin.yaml is a folder"),
])
def test_a_folder_where_a_source_file_should_be(proj, rel, shown):
    p = proj / rel
    p.unlink()
    p.mkdir()
    for cmd in ("check", "build"):
        res = run(proj, cmd, KEY)
        assert res.exit_code == 1, (cmd, res.output)
        no_bug(res)
        assert shown in res.output and "not a file" in res.output, res.output
        assert "missing" not in res.output and "did you mean" not in res.output
    untouched(proj)


def test_a_folder_where_a_figure_should_be(proj):
    (proj / "issues" / KEY / "images" / "photo.jpg").mkdir(parents=True)
    art = proj / "issues" / KEY / "01-wenzhang.md"
    art.write_text(ARTICLE + "\n![园区一角](images/photo.jpg)\n", encoding="utf-8")
    res = run(proj, "build", KEY)
    assert res.exit_code == 1, res.output
    line = ARTICLE.count("\n") + 2
    assert f"01-wenzhang.md:{line}" in res.output and "images/photo.jpg) is a folder" in res.output
    untouched(proj)


def test_a_reader_that_goes_away_is_no_error(proj, monkeypatch):
    """`bulletin-press check … | head`: the pipe closes; no traceback, no 'disk' message."""
    import click

    from bulletin_press import cli

    def gone(*a, **k):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")
    monkeypatch.setattr(cli.click, "echo", gone)
    res = run(proj, "check", KEY)
    monkeypatch.setattr(cli.click, "echo", click.echo)
    assert res.exit_code == 141 and res.output == "", res.output


def test_ctrl_c_while_laying_out_writes_nothing(proj, monkeypatch):
    from bulletin_press import pipeline

    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(pipeline, "make_plan", interrupted)
    res = run(proj, "build", KEY)
    assert res.exit_code == 130 and "interrupted; nothing was written" in res.output, res.output
    untouched(proj)


def test_watch_keeps_going_when_the_output_folder_cannot_be_written(proj, monkeypatch):
    from bulletin_press.output import write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(write, "_fill", full)
    res = run(proj, "watch", KEY, "--max-builds", "1")
    assert res.exit_code == 0, res.output
    no_bug(res)
    assert "disk is full" in res.output and "the last good PDF is kept" in res.output
    untouched(proj)


def test_preflight_names_the_standard_the_file_claims_and_advice_an_editor_can_follow(proj):
    out = proj / "fresh"
    assert run(proj, "build", KEY, "-o", str(out)).exit_code == 0
    res = run(proj, "preflight", str(out / f"{KEY}-print.pdf"))
    assert res.exit_code == 0 and "PDF/X: PDF/X-1a:2001" in res.output, res.output
    res = run(proj, "preflight", "--json", str(out / f"{KEY}-print.pdf"))
    assert '"pdfx": "PDF/X-1a:2001"' in res.output
    res = run(proj, "preflight", str(out / f"{KEY}-screen.pdf"))       # print rules on a screen PDF
    assert res.exit_code == 1, res.output
    assert "make_pdfx" not in res.output and "not a PDF/X file" in res.output
    assert "bulletin-press build" in res.output


def test_a_font_that_is_not_the_listed_one_is_a_warning(proj, own_fonts):
    name = "NotoSansSC-Regular.ttf"
    data = (ROOT / "fonts" / name).read_bytes()
    (own_fonts / name).unlink()
    (own_fonts / name).write_bytes(data + b"\0" * 16)      # still a whole font, not the same file
    res = run(proj, "check", KEY)
    assert res.exit_code == 0, res.output
    assert f"fonts/{name}: warning:" in res.output and "fonts/manifest.json" in res.output


@pytest.mark.parametrize("where", [f"issues/{KEY}", "issues", f"issues/{KEY}/images", "styles"])
def test_an_output_folder_among_the_sources_is_refused(proj, where):
    res = run(proj, "build", KEY, "-o", str(proj / where))
    assert res.exit_code == 2, res.output
    assert "among the sources" in res.output and "build/" in res.output
    assert not list((proj / "issues").rglob("*.pdf")) and not list((proj / "styles").rglob("*.pdf"))


def test_the_current_folder_deleted_under_the_shell(proj, tmp_path_factory):
    gone = tmp_path_factory.mktemp("gone")
    r = subprocess.run(f"cd '{gone}' && rmdir '{gone}' && '{sys.executable}' -m bulletin_press check {KEY};"
                       f" echo rc=$?; '{sys.executable}' -m bulletin_press --root '{proj}' check {KEY};"
                       f" echo rc=$?", shell=True, capture_output=True, text=True, timeout=120)
    out = r.stdout + r.stderr
    assert "Traceback" not in out, out
    assert "current folder no longer exists" in out and "rc=2" in out
    assert f"{KEY}: no errors" in out and "rc=0" in out        # with --root it goes on there


def test_watch_of_a_missing_issue_stops_at_once(proj):
    res = run(proj, "watch", "2025-13", "--max-builds", "1")
    assert res.exit_code == 2 and "no such issue folder" in res.output, res.output
    assert "watching" not in res.output


def test_impose_and_screen_only_together_is_a_usage_error(proj):
    res = run(proj, "build", KEY, "--screen-only", "--impose")
    assert res.exit_code == 2 and "--impose" in res.output and "--screen-only" in res.output
    untouched(proj)
