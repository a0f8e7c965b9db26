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

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import pipeline
from .checks import _dedupe, _sort_key, run_checks, without_repeats
from .errors import BuildError, Problem, SetupError
from .source.digest import sources_digest


@dataclass
class Outcome:
    key: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    result: pipeline.BuildResult | None = None     # None: stopped by errors (nothing written)

    @property
    def ok(self) -> bool:
        return not self.errors


def _split(problems, errors, warnings):
    for p in problems:
        (errors if p.severity == "error" else warnings).append(p)


def run(root: Path, key: str, out_dir: Path | None = None, *, write: bool = True,
        variants=pipeline.VARIANTS, impose: bool = False, archive: bool = False, warm=None,
        write_each: bool = False, progress=None) -> Outcome:
    """Lint, load, make and (with `write`) write issue `key`; nothing is written
    when there is any error (with `write_each`, as watch does, each PDF is
    written as soon as it is made and checked)."""
    t0 = time.perf_counter()
    out = Outcome(key)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    digest = sources_digest(root, key, out_dir) if write else None
    if write:
        pipeline.check_writable(out_dir, key, variants, root)
    say = progress or (lambda msg: None)
    say(f"reading issues/{key}")
    loaded = None
    try:
        loaded = pipeline.load(root, key, warnings, warm)
    except SetupError:
        raise
    except BuildError as e:
        _split(e.problems, errors, warnings)
    made = None
    if loaded is None:
        lint = run_checks(root, key)
    else:
        # the lint runs in the checking child while the pages are laid out, where a core
        # is idle; the outcome is the one of lint first, then the rest only if it is clean
        each = out_dir if write and write_each else None
        issue, style = loaded[:2]
        with pipeline.checks_aside(issue, style, key, variants, each,
                                   first=lambda: run_checks(root, key, issue, style)) as aside:
            lint = aside.prepared() if aside.pid is None else None
            later: list[Problem] = []
            failed = None
            if lint is None or not lint.errors:     # the same rule for check and build
                try:
                    made = pipeline.make(*loaded, key, variants=variants, impose=impose,
                                         archive=archive, digest=digest, root=root,
                                         progress=progress, write_each=each, aside=aside)
                    later += made.warnings
                except SetupError as e:
                    failed = e
                except BuildError as e:
                    later += e.problems
            if lint is None:
                lint = aside.prepared()
    errors += lint.errors
    warnings += lint.warnings
    if lint.errors:                                 # what the pages would say is not asked
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
