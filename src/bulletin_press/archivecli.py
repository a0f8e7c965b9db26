"""The archive's commands (thin, as cli.py): build --all, lock, verify, list, index.

`register` adds them to the main command group; the work is in archive/.
"""
from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from .cliargs import EXIT_BUG, EXIT_ERRORS, EXIT_OK, ISSUE


def build_everything(root: Path, out: Path, *, jobs, screen_only: bool, impose: bool,
                     archive: bool, quiet: bool) -> int:
    """build --all: one line per issue as it finishes, then a summary; the exit code."""
    from .archive.batch import build_all, default_jobs
    gc.enable()          # many builds in one process (cli.run starts without the collector)
    from .source import issue_keys
    keys = issue_keys(root)
    if not keys:
        click.echo(f"{root / 'issues'}: no issue folders (YYYY-NN) to build", err=True)
        return EXIT_ERRORS
    jobs = jobs or default_jobs()
    variants = ("screen",) if screen_only else ("screen", "print")
    if not quiet:
        click.echo(f"building {len(keys)} issue(s) with {min(jobs, len(keys))} process(es)", err=True)

    def done(o):
        if o.ok:
            extra = f" (incl. {o.blank_pages} blank)" if o.blank_pages else ""
            warn = f"; {len(o.warnings)} warning(s)" if o.warnings else ""
            if not quiet:
                click.echo(f"{o.key}: ok, {o.pages} pages{extra}{warn}; {o.seconds:.1f} s")
                for w in o.warnings:
                    click.echo("  " + w.replace("\n", "\n  "), err=True)
        else:
            click.echo(f"{o.key}: FAILED, {len(o.errors)} error(s)" + (" (a bug in bulletin-press)"
                                                                        if o.bug else ""))
            for e in o.errors:
                click.echo("  " + e.replace("\n", "\n  "), err=True)

    outcomes = build_all(root, keys, out, jobs=jobs, variants=variants, impose=impose and not screen_only,
                         archive=archive, on_done=done)
    failed = [o.key for o in outcomes if not o.ok]
    pages = sum(o.pages for o in outcomes if o.ok)
    click.echo(f"built {len(outcomes) - len(failed)} of {len(outcomes)} issue(s), {pages} pages → {out}"
               + (f"; failed: {', '.join(failed)}" if failed else ""))
    if any(o.bug for o in outcomes):
        return EXIT_BUG
    return EXIT_ERRORS if failed else EXIT_OK


def register(main, find_root) -> None:
    """Add lock, verify, list and index to `main` (cli.py's group, which runs every
    command under its guard: problems become messages and exit codes)."""

    @main.command(short_help="Record what was printed of ISSUE and pin its style.")
    @click.argument("issue", type=ISSUE)
    @click.pass_context
    def lock(ctx, issue):
        """Record ISSUE as it builds now in issues/ISSUE/print.lock and pin its style.

        \b
        print.lock (plain text, for archivists to read and diff) holds the page
        count, the pages each article starts and ends on, the source offsets of
        every line and where each page starts, sha256 digests of the sources,
        fonts and style, and the bulletin-press version.  The style is pinned as
        issues/ISSUE/style.lock.yaml (a copy of styles/NAME.yaml, kept when it is
        there already): later builds use it, so edits to the house style do not
        touch the issue.  While an article's text is unchanged, later builds keep
        its locked line breaks; a changed article is named and set afresh."""
        from .archive.locking import lock_issue

        def body():
            root = find_root(ctx.obj["root"])
            res = lock_issue(root, issue)
            for w in res.warnings:
                click.echo(str(w), err=True)
            lk = res.lock
            nlines = sum(len(p.lines) for p in lk.paragraphs)
            pinned = f"style pinned as issues/{issue}/style.lock.yaml" if res.pinned else \
                f"style kept as pinned (issues/{issue}/style.lock.yaml)"
            click.echo(f"{issue}: locked {lk.pages} pages, {len(lk.articles)} article(s), "
                       f"{len(lk.paragraphs)} paragraphs, {nlines} lines → issues/{issue}/print.lock; {pinned}")
        body()

    @main.command(short_help="Rebuild ISSUE (or --all) and compare with its lock.")
    @click.argument("issue", type=ISSUE, required=False)
    @click.option("--all", "all_", is_flag=True, help="Verify every locked issue.")
    @click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
                  help="With --all: issues rebuilt at once (default: the machine's cores).")
    @click.pass_context
    def verify(ctx, issue, all_, jobs):
        """Rebuild ISSUE (its PDFs are not touched) and compare with print.lock.

        Exit 0 and "pages as printed" when nothing moved; else exit 1, naming
        the issue, the article, the page and the first line that moved, and
        whether the cause is the text, the fonts, the style or the engine.
        With --all, every locked issue, in parallel (unlocked ones are listed
        as such); an issue that cannot be rebuilt is reported, the others go on."""
        from .archive.batch import verify_all
        from .archive.locking import verify_issue
        from .source import issue_keys
        from .source.lock import lock_path

        if (issue is None) == (not all_):
            raise click.UsageError("give either ISSUE (e.g. 2025-04) or --all" if issue is None
                                   else "give either ISSUE or --all, not both")

        def show(key, verdict) -> bool:
            if verdict.ok:
                click.echo(f"{key}: pages as printed ({verdict.pages} pages, "
                           f"{len(verdict.lock.articles)} article(s), {len(verdict.lock.paragraphs)} paragraphs)")
                return True
            click.echo(f"{key}: MOVED — not as printed:")
            for m in verdict.moved:
                click.echo(f"  {m}")
            return False

        def body():
            root = find_root(ctx.obj["root"])
            if not all_:
                if not show(issue, verify_issue(root, issue)):
                    sys.exit(EXIT_ERRORS)
                return
            gc.enable()      # many builds in one process (cli.run starts without the collector)
            keys = [k for k in issue_keys(root) if lock_path(root, k).is_file()]
            for k in issue_keys(root):
                if k not in keys:
                    click.echo(f"{k}: not locked (run `bulletin-press lock {k}`)", err=True)
            if not keys:
                click.echo("no issue is locked: nothing to verify", err=True)
                sys.exit(EXIT_ERRORS)
            bad, bug = [], False

            def done(o):
                nonlocal bug
                if o.verdict is not None:
                    if not show(o.key, o.verdict):
                        bad.append(o.key)
                    return
                bad.append(o.key)
                bug = bug or o.bug
                click.echo(f"{o.key}: cannot be rebuilt:")
                for e in o.errors:
                    click.echo("  " + e.replace("\n", "\n  "))
            verify_all(root, keys, jobs=jobs, on_done=done)
            click.echo(f"verified {len(keys)} issue(s): " +
                       ("all pages as printed" if not bad else f"not as printed: {', '.join(sorted(bad))}"))
            if bad:
                sys.exit(EXIT_BUG if bug else EXIT_ERRORS)
        body()

    @main.command(name="list", short_help="The archive at a glance.")
    @click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), default=None,
                  help="Build folder to read page counts from (default: build/).")
    @click.pass_context
    def list_(ctx, out_dir):
        """Every issue folder: issue, serial (总第N期), date, articles, pages
        (from its lock, else from its built PDF), and whether it is locked."""
        from .archive.listing import archive_entries, table

        def body():
            gc.enable()      # every issue read (cli.run starts without the collector)
            root = find_root(ctx.obj["root"])
            out = Path(out_dir) if out_dir else root / "build"
            entries = archive_entries(root, out)
            if not entries:
                click.echo("no issue folders (YYYY-NN) under issues/", err=True)
                return
            click.echo(table(entries))
            locked = sum(1 for e in entries if e.locked.startswith("locked"))
            click.echo(f"{len(entries)} issue(s), {locked} locked", err=True)
        body()

    @main.command(short_help="Write build/YEAR-index.pdf, the year's table of contents (年度总目录).")
    @click.argument("year", type=click.IntRange(1900, 2999))
    @click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), default=None,
                  help="Output folder (default: build/ beside issues/).")
    @click.pass_context
    def index(ctx, year, out_dir):
        """Write build/YEAR-index.pdf: the 年度总目录 of YEAR's issues.

        For each issue its 年第N期（总第N期） and date, then every article's
        title, author(s) and start page, with dot leaders, in the house style.
        The pages come from each issue's print.lock, else from a build of it."""
        from .archive.yearindex import write_index

        def body():
            gc.enable()      # every issue read, some built (cli.run starts without the collector)
            root = find_root(ctx.obj["root"])
            out = Path(out_dir) if out_dir else root / "build"
            res = write_index(root, year, out)
            for w in res.warnings:
                click.echo(str(w), err=True)
            click.echo(f"{year}: {len(res.issues)} issue(s), {res.articles} article(s) "
                       f"(pages from {res.sources}) → {res.path}")
        body()
