"""bulletin-press command line: thin — parses options, calls the pipeline, prints.

Exit codes: 0 success; 1 the sources (or a checked PDF) have errors; 2 usage
error (unknown command or option); 3 an internal error (a bug: please report).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import BuildError, Problem

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


def _root(root: str | None) -> Path:
    from .source import find_root
    return find_root(Path.cwd(), Path(root) if root else None)


def _print_problems(problems: list[Problem]) -> None:
    for p in problems:
        click.echo(str(p), err=True)


def _run(fn):
    """Run a command body: problems become messages and exit codes, never tracebacks."""
    try:
        return fn()
    except BuildError as e:
        _print_problems(e.problems)
        n = sum(1 for p in e.problems if p.severity == "error")
        click.echo(f"failed: {n} error(s); nothing was written", err=True)
        sys.exit(EXIT_ERRORS)
    except KeyboardInterrupt:
        click.echo("interrupted; nothing was written", err=True)
        sys.exit(130)
    except Exception as e:  # a bug, not bad input: say so plainly
        import traceback
        if "--debug" in sys.argv:
            traceback.print_exc()
        click.echo(f"internal error: {type(e).__name__}: {e}\n"
                   "This is a bug in bulletin-press, not in your files; run again with --debug "
                   "and report the output.", err=True)
        sys.exit(EXIT_BUG)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bulletin-press")
@click.option("--root", type=click.Path(file_okay=False), default=None,
              help="Folder that holds issues/ (default: this folder or the nearest one above).")
@click.option("--debug", is_flag=True, hidden=True)
@click.pass_context
def main(ctx, root, debug):
    """Typeset and publish 《创新资讯》 issues.

    Run from the folder that holds issues/ or any folder below it.
    """
    ctx.obj = {"root": root}


@main.command()
@click.argument("issue")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: build/ beside issues/).")
@click.option("--screen-only", is_flag=True, help="Write only the screen PDF.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print each step.")
@click.pass_context
def build(ctx, issue, out_dir, screen_only, quiet, verbose):
    """Build ISSUE (e.g. 2025-04) into build/ISSUE-screen.pdf and build/ISSUE-print.pdf."""
    from .pipeline import build as run_build

    def body():
        root = _root(ctx.obj["root"])
        out = Path(out_dir) if out_dir else root / "build"
        say = (lambda m: click.echo(m, err=True)) if verbose else None
        variants = ("screen",) if screen_only else ("screen", "print")
        res = run_build(root, issue, out, variants=variants, progress=say)
        if not quiet:
            _print_problems(res.warnings)
            paths = ", ".join(str(p) for p in res.outputs)
            extra = f" (incl. {res.blank_pages} blank)" if res.blank_pages else ""
            click.echo(f"{issue}: {res.pages} pages{extra} → {paths}; "
                       f"{len(res.warnings)} warning(s); {res.seconds:.2f} s")
    _run(body)


@main.command()
@click.argument("issue")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def check(ctx, issue, strict):
    """Check ISSUE's sources for everything build would complain about, without building."""
    from .pipeline import load

    def body():
        root = _root(ctx.obj["root"])
        warnings: list[Problem] = []
        load(root, issue, warnings)
        _print_problems(warnings)
        if strict and warnings:
            click.echo(f"{len(warnings)} warning(s), --strict: failing", err=True)
            sys.exit(EXIT_ERRORS)
        click.echo(f"{issue}: no errors, {len(warnings)} warning(s)")
    _run(body)


if __name__ == "__main__":
    main()
