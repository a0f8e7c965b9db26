"""The import cost of a cold build: what `python -X importtime` sees.

    .venv/bin/python benchmarks/bench_imports.py                 # 7 runs
    .venv/bin/python benchmarks/bench_imports.py --baseline OTHER/.venv/bin/python

Each run is a fresh process (bytecode kept) that imports what `bulletin-press
build` imports before it reads a source (bulletin_press.cli and .pipeline) and,
as a second figure, what the build loads before its first page is drawn (the
page engine, the PDF renderer, charts and the QR of the 报尾).  Runs interleave with the
baseline's; the minimum of the runs is reported (imports do no I/O worth
waiting for, so the fastest run is the least disturbed one), with the
heaviest packages and the heavy packages a build should not load at all.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict

STAGES = {
    "cli+pipeline": "import bulletin_press.cli, bulletin_press.pipeline",
    "+engine": ("import bulletin_press.cli, bulletin_press.pipeline;"
                "from bulletin_press.typeset import back, chart, masthead, pages, qr, table, toc, "
                "vector;"
                "from bulletin_press.model.style import Color;"
                "qr.qr_drawing('https://example.org', 40, Color(0, 0, 0, 1))"),
}
NOT_ON_BUILD_PATH = ("reportlab.platypus", "reportlab.graphics", "pypdf", "lxml", "PIL.ImageFont", "tempfile",
                     "difflib")
LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)")


def run(python: str, code: str) -> list[tuple[str, int, str | None]]:
    """(module, cumulative µs, the module that imported it) in import order."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    err = subprocess.run([python, "-X", "importtime", "-c", code], env=env, check=True,
                         capture_output=True, text=True).stderr
    rows = [(m.group(4), int(m.group(2)), len(m.group(3)))
            for m in map(LINE.match, err.splitlines()) if m]
    out = []
    for k, (mod, cum, depth) in enumerate(rows):   # a parent is printed after its children
        parent = next((r[0] for r in rows[k + 1:] if r[2] < depth), None)
        out.append((mod, cum, parent))
    return out


def total(mods) -> float:
    return sum(cum for _, cum, parent in mods if parent is None) / 1000


def heaviest(mods, n: int = 6) -> list[tuple[int, str]]:
    """The costliest packages our code imports directly (their imports included)."""
    ours = [(cum, m) for m, cum, parent in mods if not m.startswith("bulletin_press")
            and parent and parent.startswith("bulletin_press")]
    return sorted(ours, reverse=True)[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--baseline", metavar="PYTHON", help="another install's python, in the same runs")
    a = ap.parse_args()
    pythons = {"this": sys.executable}
    if a.baseline:
        pythons["baseline"] = a.baseline
    for stage, code in STAGES.items():
        best: dict[str, float] = defaultdict(lambda: float("inf"))
        fastest: dict[str, list] = {}
        for _ in range(a.runs):
            for name, py in pythons.items():
                mods = run(py, code)
                if total(mods) < best[name]:
                    best[name], fastest[name] = total(mods), mods
        for name in pythons:
            mods = fastest[name]
            heavy = heaviest(mods)
            loaded = [p for p in NOT_ON_BUILD_PATH
                      if any(m == p or m.startswith(p + ".") for m, _, _ in mods)]
            print(f"{stage:13} {name:9} {best[name]:6.0f} ms (min of {a.runs})  "
                  f"{len(mods)} modules; heaviest: "
                  + ", ".join(f"{m} {c / 1000:.0f}" for c, m in heavy)
                  + (f"; loads {', '.join(loaded)}" if loaded else ""))


if __name__ == "__main__":
    main()
