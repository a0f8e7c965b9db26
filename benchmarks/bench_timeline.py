"""Where a cold build's time goes, step by step, in both of its processes.

    .venv/bin/python benchmarks/bench_timeline.py                       # the sample issue 2025-04
    .venv/bin/python benchmarks/bench_timeline.py --root DIR 2099-01 --screen-only --runs 5

Runs `bulletin-press build ISSUE [options]` in a fresh process (bytecode kept, as a
user's install has it) with the pipeline's steps timed from the start of the
interpreter.  The build's child (job.py: it reads the sources while this process
imports what sets the pages, then lints, then checks the print PDF) reports its
own steps.  The lines are printed in time order:

    P   68.1 →          job.run               P: the build, C: its child; ms from the start
    C   70.3 →  112.9   read_issue            (the sources, in the child)
    P  148.0 →  150.2   wait for the sources  (what the build waits for the child)
    ...

The build's critical path is the P lines; a "wait" line is time the child made
it wait.  With --runs N the medians of each step's start and end are printed.
Only a measuring tool: it changes nothing the build does (it wraps the functions).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WRAPPER = r'''
import os, sys, time
T0 = time.perf_counter()
marks = []
def now():
    return (time.perf_counter() - T0) * 1000
def timed(mod, name, label=None):
    f = getattr(mod, name)
    def g(*a, **k):
        t = now()
        try:
            return f(*a, **k)
        finally:
            marks.append((label or name, t, now()))
    setattr(mod, name, g)
# each function is wrapped when its module is first imported, by whichever process
# imports it: nothing is imported earlier than the build imports it
WANTED = {
    "bulletin_press.source.read": [("read_issue", None)],
    "bulletin_press.checks": [("run_checks", "lint")],
    "bulletin_press.pipeline": [(n, None) for n in ("load_fonts", "make_plan", "render_plan",
                                                    "write", "finish_print", "print_checks_ready")],
}
import builtins
builtins_import = builtins.__import__
def imp(name, globals=None, locals=None, fromlist=(), level=0):
    m = builtins_import(name, globals, locals, fromlist, level)
    for modname in [k for k in WANTED if k in sys.modules]:
        mod = sys.modules[modname]
        if all(hasattr(mod, n) for n, _ in WANTED[modname]):
            if modname == "bulletin_press.pipeline":
                marks.append(("pipeline imported", now(), None))
            for n, label in WANTED.pop(modname):
                timed(mod, n, label)
    return m
builtins.__import__ = imp
import bulletin_press.cli as cli
import bulletin_press.job as job
import bulletin_press.aside as aside
real_run = job._run
def run(*a, **k):
    marks.append(("job.run", now(), None))
    return real_run(*a, **k)
job._run = run
real_prepared = aside.Aside.prepared
def prepared(self, k=0):
    t = now()
    try:
        return real_prepared(self, k)
    finally:
        if k == 0:
            marks.append(("wait for the sources", t, now()))
aside.Aside.prepared = prepared
sys.argv = ["bulletin-press"] + sys.argv[1:]
pid = os.getpid()
real_exit = os._exit
def _exit(code):
    who = "P" if os.getpid() == pid else "C"
    for n, a, b in marks:
        sys.stderr.write(f"@@ {who}\t{n}\t{a:.2f}\t{'' if b is None else f'{b:.2f}'}\n")
    if who == "P":
        sys.stderr.write(f"@@ P\texit\t{now():.2f}\t\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = _exit
cli.run()
'''


def one_run(root: Path, args: list[str]) -> list[tuple[str, str, float, float | None]]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    err = subprocess.run([sys.executable, "-c", WRAPPER, "--root", str(root), "build", *args],
                         env=env, capture_output=True, text=True).stderr
    out = []
    for line in err.splitlines():
        if line.startswith("@@ "):
            who, name, a, b = line[3:].split("\t")
            out.append((who, name, float(a), float(b) if b else None))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("issue", nargs="?", default="2025-04")
    ap.add_argument("--root", default=str(ROOT))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--screen-only", action="store_true")
    a = ap.parse_args()
    args = [a.issue, "-q"] + (["--screen-only"] if a.screen_only else [])
    one_run(Path(a.root), args)                  # warm-up: bytecode and the startup cache
    starts, ends = defaultdict(list), defaultdict(list)
    order: dict[tuple[str, str], int] = {}
    for _ in range(a.runs):
        seen: dict[tuple[str, str], int] = defaultdict(int)
        for who, name, t0, t1 in one_run(Path(a.root), args):
            seen[(who, name)] += 1
            key = (who, name if seen[(who, name)] == 1 else f"{name} ({seen[(who, name)]})")
            starts[key].append(t0)
            if t1 is not None:
                ends[key].append(t1)
            order.setdefault(key, len(order))
    print(f"bulletin-press build {' '.join(args)}: medians of {a.runs} cold runs, ms from the "
          "interpreter's start (P the build, C its child)")
    rows = sorted(starts, key=lambda k: (statistics.median(starts[k]), order[k]))
    for key in rows:
        t0 = statistics.median(starts[key])
        t1 = f"{statistics.median(ends[key]):7.1f}" if ends.get(key) else "       "
        span = f"  ({statistics.median(ends[key]) - t0:5.1f})" if ends.get(key) else ""
        print(f"  {key[0]} {t0:7.1f} → {t1}  {key[1]}{span}")


if __name__ == "__main__":
    main()
