"""The print PDF checked aside (aside.py): in a forked child while the screen PDF
is drawn, with the same verdicts, errors and exit codes as checked in turn."""
from __future__ import annotations

import os

import pytest

from bulletin_press import pipeline
from bulletin_press.aside import Aside, can_fork
from bulletin_press.errors import BuildError, Problem, SetupError

from conftest import TINY_KEY, run_cli

forks = pytest.mark.skipif(not can_fork(), reason="no fork here (or other threads run)")


def _nothing():
    pass


@forks
def test_the_work_runs_in_a_child_and_its_value_comes_back():
    with Aside(_nothing, lambda data: (os.getpid(), data + b"!")) as aside:
        assert aside.pid is not None
        aside.send(b"%PDF")
        pid, value = aside.result()
    assert pid != os.getpid() and value == b"%PDF!"
    assert aside.pid is None                   # reaped
    with Aside(_nothing, lambda data: data[:2]) as aside:
        aside.send(b"%PDF")
        assert aside.result() == b"%P"         # bytes as they are
    sent = b"x" * 3_000_000                    # more than a pipe holds
    with Aside(_nothing, lambda data: data) as aside:
        aside.send(sent)
        assert aside.result() is sent          # the same bytes: not sent back


@forks
def test_a_build_error_in_the_child_is_raised_here_with_its_problems():
    def refuse(what):
        raise SetupError([Problem(None, f"refused: {what}", "do it otherwise")])
    with Aside(_nothing, refuse) as aside:
        aside.send(b"the print PDF")
        with pytest.raises(SetupError) as e:
            aside.result()
    assert [p.what for p in e.value.problems] == ["refused: b'the print PDF'"]
    assert e.value.problems[0].fix == "do it otherwise" and e.value.exit_code == 2


def test_a_bug_in_the_child_is_met_again_here_with_its_traceback():
    pid = os.getpid()
    calls = []

    def broken(x):
        calls.append(os.getpid())              # only this process's list is seen here
        raise ZeroDivisionError(x)
    with Aside(_nothing, broken) as aside:
        aside.send(b"why")
        with pytest.raises(ZeroDivisionError, match="why"):
            aside.result()
    assert calls == [pid]                      # run again here, after the child failed


def test_without_fork_the_work_is_done_here(monkeypatch):
    monkeypatch.setattr("bulletin_press.aside.can_fork", lambda: False)
    with Aside(_nothing, lambda x: (os.getpid(), x)) as aside:
        assert aside.pid is None
        aside.send(b"1")
        assert aside.result() == (os.getpid(), b"1")


@forks
def test_leaving_early_ends_the_child():
    with pytest.raises(KeyboardInterrupt):
        with Aside(_nothing, lambda x: x) as aside:
            pid = aside.pid
            raise KeyboardInterrupt
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)                     # gone and reaped


def test_a_child_only_where_a_core_is_idle(monkeypatch, tmp_path):
    from bulletin_press import aside
    loadavg = tmp_path / "loadavg"
    monkeypatch.setattr(aside, "_LOADAVG", str(loadavg))
    monkeypatch.setattr(aside.os, "sched_getaffinity", lambda pid: {0, 1})
    loadavg.write_text("1.52 1.58 1.59 1/151 1234\n")
    assert aside.spare_core()                  # this process alone runs: a core is idle
    loadavg.write_text("1.52 1.58 1.59 2/151 1234\n")
    assert not aside.spare_core()              # another task runs beside it
    with Aside(_nothing, lambda x: x, spare=True) as a:
        assert a.pid is None
        a.send(b"in turn")
        assert a.result() == b"in turn"
    monkeypatch.setattr(aside.os, "sched_getaffinity", lambda pid: {0})
    loadavg.write_text("0.00 0.00 0.00 1/151 1234\n")
    assert not aside.spare_core()              # one core: none to spare


@forks
def test_a_print_pdf_refused_aside_stops_the_build_and_writes_nothing(tiny, tmp_path, monkeypatch):
    """The child's refusal reaches the editor as the same message and exit code; no
    file is written; the check really ran in the child."""
    monkeypatch.setattr("bulletin_press.aside.spare_core", lambda: True)
    marker = tmp_path / "checked-in"

    def refuse(data, issue, key, *style):
        marker.write_text(str(os.getpid()))
        assert data.startswith(b"%PDF-1.3")
        raise BuildError([Problem(None, "refused for the test")])
    monkeypatch.setattr(pipeline, "finish_print", refuse)
    out = tmp_path / "o"
    res = run_cli(tiny, "build", TINY_KEY, "-o", str(out))
    assert res.exit_code == 1 and "refused for the test" in res.output
    assert int(marker.read_text()) != os.getpid()
    assert not out.exists() or not list(out.iterdir())


def test_the_same_pdfs_with_and_without_the_child(tiny, tmp_path, monkeypatch):
    monkeypatch.setattr("bulletin_press.aside.spare_core", lambda: True)
    a = pipeline.build(tiny, TINY_KEY, tmp_path / "a")
    monkeypatch.setattr("bulletin_press.aside.can_fork", lambda: False)
    b = pipeline.build(tiny, TINY_KEY, tmp_path / "b")
    assert [p.name for p in a.outputs] == [p.name for p in b.outputs] == \
        [f"{TINY_KEY}-screen.pdf", f"{TINY_KEY}-print.pdf"]
    for pa, pb in zip(a.outputs, b.outputs):
        assert pa.read_bytes() == pb.read_bytes()
    assert a.warnings == b.warnings and a.pages == b.pages


@forks
def test_what_prepare_returned_comes_back_first():
    pid = os.getpid()
    with Aside(lambda: ("linted", os.getpid()), lambda data: data + b"!") as aside:
        what, where = aside.prepared()
        assert what == "linted" and where != pid
        aside.send(b"%PDF")
        assert aside.result() == b"%PDF!"
        assert aside.prepared() == (what, where)     # asked again: the same answer
    with Aside(lambda: 1 / 0, lambda data: data) as aside:   # a bug: met again here
        with pytest.raises(ZeroDivisionError):
            aside.prepared()
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr("bulletin_press.aside.can_fork", lambda: False)
    try:
        with Aside(lambda: os.getpid(), lambda data: data) as aside:
            assert aside.pid is None and aside.prepared() == pid   # no child: run here
    finally:
        monkeypatch.undo()


@forks
@pytest.mark.parametrize("fork", [True, False])
def test_the_lint_runs_aside_and_its_errors_stop_the_build(tiny, tmp_path, monkeypatch, fork):
    """job.run lints in the checking child while the pages are laid out; the outcome is
    the one of linting first: the lint's errors alone (not what the pages would say),
    nothing written; a clean lint lets the page errors through."""
    from bulletin_press import checks, job
    from bulletin_press.model import Pos
    monkeypatch.setattr("bulletin_press.aside.spare_core", lambda: True)
    monkeypatch.setattr("bulletin_press.aside.can_fork", lambda: fork)
    marker = tmp_path / "linted-in"
    lint_errors = [Problem(Pos("issues/x/01.md", 3), "a lint error")]

    def lint(root, key, issue=None, style=None):
        marker.write_text(str(os.getpid()))
        return checks.Report(errors=list(lint_errors))

    def no_pages(*a, **k):
        raise BuildError([Problem(Pos("issues/x/02.md", 9), "a page error")])
    monkeypatch.setattr(checks, "run_checks", lint)
    monkeypatch.setattr(pipeline, "make_plan", no_pages)
    out = job.run(tiny, TINY_KEY, tmp_path / "o")
    assert [p.what for p in out.errors] == ["a lint error"] and out.result is None
    assert (int(marker.read_text()) != os.getpid()) == fork
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())
    lint_errors.clear()
    out = job.run(tiny, TINY_KEY, tmp_path / "o")
    assert [p.what for p in out.errors] == ["a page error"]
    monkeypatch.undo()
    monkeypatch.setattr("bulletin_press.aside.spare_core", lambda: True)
    done = job.run(tiny, TINY_KEY, tmp_path / "s", variants=("screen",))   # no print PDF to wait for
    assert done.ok and [p.name for p in done.result.outputs] == [f"{TINY_KEY}-screen.pdf"]


@forks
@pytest.mark.parametrize("fork", [True, False])
def test_the_sources_are_read_aside_and_what_they_say_comes_back_whole(tiny, tmp_path, monkeypatch,
                                                                       fork):
    """job.run reads the Markdown and YAML in the child, forked before the modules
    that set the pages are imported here; what the reading met comes back whole:
    the errors with their file and line, and the warnings met before them."""
    from bulletin_press import job
    from bulletin_press.source import read
    monkeypatch.setattr("bulletin_press.aside.spare_core", lambda: True)
    monkeypatch.setattr("bulletin_press.aside.can_fork", lambda: fork)
    marker = tmp_path / "read-in"
    real = read.read_issue

    def spy(root, key, warnings):
        marker.write_text(str(os.getpid()))
        return real(root, key, warnings)
    monkeypatch.setattr(read, "read_issue", spy)
    done = job.run(tiny, TINY_KEY, tmp_path / "o", variants=("screen",))
    assert done.ok and (int(marker.read_text()) != os.getpid()) == fork
    folder = tiny / "issues" / TINY_KEY
    (folder / "02-unlisted.md").write_text("---\ntitle: 未列入\n---\n正文。\n", encoding="utf-8")
    y = folder / "issue.yaml"
    y.write_text(y.read_text(encoding="utf-8").replace("  - 01-wenzhang.md",
                                                      "  - 01-wenzhang.md\n  - 03-missing.md"),
                 encoding="utf-8")
    out = job.run(tiny, TINY_KEY, tmp_path / "o2")
    assert out.result is None and not (tmp_path / "o2").exists()
    [err] = [p for p in out.errors if "03-missing.md" in p.what]
    assert err.pos.file == f"issues/{TINY_KEY}/issue.yaml" and err.pos.line
    assert any(p.pos and p.pos.file.endswith("02-unlisted.md") and "not listed" in p.what
               for p in out.warnings)


@forks
@pytest.mark.parametrize("fork", [True, False])
def test_the_photos_print_encoding_is_made_aside_and_prints_the_same(tiny, tmp_path, monkeypatch,
                                                                     fork):
    """With a child, the photos' CMYK conversion runs there while the pages are laid
    out (none in this process); the print PDF is the same byte for byte as with
    everything done here."""
    from PIL import Image, ImageDraw

    from bulletin_press import job
    from bulletin_press.typeset import figure
    folder = tiny / "issues" / TINY_KEY
    (folder / "images").mkdir(exist_ok=True)
    im = Image.new("RGB", (1200, 700), (240, 240, 230))
    ImageDraw.Draw(im).ellipse([200, 100, 800, 600], fill=(200, 40, 30))
    im.save(folder / "images" / "photo.jpg", quality=90)
    art = folder / "01-wenzhang.md"
    art.write_text(art.read_text(encoding="utf-8") + "\n![会场一角](images/photo.jpg)\n",
                   encoding="utf-8")
    monkeypatch.setattr("bulletin_press.aside.spare_core", lambda: True)
    monkeypatch.setattr("bulletin_press.aside.can_fork", lambda: False)
    alone = job.run(tiny, TINY_KEY, tmp_path / "alone")
    assert alone.ok, alone.errors
    marks = tmp_path / "converted-in"
    real = figure.rgb_to_cmyk

    def converted(image):
        with open(marks, "a") as f:
            f.write(f"{os.getpid()}\n")
        return real(image)
    monkeypatch.setattr(figure, "rgb_to_cmyk", converted)
    monkeypatch.setattr("bulletin_press.aside.can_fork", lambda: fork)
    out = job.run(tiny, TINY_KEY, tmp_path / "o")
    assert out.ok, out.errors
    pids = {int(p) for p in marks.read_text().split()}
    assert (os.getpid() not in pids) == fork and pids
    name = f"{TINY_KEY}-print.pdf"
    assert (tmp_path / "o" / name).read_bytes() == (tmp_path / "alone" / name).read_bytes()


def test_a_build_runs_without_the_cyclic_collector_and_leaves_it_as_it_was(tiny, tmp_path,
                                                                          monkeypatch):
    """job.run turns the cyclic garbage collector off while it builds (its passes are
    30–50 ms of a cold build) and on again after, also when the build fails."""
    import gc

    from bulletin_press import job
    seen = []
    real = pipeline.make_plan

    def spy(*a, **k):
        seen.append(gc.isenabled())
        return real(*a, **k)
    monkeypatch.setattr(pipeline, "make_plan", spy)
    assert gc.isenabled()
    assert job.run(tiny, TINY_KEY, tmp_path / "o", variants=("screen",)).ok
    assert seen == [False] and gc.isenabled()

    def broken(*a, **k):
        raise RuntimeError("a bug")
    monkeypatch.setattr(pipeline, "make_plan", broken)
    with pytest.raises(RuntimeError):
        job.run(tiny, TINY_KEY, tmp_path / "o2", variants=("screen",))
    assert gc.isenabled()


@pytest.mark.parametrize("args", [["watch", TINY_KEY, "--max-builds", "1"], ["build", "--all"],
                                  ["list"]])
def test_the_commands_that_run_long_turn_the_collector_on(tiny, args):
    """The program (cli.run) starts without the cyclic garbage collector; watch and the
    commands over every issue turn it on, a one-issue build leaves it off."""
    import gc
    gc.disable()
    try:
        run_cli(tiny, *args)
        assert gc.isenabled(), args
        gc.disable()
        run_cli(tiny, "build", TINY_KEY, "--screen-only")
        assert not gc.isenabled()
    finally:
        gc.enable()
