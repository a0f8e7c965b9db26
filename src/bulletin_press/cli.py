"""bulletin-press command line: thin — parses options, calls the pipeline, prints.

The editor's day: `new` starts an issue, `check` (and `check --fix`) says what
is wrong in the sources, `build` writes the PDFs, `preview` turns the screen
PDF into page images and a contact sheet, `watch` rebuilds on every save.

Exit codes: 0 success; 1 the sources (or a checked PDF) have errors; 2 the
command line or the machine (usage, an unwritable folder, a full disk, a damaged
font: errors.SetupError); 3 an internal error (a bug: please report).
"""
from __future__ import annotations

import gc
import sys

from . import startup

startup.install()   # before the imports below: their dataclasses and patterns come kept
# The cyclic garbage collector looks at young objects after every 20,000 new ones, not 700:
# a build makes millions of objects, nearly all freed by their reference counts, and the
# default spent some 25 ms of a 12-page build (100 ms at 28 pages) looking at them, most of
# it while the modules are imported.  Peak memory is the same.
gc.set_threshold(20_000, 10, 10)

from pathlib import Path  # noqa: E402

import click  # noqa: E402

from . import __version__  # noqa: E402
from .cliargs import EXIT_BUG, EXIT_ERRORS, EXIT_OK, EXIT_USAGE  # noqa: E402
from .cliargs import ISSUE   # 2025-04, 2025-4, issues/2025-04/ → 2025-04
from .errors import BuildError, Problem

WARNINGS_SHOWN = 5        # build and watch: the first few warnings, all with -v

_DEBUG = {"on": False}


def _root(root: str | None) -> Path:
    from .source import find_root
    return find_root(Path.cwd(), Path(root) if root else None)


def _print_problems(problems: list[Problem]) -> None:
    for p in problems:
        click.echo(str(p), err=True)


def _print_warnings(key: str, warnings: list[Problem], verbose: bool) -> None:
    """All warnings with -v, else the first few and where to see the rest."""
    shown = warnings if verbose else warnings[:WARNINGS_SHOWN]
    _print_problems(shown)
    if len(warnings) > len(shown):
        click.echo(f"… and {len(warnings) - len(shown)} more warning(s): `bulletin-press check {key}` "
                   f"(or -v) lists them all", err=True)




def _set_debug(ctx, param, value):
    if value:
        _DEBUG["on"] = True
    return value


def _debug_option():
    return click.Option(["--debug"], is_flag=True, expose_value=False, is_eager=True,
                        callback=_set_debug,
                        help="On an internal error, print the traceback (for a bug report).")


class _Main(click.Group):
    """The command group: every command takes --debug after its name too."""

    def add_command(self, cmd, name=None):
        if not any(getattr(p, "name", None) == "debug" for p in cmd.params):
            cmd.params.append(_debug_option())
        if cmd.callback is not None and not getattr(cmd.callback, "_guarded", False):
            cmd.callback = _guarded(cmd.callback)
        super().add_command(cmd, name)


def _guarded(callback):
    """The whole command (its imports too) under `_run`: never a traceback."""
    import functools

    @functools.wraps(callback)
    def run_guarded(*args, **kwargs):
        return _run(lambda: callback(*args, **kwargs))
    run_guarded._guarded = True
    return run_guarded


def _run(fn):
    """Run a command body: problems become messages and exit codes, never tracebacks."""
    from .output.write import Interrupted
    try:
        return fn()
    except BuildError as e:
        _print_problems(e.problems)
        n = sum(1 for p in e.problems if p.severity == "error")
        click.echo(f"failed: {n} error(s); nothing was written", err=True)
        sys.exit(e.exit_code)
    except Interrupted as e:
        click.echo(f"stopped ({e}); nothing was written, the last PDFs are as they were", err=True)
        sys.exit(128 + e.signum)
    except KeyboardInterrupt:
        click.echo("interrupted; nothing was written, the last PDFs are as they were", err=True)
        sys.exit(130)
    except BrokenPipeError:   # `bulletin-press check … | head`: the reader has gone, say nothing
        import os
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        sys.exit(141)
    except OSError as e:  # the machine, not the program: a disk, a folder, a permission
        import errno

        from .errors import os_problem
        full = (errno.ENOSPC, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC))
        doing = "write" if e.errno in full else "use"
        click.echo(str(os_problem(e.filename or "a file", e, doing)), err=True)
        sys.exit(EXIT_USAGE)
    except MemoryError:
        click.echo("error: not enough memory for this issue\n    → close other programs, or build "
                   "on a machine with more memory", err=True)
        sys.exit(EXIT_USAGE)
    except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        raise                 # usage errors: click says what is wrong, exit 2
    except Exception as e:  # a bug, not bad input: say so plainly
        import traceback
        if _DEBUG["on"] or "--debug" in sys.argv:
            traceback.print_exc()
        click.echo(f"internal error: {type(e).__name__}: {e}\n"
                   "This is a bug in bulletin-press, not in your files; run again with --debug "
                   "and report the output.", err=True)
        sys.exit(EXIT_BUG)


def _outcome(outcome, *, verbose: bool, quiet: bool = False) -> None:
    """Print a job's errors (exit 1) or its warnings; the summary is the caller's."""
    if outcome.errors:
        _print_problems(outcome.errors)
        if not quiet:
            _print_warnings(outcome.key, outcome.warnings, verbose)
        click.echo(f"failed: {len(outcome.errors)} error(s); nothing was written", err=True)
        sys.exit(EXIT_ERRORS)
    if not quiet:
        _print_warnings(outcome.key, outcome.warnings, verbose)
        for p in outcome.result.removed:
            click.echo(f"removed {p}: it was made from older sources "
                       f"(`bulletin-press build {outcome.key}` makes a new one)", err=True)


EPILOG = """\b
The editor's day:
  bulletin-press new 2025-05        start issues/2025-05/ (number, serial, date filled in)
  bulletin-press import a.docx --into 2025-05   a contributor's Word file as an article
  bulletin-press check 2025-05      list every problem, with file:line:column
  bulletin-press check --fix 2025-05   apply the safe punctuation fixes, show the diff
  bulletin-press preview 2025-05    page images and a contact sheet in build/2025-05-preview/
  bulletin-press watch 2025-05      rebuild on every save (Ctrl-C ends it)
  bulletin-press build 2025-05      the PDFs for the screen and the print shop
  bulletin-press build --web 2025-05   the web edition and the WeChat fragments

\b
The archive:
  bulletin-press build --all        every issue, in parallel (-j N)
  bulletin-press lock 2025-05       record what was printed; pin the style
  bulletin-press verify --all       rebuild and compare: "pages as printed"
  bulletin-press list               issue, serial, date, pages, locked
  bulletin-press index 2025         build/2025-index.pdf, the 年度总目录

\b
Exit codes:
  0  success (check: no errors; warnings alone do not fail unless --strict)
  1  the sources have errors (each message names file, line, what is wrong and what would be right)
  2  usage or environment: unknown option or issue folder, an output folder that
     cannot be written, a full disk, a damaged font file (the message says what to do)
  3  internal error: a bug in bulletin-press, not in your files (run again with --debug and report it)
  130/143  stopped by Ctrl-C / kill: nothing half-written is left
"""


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(__version__, prog_name="bulletin-press")
@click.option("--root", type=click.Path(file_okay=False), default=None,
              help="Folder that holds issues/ (default: this folder or the nearest one above).")
@click.option("--debug", is_flag=True,
              help="On an internal error, print the traceback (also after a command's name).")
@click.pass_context
def main(ctx, root, debug):
    """Typeset and publish 《创新资讯》 issues.

    Run from the folder that holds issues/ or any folder below it.
    """
    ctx.obj = {"root": root}
    import os
    try:
        os.getcwd()
    except OSError:               # deleted or moved under the shell
        try:
            os.chdir(root)        # with --root DIR the work can go on there
        except (OSError, TypeError):
            click.echo("error: the current folder no longer exists (it was deleted or moved)\n"
                       "    → cd into the bulletin's folder again", err=True)
            sys.exit(EXIT_USAGE)
    _DEBUG["on"] = debug      # a command's own --debug (parsed after this) may turn it on


def _summary(issue: str, res) -> str:
    paths = ", ".join(str(p) for p in res.outputs)
    extra = f" (incl. {res.blank_pages} blank)" if res.blank_pages else ""
    return (f"{issue}: {res.pages} pages{extra} → {paths}; "
            f"{len(res.warnings)} warning(s); {res.seconds:.2f} s")


def _web_summary(issue: str, res) -> str:
    low = min(res.fidelity.values(), default=1.0)
    paths = ", ".join(f"{p}/" for p in res.outputs)
    return (f"{issue}: web and WeChat editions → {paths} ({res.files} files; text fidelity "
            f"{low:.2%} or better); {len(res.warnings)} warning(s); {res.seconds:.2f} s")


def _out(root: Path, out_dir: str | None) -> Path:
    return Path(out_dir) if out_dir else root / "build"


OUT_OPTION = click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), default=None,
                          help="Output folder (default: build/ beside issues/).")


@main.command(short_help="Build ISSUE's PDFs for the screen and the print shop (--all: every issue).")
@click.argument("issue", type=ISSUE, required=False)
@OUT_OPTION
@click.option("--screen-only", is_flag=True,
              help="Write only the screen PDF (a print PDF of older sources is removed).")
@click.option("--impose", "impose_", is_flag=True,
              help="Also write ISSUE-imposed.pdf: printer spreads for saddle stitching.")
@click.option("--web", is_flag=True,
              help="Write the screen editions instead of the PDFs: build/ISSUE-web/ (a static "
                   "site) and build/ISSUE-wechat/ (fragments for the WeChat editor).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True,
              help="Print each step and the page plan (shown anyway when stderr is a terminal) "
                   "and every warning.")
@click.option("--archive", "archive_", is_flag=True,
              help="Also write ISSUE-archive.pdf: PDF/A-3u carrying the issue's sources.")
@click.option("--all", "all_", is_flag=True, help="Build every issue folder, in parallel.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="With --all: issues built at once (default: the machine's cores).")
@click.pass_context
def build(ctx, issue, out_dir, screen_only, impose_, web, quiet, verbose, archive_, all_, jobs):
    """Build ISSUE (e.g. 2025-04) into build/ISSUE-screen.pdf and build/ISSUE-print.pdf
    (with --web: build/ISSUE-web/ and build/ISSUE-wechat/ instead).

    Reports the same warnings as `check` (the first few; -v for all).  A locked
    issue (issues/ISSUE/print.lock) builds with its pinned style and keeps its
    printed line breaks wherever its text is unchanged.  With --all, every issue
    folder is built, one line each; a failed issue does not stop the others, and
    makes the exit code 1."""
    from .job import run
    if web and (screen_only or impose_ or archive_ or all_):
        raise click.UsageError("--web builds the screen editions of one issue, not PDFs: leave "
                               "out --screen-only, --impose, --archive and --all")

    def body():
        root = _root(ctx.obj["root"])
        out = _out(root, out_dir)
        if all_:
            from .archivecli import build_everything
            sys.exit(build_everything(root, out, jobs=jobs, screen_only=screen_only,
                                      impose=impose_, archive=archive_, quiet=quiet))
        show = verbose or (not quiet and sys.stderr.isatty())
        say = (lambda m: click.echo(m, err=True)) if show else None
        if web:
            from .pipeline import build_web
            res = build_web(root, issue, out, progress=say)
            if not quiet:
                _print_problems(res.warnings)
                click.echo(_web_summary(issue, res))
            return
        variants = ("screen",) if screen_only else ("screen", "print")
        outcome = run(root, issue, out, variants=variants, impose=impose_ and not screen_only,
                      archive=archive_, progress=say)
        _outcome(outcome, verbose=verbose, quiet=quiet)
        if not quiet:
            click.echo(_summary(issue, outcome.result))
    if (issue is None) == (not all_):
        raise click.UsageError("give either ISSUE (e.g. 2025-04) or --all" if issue is None
                               else "give either ISSUE or --all, not both")
    if impose_ and screen_only:
        raise click.UsageError("--impose makes spreads of the print PDF, which --screen-only "
                               "leaves out: give one of them")
    body()


def _fresh(root: Path, issue: str, out: Path, variant: str) -> Path | None:
    """The existing `variant` PDF if it was made from the sources as they are now."""
    from .output.freshness import made_from_current_sources
    from .pipeline import output_path
    pdf = output_path(out, issue, variant)
    return pdf if made_from_current_sources(pdf, root, issue) else None


@main.command()
@click.argument("issue", type=ISSUE)
@OUT_OPTION
@click.option("--sheet", type=click.Choice(["A3", "SRA3", "SRA2", "A2", "auto"], case_sensitive=False),
              default="A3", show_default=True,
              help="Sheet: A3 (two A4 pages), SRA3, SRA2, A2, or auto.")
@click.pass_context
def impose(ctx, issue, out_dir, sheet):
    """Write build/ISSUE-imposed.pdf: printer spreads of the print PDF for saddle
    stitching (16 pages: 16|1, 2|15, 14|3 …). Builds the PDFs first when the print
    PDF is missing or was made from older sources. Creep is not compensated."""
    from .job import run
    from .output.impose import impose as make_spreads
    from .output.write import write_atomic
    from .pipeline import output_path

    def body():
        root = _root(ctx.obj["root"])
        out = _out(root, out_dir)
        printed = _fresh(root, issue, out, "print")
        if printed is None:
            outcome = run(root, issue, out)
            _outcome(outcome, verbose=False)
            click.echo(_summary(issue, outcome.result), err=True)
            printed = output_path(out, issue, "print")
        target = output_path(out, issue, "imposed")
        # click.Choice(case_sensitive=False) gives the choice as listed: "SRA3", "auto"
        write_atomic(target, make_spreads(printed.read_bytes(), sheet=sheet))
        click.echo(f"{issue}: printer spreads → {target}")
    body()


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--screen", is_flag=True, help="Check as a screen PDF (no print requirements).")
@click.pass_context
def preflight(ctx, pdf, as_json, screen):
    """Check any PDF as a print shop's preflight does: fonts embedded, page boxes,
    colour spaces, image resolution, page count divisible by 4, PDF/X output intent.
    Exits 1 when the PDF fails.  A PDF bulletin-press made from an issue whose
    sources have changed since is named as such."""
    from .output.preflight import preflight as run_preflight

    def body():
        report = run_preflight(Path(pdf), require_print=not screen)
        click.echo(report.to_json() if as_json else report.to_text())
        _stale_note(ctx, Path(pdf))
        if not report.ok:
            sys.exit(EXIT_ERRORS)
    body()


def _stale_note(ctx, pdf: Path) -> None:
    """A warning when `pdf` is ISSUE-variant.pdf of this project, made from other sources."""
    from .errors import BuildError
    from .output.freshness import OUTPUT_NAME, made_from_older_sources
    if not OUTPUT_NAME.match(pdf.name):
        return
    try:
        root = _root(ctx.obj["root"])
    except BuildError:
        return
    key = made_from_older_sources(pdf, root)
    if key is not None:
        click.echo(f"{pdf}: warning: made from older sources than issues/{key}/ has now\n"
                   f"    → run `bulletin-press build {key}` for a PDF of the sources as they are", err=True)


@main.command()
@click.argument("issue", type=ISSUE)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.option("--fix", is_flag=True,
              help="Apply the safe fixes to the article files and the YAML text "
                   "(Word tables become pipe tables) and show the diff; "
                   "anything uncertain stays a warning.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (and the diff with --fix).")
@click.pass_context
def check(ctx, issue, strict, fix, quiet):
    """Check ISSUE for everything build would complain about, without writing a file.

    \b
    Runs the build's own steps (the pages are laid out and the print PDF is
    preflighted in memory) and checks punctuation and usage (GB/T 15834) in
    every article, the note and the text written in YAML (titles, theme,
    captions, table cells), and characters pasted from Word that must not reach
    print.  Each message:
      FILE:LINE:COLUMN: error|warning: what is wrong [rule]
          → what would be right
    """
    from .checks import fix_article, run_checks, sources
    from .job import run

    def body():
        root = _root(ctx.obj["root"])
        if fix:
            changed = 0
            for s in sources(root, issue):
                if s.kind == "note" or s.text is None:
                    continue
                old, new = fix_article(s.path)
                if new != old:
                    changed += 1
                    from .source.fix import unified_diff
                    click.echo(unified_diff(old, new, s.shown), nl=False)
            lint = run_checks(root, issue)       # the lint alone: what is left in issue.yaml
            note = [w for w in lint.warnings if w.pos and w.pos.file.endswith("/issue.yaml")
                    and "[" in w.what]     # what is left there: the note's body
            click.echo(f"{issue}: fixed {changed} file(s)" if changed else f"{issue}: nothing to fix",
                       err=True)
            if note:
                click.echo(f"issues/{issue}/issue.yaml: --fix does not rewrite the note's body; its "
                           f"{len(note)} finding(s) are listed below — fix them by hand", err=True)
        rep = run(root, issue, write=False)
        shown = rep.errors + ([] if quiet else rep.warnings)
        from .checks import _sort_key
        _print_problems(sorted(shown, key=_sort_key))
        ne, nw = len(rep.errors), len(rep.warnings)
        if ne:
            click.echo(f"{issue}: {ne} error(s), {nw} warning(s)", err=True)
            sys.exit(EXIT_ERRORS)
        if strict and nw:
            click.echo(f"{issue}: {nw} warning(s), --strict: failing", err=True)
            sys.exit(EXIT_ERRORS)
        if not quiet:
            click.echo(f"{issue}: no errors, {nw} warning(s)")
    body()


@main.command("import", short_help="Import a Word .docx article into ISSUE.")
@click.argument("docx_file", metavar="FILE.docx", type=click.Path(dir_okay=True))
@click.option("--into", "issue", required=True, metavar="ISSUE", type=ISSUE, help="The issue folder, e.g. 2025-05.")
@click.option("--as", "name", default=None, metavar="NAME.md",
              help="The article's file name (default: the next number and a name from the title).")
@click.option("--force", is_flag=True, help="Replace NAME.md if it exists.")
@click.option("--fix", is_flag=True, help="Apply the lint's safe fixes to the new file and show the diff.")
@click.pass_context
def import_(ctx, docx_file, issue, name, force, fix):
    """Import FILE.docx as an article of ISSUE: writes issues/ISSUE/NAME.md (front matter
    and Markdown), its pictures into issues/ISSUE/images/, and adds NAME.md to
    issue.yaml's articles:.  Then lists what the punctuation lint finds in it.

    \b
    Title, byline, headings (一、 （一） 1. or Word's heading styles), bold and
    italic runs, tables (merged cells → ```table), pictures with their 图 captions
    and footnotes are kept; indentation, Word's spacing and comments are not.
    A .doc, a password-protected or damaged file is refused: nothing is written.
    """
    from .checks import fix_article, run_checks
    from .source.docx_import import import_docx

    def body():
        root = _root(ctx.obj["root"])
        res = import_docx(root, Path(docx_file), issue, name=name, force=force)
        c = res.counts
        click.echo(f"wrote {res.shown}: {c.get('paragraphs', 0)} paragraph(s), {c.get('headings', 0)} "
                   f"heading(s), {c.get('tables', 0)} table(s), {c.get('figures', 0)} figure(s), "
                   f"{c.get('notes', 0)} note(s)")
        for img in res.images:
            click.echo(f"wrote {img}")
        click.echo(f"issues/{issue}/issue.yaml: " + (f"added {res.path.name} to articles:" if res.listed
                                                     else f"{res.path.name} is listed already"))
        for w in res.warnings:
            click.echo(f"{docx_file}: warning: {w}", err=True)
        if fix:
            old, new = fix_article(res.path)
            if new != old:
                from .source.fix import unified_diff
                click.echo(unified_diff(old, new, res.shown), nl=False)
        rep = run_checks(root, issue)
        mine = [p for p in rep.errors + rep.warnings if p.pos and p.pos.file == res.shown]
        _print_problems(mine)
        ne = sum(1 for p in mine if p.severity == "error")
        click.echo(f"{res.shown}: {ne} error(s), {len(mine) - ne} warning(s)"
                   + ("" if fix or len(mine) == ne else f"; `bulletin-press check --fix {issue}` "
                                                         f"applies the safe fixes"), err=True)
    body()


@main.command()
@click.argument("issue", type=ISSUE, required=False)
@click.pass_context
def new(ctx, issue):
    """Start a new issue folder: issues/ISSUE/ with issue.yaml and an article template.

    Without ISSUE, the next one after the newest folder (same year, number + 1;
    in a new year, YYYY-01).  The number, the serial (总第N期, from the issue just
    before: number − 1, or the last issue of the year before; left for you to fill
    in when that folder is not there) and the date (today, or a day in the
    issue's own year) are filled in.  An existing folder is never touched.
    """
    from .source.newissue import create_issue

    def body():
        root = _root(ctx.obj["root"])
        res = create_issue(root, issue)
        for p in res.files:
            click.echo(f"created {p.relative_to(root).as_posix()}")
        serial = f"总第{res.serial}期" if res.serial is not None else "serial: not known, add it to issue.yaml"
        click.echo(f"{res.key}: 第{int(res.key[5:])}期, {serial}. Next: edit the files, then "
                   f"`bulletin-press check {res.key}`")
    body()


@main.command()
@click.argument("issue", type=ISSUE)
@OUT_OPTION
@click.option("--dpi", type=click.IntRange(20, 600), default=100, show_default=True,
              help="Resolution of the page images.")
@click.option("--rebuild", is_flag=True, help="Build the screen PDF even if it is up to date.")
@click.option("--web", is_flag=True,
              help="Preview the web edition instead: build it if stale, print the pages' file:// "
                   "addresses, and (where chromium is installed) screenshot each page at 390 "
                   "and 1280 px into build/ISSUE-preview/web-*.png.")
@click.pass_context
def preview(ctx, issue, out_dir, dpi, rebuild, web):
    """Page images and a contact sheet of ISSUE's screen PDF, in build/ISSUE-preview/.

    Builds the screen PDF first when it is missing or was made from other sources
    (a print PDF of older sources is then removed: build makes a new one).
    With --web: the web edition's pages, built first if missing or stale.
    """
    from .job import run
    from .output.preview import contact_sheet, render_pages
    from .pipeline import output_path

    def body():
        root = _root(ctx.obj["root"])
        out = _out(root, out_dir)
        if web:
            from .output.freshness import web_is_stale
            from .pipeline import build_web, web_paths
            site = web_paths(out, issue)[0]
            if rebuild or web_is_stale(site / "index.html", root, issue):
                res = build_web(root, issue, out)
                _print_problems(res.warnings)
                click.echo(_web_summary(issue, res), err=True)
            from .output.webshots import screenshots
            pages = sorted(site.glob("*.html"), key=lambda p: (p.name != "index.html", p.name))
            for page in pages:
                click.echo(page.resolve().as_uri())
            shots = screenshots(pages, out / f"{issue}-preview")
            for shot in shots:
                click.echo(str(shot))
            seen = (f"screenshots at 390 and 1280 px in {out / f'{issue}-preview'}" if shots
                    else "no chromium here for screenshots")
            click.echo(f"{issue}: open the first address in a browser ({seen}); WeChat fragments "
                       f"are in {web_paths(out, issue)[1]}", err=True)
            return
        pdf = None if rebuild else _fresh(root, issue, out, "screen")
        if pdf is None:
            outcome = run(root, issue, out, variants=("screen",))
            _outcome(outcome, verbose=False)
            click.echo(_summary(issue, outcome.result), err=True)
            pdf = output_path(out, issue, "screen")
        dest = out / f"{issue}-preview"
        pages = render_pages(pdf, dest, dpi=dpi)
        sheet = contact_sheet(pages, dest / "contact-sheet.png")
        for p in pages:
            click.echo(str(p))
        click.echo(str(sheet))
        click.echo(f"{issue}: {len(pages)} page image(s) at {dpi} dpi and a contact sheet in {dest}",
                   err=True)
    body()


@main.command()
@click.argument("issue", type=ISSUE)
@OUT_OPTION
@click.option("--screen-only", is_flag=True,
              help="Write only the screen PDF (faster; a print PDF of older sources is removed).")
@click.option("--web", is_flag=True, help="Rebuild the web and WeChat editions instead of the PDFs.")
@click.option("-v", "--verbose", is_flag=True, help="Print every warning, not the first few.")
@click.option("--max-builds", type=click.IntRange(min=1), default=None, hidden=True)
@click.pass_context
def watch(ctx, issue, out_dir, screen_only, web, verbose, max_builds):
    """Rebuild ISSUE whenever a source changes; Ctrl-C ends it.

    Watches issues/ISSUE/, issues/publication.yaml, styles/ and fonts/.  A build
    that fails prints its errors and keeps the last good PDF.  The screen PDF is
    written as soon as it is set, the print PDF after its checks.  Each build
    reports the same warnings as `check` (the first few; -v for all).
    """
    import time as _time

    from .errors import SetupError
    from .job import run
    from .watch import watch as run_watch

    def body():
        from .source.root import require_issue_folder
        gc.enable()                             # it runs for hours (run() starts without it)
        root = _root(ctx.obj["root"])
        require_issue_folder(root, issue)       # nothing to watch: say so, exit 2
        out = _out(root, out_dir)
        variants = ("screen",) if screen_only else ("screen", "print")
        from .warm import Warm
        warm = Warm()   # faces and paragraph layouts kept between rebuilds

        def one():
            if web:
                from .pipeline import build_web
                return build_web(root, issue, out)
            outcome = run(root, issue, out, variants=variants, warm=warm, write_each=True)
            if outcome.errors:
                raise BuildError(outcome.errors + outcome.warnings)
            return outcome

        def changed(paths):
            names = ", ".join(Path(p).name for p in paths[:3]) + (" …" if len(paths) > 3 else "")
            click.echo(f"[{_time.strftime('%H:%M:%S')}] changed: {names}", err=True)

        kept = "edition" if web else "PDF"

        def report(ok, result, seconds):
            stamp = _time.strftime("%H:%M:%S")
            if ok and web:
                _print_warnings(issue, result.warnings, verbose)
                click.echo(f"[{stamp}] {_web_summary(issue, result)}")
            elif ok:
                _print_warnings(issue, result.warnings, verbose)
                for p in result.result.removed:
                    click.echo(f"removed {p}: it was made from older sources", err=True)
                click.echo(f"[{stamp}] {_summary(issue, result.result)}")
            elif isinstance(result, BuildError):
                errors = [p for p in result.problems if p.severity == "error"]
                _print_problems(errors)
                _print_warnings(issue, [p for p in result.problems if p.severity != "error"], verbose)
                what = "cannot write" if isinstance(result, SetupError) else f"{len(errors)} error(s)"
                click.echo(f"[{stamp}] {issue}: {what} after {seconds:.2f} s; "
                           f"the last good {kept} is kept", err=True)
            else:
                click.echo(f"[{stamp}] internal error: {type(result).__name__}: {result} "
                           f"(a bug in bulletin-press; the last good {kept} is kept)", err=True)

        click.echo(f"watching issues/{issue}/, publication.yaml, styles/ and fonts/ — Ctrl-C to stop",
                   err=True)
        try:
            run_watch(root, issue, one, on_build=report, on_change=changed,
                      max_builds=max_builds)
        except KeyboardInterrupt:
            click.echo("stopped watching", err=True)
    body()


from .archivecli import register as _register_archive  # noqa: E402  (lock, verify, list, index)

_register_archive(main, _root)


def run() -> None:
    """The `bulletin-press` program: `main`, then, on success, no interpreter teardown.

    Every output is written, flushed and renamed into place before a command
    returns, so once stdout and stderr are flushed there is nothing left to do
    but free memory the system frees anyway (tens of milliseconds a build).
    The program runs without the cyclic garbage collector, as a build does
    (job.py): turned on again after the build, it would spend 20–30 ms looking
    at the whole build's objects just before the process ends.  The commands
    that run long or over many issues (watch; build and verify --all, list,
    index) turn it on.  Tests call `main` in-process and never come here."""
    import os
    gc.disable()
    try:
        main.main(prog_name="bulletin-press")
    except SystemExit as e:
        if e.code not in (None, 0):
            raise
    finally:
        startup.save()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:   # a closed pipe: let Python report it as it would
        raise SystemExit(EXIT_OK) from None
    os._exit(EXIT_OK)


if __name__ == "__main__":
    run()
