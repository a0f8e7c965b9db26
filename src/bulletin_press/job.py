"""One run over one issue, as every command that builds does it: the lint of
everything an editor wrote (checks.py) and the pipeline (pipeline.py) —
`check` without the write step, `build`, `watch`, `preview` and `impose` with it.

    run(root, key, out_dir, write=True|False, …) -> Outcome

So `check` finds whatever `build` finds (a truncated image, a table with no
cells, a QR text too long, a paragraph that cannot be set, low resolution), and
`build` reports the lint's warnings as `check` does.  Problems with the command
line or the machine (SetupError: a missing issue folder, an unwritable output
folder, a damaged font) are raised, not collected: the CLI exits 2.
"""
from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .aside import Aside
from .errors import BuildError, Problem, SetupError

if TYPE_CHECKING:                 # imported by _run only, as the child reads (see there)
    from . import pipeline


@dataclass
class Outcome:
    """What `check` or `build` of one issue came to: its errors, its warnings, what was built."""
    key: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    result: "pipeline.BuildResult | None" = None     # None: stopped by errors (nothing written)

    @property
    def ok(self) -> bool:
        return not self.errors


def _split(problems, errors, warnings):
    for p in problems:
        (errors if p.severity == "error" else warnings).append(p)


def run(root: Path, key: str, out_dir: Path | None = None, **options) -> Outcome:
    """Lint, load, make and (with `write`) write issue `key` (see _run), with the
    cyclic garbage collector off: a build's objects are freed by their reference
    counts, and the collector's passes over them cost 30–50 ms of a cold build
    (peak memory is the same without them); it is on again afterwards (watch)."""
    on = gc.isenabled()
    gc.disable()
    try:
        return _run(root, key, out_dir, **options)
    finally:
        if on:
            gc.enable()


def _run(root: Path, key: str, out_dir: Path | None = None, *, write: bool = True,
         variants=None, impose: bool = False, archive: bool = False, warm=None,
         write_each: bool = False, progress=None) -> Outcome:
    """Lint, load, make and (with `write`) write issue `key` (`variants`: of
    pipeline.VARIANTS, all by default); nothing is written when there is any
    error (with `write_each`, as watch does, each PDF is written as soon as it is
    made and checked).

    Where a core is idle, a child forked first of all reads the sources (the
    Markdown and YAML: source/read.py) while this process imports what sets and
    draws the pages (pipeline.py, imported only then) and takes the sources'
    digest; the child then makes the photos' print encodings (their CMYK
    conversion) and lints the sources while the pages are laid out, and checks
    the print PDF.  Without a child each step is done here (the encodings as the
    plan asks for them), in the same order, with the same outcome."""
    t0 = time.perf_counter()
    out = Outcome(key)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    say = progress or (lambda msg: None)
    each = out_dir if write and write_each else None
    state: dict = {}     # what the steps made, in the process that ran them (the child, or this one)
    printed = variants is None or "print" in variants

    def read():
        """The sources read, the warnings met, the problems that stopped the reading."""
        from .source.read import read_issue
        found: list[Problem] = []
        try:
            state["loaded"] = read_issue(root, key, found)
        except SetupError:
            raise
        except BuildError as e:            # with the warnings met before it
            return None, found, e.problems
        return state["loaded"], found, []

    def encode():
        """The photos' print encodings, made while the pages are laid out."""
        loaded = state.get("loaded")
        if not printed or loaded is None:
            return {}
        from .typeset.figure import print_encodings
        return print_encodings(loaded[0])

    def lint():
        from .checks import run_checks
        loaded = state.get("loaded")
        return run_checks(root, key, *loaded[:2]) if loaded is not None else run_checks(root, key)

    def ready():
        if printed:
            from . import pipeline
            pipeline.print_checks_ready()

    def check(data: bytes) -> bytes:
        from . import pipeline
        issue, style = state["loaded"][:2]
        return pipeline.finish_print(data, issue, key, style)

    def keep():
        from . import startup
        startup.save()     # what the child compiled (the Markdown reader's patterns …), kept as cli.run keeps the rest

    READ, ENCODE, LINT = 0, 1, 2          # the child's steps, by their place in the list
    with Aside([read, encode, lint, ready, keep], check, enabled=each is None, spare=True) as aside:
        from . import pipeline     # what sets the pages, imported as the child reads
        from .checks import _dedupe, _sort_key, run_checks, without_repeats
        from .source.digest import sources_digest
        variants = pipeline.VARIANTS if variants is None else variants
        if write:
            pipeline.check_writable(out_dir, key, variants, root)
        say(f"reading issues/{key}")
        pipeline.fonts_folder(root)       # a missing fonts/ folder is said before anything is read
        digest = sources_digest(root, key, out_dir) if write else None
        made = None
        later: list[Problem] = []
        failed = None
        loaded = None
        sources, found, stopped = aside.prepared(READ)
        warnings += found
        _split(stopped, errors, warnings)
        if sources is not None:
            state["loaded"] = sources
            issue, style, invisible = sources
            try:
                loaded = issue, style, pipeline.load_fonts(root, issue, style, invisible, warnings, warm)
            except SetupError:
                raise
            except BuildError as e:
                _split(e.problems, errors, warnings)
        if loaded is None:
            # linted as without the issue, whatever the child had of it
            lint_report = run_checks(root, key) if "loaded" in state else aside.prepared(LINT)
        else:
            # the lint runs in the child while the pages are laid out; the outcome is
            # the one of lint first, then the rest only if it is clean
            lint_report = aside.prepared(LINT) if aside.pid is None else None
            if lint_report is None or not lint_report.errors:     # the same rule for check and build
                try:
                    # the child's photo encodings; without a child the plan makes its own
                    pictures = (lambda: aside.prepared(ENCODE)) if aside.pid is not None else None
                    made = pipeline.make(*loaded, key, variants=variants, impose=impose,
                                         archive=archive, digest=digest, root=root,
                                         progress=progress, write_each=each, aside=aside,
                                         pictures=pictures)
                    later += made.warnings
                except SetupError as e:
                    failed = e
                except BuildError as e:
                    later += e.problems
            if lint_report is None:
                lint_report = aside.prepared(LINT)
    errors += lint_report.errors
    warnings += lint_report.warnings
    if lint_report.errors:                          # what the pages would say is not asked
        made = None
    elif loaded is not None:
        if failed is not None:
            raise failed
        _split(later, errors, warnings)
    out.errors = sorted(_dedupe(without_repeats(errors)), key=_sort_key)
    out.warnings = sorted(_dedupe(warnings), key=_sort_key)
    if made is not None and not out.errors:
        written, removed = pipeline.write(made, out_dir, key) if write else ([], [])
        out.result = pipeline.BuildResult.of(key, made, written, out.warnings,
                                             time.perf_counter() - t0, removed)
    return out
