"""build --all and verify --all: every issue, in parallel across processes.

Each issue is built (or verified) by the ordinary pipeline in a worker process;
a failure in one issue (bad sources, or a bug) is reported for that issue and
the others go on.  Results come back as plain data, one per issue, as each one
finishes.
"""
from __future__ import annotations

import functools
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class IssueOutcome:
    key: str
    ok: bool
    pages: int = 0
    blank_pages: int = 0
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bug: bool = False           # an internal error, not the sources


def build_one(root: str, key: str, *, out_dir: str, variants: tuple, impose: bool,
              archive: bool) -> IssueOutcome:
    """Build one issue; never raises (the outcome says what went wrong)."""
    from ..errors import BuildError
    from ..pipeline import build
    try:
        res = build(Path(root), key, Path(out_dir), variants=variants, impose=impose, archive=archive)
    except BuildError as e:
        return IssueOutcome(key, False, errors=[str(p) for p in e.problems])
    except Exception as e:  # a bug: reported for this issue, the others go on
        return IssueOutcome(key, False, errors=[f"internal error: {type(e).__name__}: {e}"], bug=True)
    return IssueOutcome(key, True, res.pages, res.blank_pages, res.seconds,
                        [str(p) for p in res.outputs], [str(w) for w in res.warnings])


def _warm(root: Path) -> None:
    """Parse the house style's font files once, before the workers are forked: each
    worker inherits them instead of parsing them again (about 0.7 s a process)."""
    from ..errors import BuildError
    from ..source import load_style
    from ..source.publication import load_publication
    from ..typeset.fonts import FontSet
    try:
        pub = load_publication(root, [])
        style = load_style(root, pub.style) if pub else None
    except BuildError:
        return        # each issue's build reports it
    if style is None:
        return
    fonts = FontSet(style, Path(root) / "fonts")
    for family, face in style.fonts.items():
        for bold in (False, True) if face.bold else (False,):
            try:
                fonts.face(family, bold)
            except Exception:  # a damaged font file: the builds say so
                pass


def _pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing
    if "fork" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(max_workers=jobs)  # pragma: no cover - not POSIX


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def for_each_issue(root: Path, keys: list[str], work, *, jobs: int | None = None,
                   on_done=None, died=None) -> list:
    """`work(key)` for every key, in `jobs` worker processes (default: the machine's
    cores; 1: in this process).  `work` must not raise; `died(key, exc)` makes the
    result for a worker that died.  `on_done(result)` is called as each finishes;
    the results come back in the order of `keys`."""
    jobs = jobs or default_jobs()
    done: dict = {}
    if jobs == 1 or len(keys) == 1:
        for key in keys:
            done[key] = work(key)
            if on_done:
                on_done(done[key])
    else:
        _warm(root)
        with _pool(min(jobs, len(keys))) as pool:
            futures = {pool.submit(work, key): key for key in keys}
            for fut in as_completed(futures):
                key = futures[fut]
                try:
                    done[key] = fut.result()
                except Exception as e:  # the worker itself died (out of memory, killed)
                    done[key] = died(key, e)
                if on_done:
                    on_done(done[key])
    return [done[k] for k in keys]


def build_all(root: Path, keys: list[str], out_dir: Path, *, jobs: int | None = None,
              variants=("screen", "print"), impose: bool = False, archive: bool = False,
              on_done=None) -> list[IssueOutcome]:
    """Build every issue in `keys` with `jobs` worker processes (default: the
    machine's cores); `on_done(outcome)` is called as each finishes.  Returns
    the outcomes in the order of `keys`."""
    work = functools.partial(build_one, str(root), out_dir=str(out_dir), variants=tuple(variants),
                             impose=impose, archive=archive)
    return for_each_issue(root, keys, work, jobs=jobs, on_done=on_done,
                          died=lambda key, e: IssueOutcome(key, False, bug=True,
                                                           errors=[f"the build process failed: {e}"]))


@dataclass
class VerifyOutcome:
    key: str
    verdict: object = None      # archive.locking.Verdict, when the issue could be rebuilt
    errors: list[str] = field(default_factory=list)
    bug: bool = False


def verify_one(root: str, key: str) -> VerifyOutcome:
    """Verify one locked issue; never raises."""
    from ..errors import BuildError
    from .locking import verify_issue
    try:
        return VerifyOutcome(key, verify_issue(Path(root), key))
    except BuildError as e:
        return VerifyOutcome(key, errors=[str(p) for p in e.problems])
    except Exception as e:  # a bug: reported for this issue, the others go on
        return VerifyOutcome(key, errors=[f"internal error: {type(e).__name__}: {e}"], bug=True)


def verify_all(root: Path, keys: list[str], *, jobs: int | None = None, on_done=None) -> list[VerifyOutcome]:
    return for_each_issue(root, keys, functools.partial(verify_one, str(root)), jobs=jobs,
                          on_done=on_done,
                          died=lambda key, e: VerifyOutcome(key, errors=[f"the process failed: {e}"],
                                                            bug=True))
