"""bulletin-press against Typst on the same text, page and sizes, timed in the same run.

    .venv/bin/pip install -e '.[bench]'          # Typst's Python binding (benchmark only)
    .venv/bin/python benchmarks/bench_typst.py            # 8 copies, 5 rounds, scaling 1×–8×
    .venv/bin/python benchmarks/bench_typst.py --copies 4 --runs 3 --no-scaling
    .venv/bin/python benchmarks/bench_typst.py --baseline OTHER/.venv/bin/python   # before/after
    .venv/bin/python benchmarks/bench_typst.py --tables --no-scaling   # each copy with a table

The text is benchmarks/bench_text.py (about 1,000 characters a copy, every
paragraph distinct).  bulletin-press builds it as an issue (masthead, TOC, 报尾
around the articles); Typst sets the same articles on the same page: A4, a
42 × 40 text block of 五号 Song on a 17.5 pt pitch, with the project's fonts
(fonts/, system fonts ignored).  Every run is a cold process with bytecode kept,
as a user's install has it; the three commands run interleaved, round after
round, so the machine's load falls on all of them alike.  `--baseline PYTHON`
adds the build of another install (an older checkout's venv) to the same rounds.  Reported: median
wall time, its ratio to Typst's, median CPU time (user + system, of the process and
the children it waited for) and what that CPU time allows on this machine's cores
at best (CPU ÷ cores: no schedule of the same work can end sooner), peak RSS of
the process, PDF size.

Targets (issue #14): default build ≤ 2.0× Typst, --screen-only ≤ 1.5× Typst,
peak RSS ≤ 150 MB.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KEY = "2099-01"
FAMILIES = {"song": "Bulletin Noto Serif SC", "hei": "Bulletin Noto Sans SC", "kai": "Bulletin WenKai"}
TYPST = ("import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
         "font_paths=[sys.argv[3]], ignore_system_fonts=True)")


def _env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # a user's install keeps bytecode
    return env


def make_project(root: Path, copies: int, src: Path = ROOT, pad_blank: bool = False,
                 tables: bool = False) -> None:
    """A project whose issue 2099-01 holds `copies` copies of the benchmark article
    (publication, styles and fonts from the checkout `src`).  `pad_blank`: the style
    pads with blank pages (page.pad: blank) — the scaling run's texts are not cut to
    fill a multiple of 4 pages, which the house style (pad: fit) asks for."""
    root.mkdir(parents=True)
    (root / "issues").mkdir()
    shutil.copy(src / "issues" / "publication.yaml", root / "issues" / "publication.yaml")
    shutil.copytree(src / "styles", root / "styles")
    if pad_blank:
        for f in (root / "styles").glob("*.yaml"):
            f.write_text(f.read_text(encoding="utf-8").replace("pad: fit", "pad: blank"),
                         encoding="utf-8")
    (root / "fonts").symlink_to(src / "fonts")
    folder = root / "issues" / KEY
    folder.mkdir()
    names = []
    for n in range(1, copies + 1):
        name = f"{n:02d}-bench.md"
        (folder / name).write_text(bench_text.markdown(n, tables), encoding="utf-8")
        names.append(name)
    (folder / "issue.yaml").write_text(
        "year: 2099\nnumber: 1\nserial: 999\ndate: 2099-01-05\ntheme: 基准测试\n"
        "articles:\n" + "".join(f"  - {x}\n" for x in names), encoding="utf-8")
    (root / "bench.typ").write_text(bench_text.typst_source(copies, FAMILIES, tables), encoding="utf-8")


def timed(cmd: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB, CPU seconds) of one cold process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def commands(root: Path, baseline: str | None = None) -> dict[str, list[str]]:
    def ours(python, out):
        return [python, "-m", "bulletin_press", "--root", str(root), "build", KEY, "-q", "-o", str(out)]
    cmds = {
        "bulletin-press build": ours(sys.executable, root / "out"),
        "bulletin-press build --screen-only": ours(sys.executable, root / "out") + ["--screen-only"],
        "typst": [sys.executable, "-c", TYPST, str(root / "bench.typ"), str(root / "bench.pdf"),
                  str(ROOT / "fonts")],
    }
    if baseline:   # its own copy of the project, with the styles and fonts of its checkout
        base = root.with_name(root.name + "-baseline")
        ours_b = [baseline, "-m", "bulletin_press", "--root", str(base), "build", KEY, "-q",
                  "-o", str(root / "base")]
        cmds["baseline build"] = ours_b
        cmds["baseline build --screen-only"] = ours_b + ["--screen-only"]
    return cmds


def pages(pdf: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(str(pdf)).pages)


def run(root: Path, runs: int, names=None, baseline=None
        ) -> dict[str, tuple[list[float], float, list[float]]]:
    cmds = commands(root, baseline)
    names = names or list(cmds)
    walls: dict[str, list[float]] = {n: [] for n in names}
    cpus: dict[str, list[float]] = {n: [] for n in names}
    peak: dict[str, float] = {n: 0.0 for n in names}
    for n in names:                      # warm-up: bytecode written, files in the page cache
        timed(cmds[n])
    for r in range(runs):
        order = names[r % len(names):] + names[:r % len(names)]   # rotate who goes first
        for n in order:
            w, m, c = timed(cmds[n])
            walls[n].append(w)
            cpus[n].append(c)
            peak[n] = max(peak[n], m)
    return {n: (walls[n], peak[n], cpus[n]) for n in names}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=8, help="copies of the article (default 8)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-scaling", action="store_true", help="skip the 1×–8× scaling run")
    ap.add_argument("--tables", action="store_true",
                    help="each copy holds a table (two-row header, year cells spanning two columns)")
    ap.add_argument("--baseline", metavar="PYTHON",
                    help="also time the bulletin-press of another install (its python)")
    args = ap.parse_args()
    try:
        import typst
    except ImportError:
        sys.exit("Typst's Python binding is missing: .venv/bin/pip install -e '.[bench]'")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / f"x{args.copies}"
        make_project(root, args.copies, tables=args.tables)
        if args.baseline:   # the checkout that python's venv belongs to
            make_project(root.with_name(root.name + "-baseline"), args.copies,
                         Path(os.path.abspath(args.baseline)).parents[2], tables=args.tables)
        res = run(root, args.runs, baseline=args.baseline)
        base = statistics.median(res["typst"][0])
        out = root / "out"
        sizes = {"bulletin-press build": [out / f"{KEY}-screen.pdf", out / f"{KEY}-print.pdf"],
                 "bulletin-press build --screen-only": [out / f"{KEY}-screen.pdf"],
                 "typst": [root / "bench.pdf"],
                 "baseline build": [root / "base" / f"{KEY}-screen.pdf", root / "base" / f"{KEY}-print.pdf"],
                 "baseline build --screen-only": [root / "base" / f"{KEY}-screen.pdf"]}
        print(f"{args.copies} copies of the benchmark article ({args.copies * 1030:,} characters"
              + (", a table each" if args.tables else "") + "); "
              f"Typst {getattr(typst, '__version__', '?')}: {pages(root / 'bench.pdf')} pages; "
              f"bulletin-press: {pages(out / f'{KEY}-screen.pdf')} pages (with masthead, TOC, 报尾)")
        cores = len(os.sched_getaffinity(0))
        print(f"medians of {args.runs} interleaved cold runs; CPU is user + system time, "
              f"'at best' that CPU spread over this machine's {cores} cores:")
        for name, (walls, peak, cpu) in res.items():
            med, c = statistics.median(walls), statistics.median(cpu)
            pdfs = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.2f} MB" for p in sizes[name])
            print(f"  {name:36} {med:6.3f} s  {med / base:5.2f}× Typst  CPU {c:6.3f} s "
                  f"(at best {c / cores / base:4.2f}× Typst)  peak RSS {peak:4.0f} MB  {pdfs}")
        if args.no_scaling:
            return
        print("scaling (medians of 3; ratio to Typst at the same size):")
        for k in (1, 2, 4, 8):
            r = Path(tmp) / f"s{k}"
            make_project(r, k, pad_blank=True)
            res = run(r, 3, ["bulletin-press build", "typst"])
            ours, theirs = (statistics.median(res[n][0]) for n in ("bulletin-press build", "typst"))
            print(f"  {k}× ({pages(r / 'out' / f'{KEY}-screen.pdf'):2} pages): bulletin-press "
                  f"{ours:6.3f} s, Typst {theirs:6.3f} s ({pages(r / 'bench.pdf')} pages), "
                  f"{ours / theirs:5.2f}×")


if __name__ == "__main__":
    main()
