"""Time to build an issue's tables (typeset/table.py build_table), each from cold memos.

    .venv/bin/python benchmarks/bench_table.py [ISSUE] [--rounds 21]

Reads the issue (default 2024-12, whose ranking table has a two-row header and 40
rows of 16 columns), then builds each of its tables `rounds` times, the font set's
memos emptied before each (the faces stay loaded, as in a build whose body text has
used them; the cyclic garbage collector off, as in a build), and prints the median
and the least time per table and for all of them: CPU time of this process (what a
busy machine's other work disturbs least), and the wall time of all of them.
With another checkout's interpreter (OTHER/.venv/bin/python benchmarks/bench_table.py)
it times that checkout's code on the same issue.
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from bulletin_press import model as m  # noqa: E402
from bulletin_press.pipeline import load  # noqa: E402
from bulletin_press.typeset.table import build_table  # noqa: E402
from bulletin_press.typeset.text import text_factory  # noqa: E402


def tables_of(node, out: list[m.Table]) -> list[m.Table]:
    """Every Table in the model, in reading order."""
    if isinstance(node, m.Table):
        out.append(node)
    elif isinstance(node, (list, tuple)):
        for x in node:
            tables_of(x, out)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            tables_of(getattr(node, f.name), out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("issue", nargs="?", default="2024-12")
    ap.add_argument("--rounds", type=int, default=21)
    args = ap.parse_args()
    issue, style, fonts = load(ROOT, args.issue, [])
    tables = tables_of(issue.articles, [])
    if not tables:
        sys.exit(f"{args.issue} has no tables")
    make_text = text_factory(style, fonts)

    def cell_text(runs, role, width=None):     # as the story sets cell text
        return make_text(runs, role, first_indent=0)

    times = [[] for _ in tables]
    walls = []
    gc.disable()                                # as a build runs (job.run)
    for _ in range(args.rounds):
        gc.collect()
        wall = 0.0
        for k, table in enumerate(tables):
            fonts.next_build()
            fonts.next_build()                  # twice: every memo is empty
            t, w = time.process_time(), time.perf_counter()
            build_table(table, style, fonts, style.text_width, cell_text, number=k + 1)
            times[k].append(time.process_time() - t)
            wall += time.perf_counter() - w
        walls.append(wall)
    gc.enable()
    for k, table in enumerate(tables):
        cap = "".join(r.text for r in table.caption or [])[:24] or "(no caption)"
        print(f"table {k + 1} {cap:<26} {len(table.rows):>3} rows: "
              f"median {statistics.median(times[k]) * 1e3:6.1f} ms, "
              f"min {min(times[k]) * 1e3:6.1f} ms CPU")
    sums = [sum(ts) for ts in zip(*times)]
    print(f"all {len(tables)} tables: median {statistics.median(sums) * 1e3:.1f} ms, "
          f"min {min(sums) * 1e3:.1f} ms CPU; wall median {statistics.median(walls) * 1e3:.1f} ms "
          f"({args.rounds} rounds)")


if __name__ == "__main__":
    main()
