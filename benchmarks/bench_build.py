"""Whole-issue build benchmark: wall time from a cold process, peak memory, PDF size.

    .venv/bin/python benchmarks/bench_build.py            # sample issue + synthetic 28 pages
    .venv/bin/python benchmarks/bench_build.py --runs 5

Targets (2-core machine): a 28-page issue in under 1.5 s wall from a cold process,
peak memory under 300 MB, PDF under 3 MB.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_synthetic(root: Path, pages: int = 28) -> str:
    """An issue folder 2099-01 whose articles reuse the sample's paragraphs until
    the issue is about `pages` pages long (about 1,350 characters a page)."""
    shutil.copytree(ROOT / "issues", root / "issues")
    shutil.copytree(ROOT / "styles", root / "styles")
    (root / "fonts").symlink_to(ROOT / "fonts")
    sample = root / "issues" / "2025-04"
    paras = []
    for md in sorted(sample.glob("*.md")):
        body = md.read_text(encoding="utf-8").split("---", 2)[2]
        paras += [p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "```", "|", "!", "Table:"))]
    folder = root / "issues" / "2099-01"
    folder.mkdir()
    target = pages * 1350
    names, n, total, k = [], 0, 0, 0
    while total < target:
        n += 1
        lines = ["---", f"title: 合成测试文章第{n}篇", "author: 测试作者", "affiliation: 测试研究院研究员", "---", ""]
        for h in range(3):
            lines += [f"## {'一二三'[h]}、第{h + 1}部分", ""]
            for _ in range(6):
                p = paras[k % len(paras)]
                k += 1
                total += len(p)
                lines += [p.strip(), ""]
        name = f"{n:02d}-synthetic.md"
        (folder / name).write_text("\n".join(lines), encoding="utf-8")
        names.append(name)
    (folder / "issue.yaml").write_text(
        "year: 2099\nnumber: 1\nserial: 999\ndate: 2099-01-05\ntheme: 合成基准测试\n"
        "articles:\n" + "".join(f"  - {x}\n" for x in names), encoding="utf-8")
    return "2099-01"


def run_once(root: Path, key: str, out: Path) -> tuple[float, float, str]:
    exe = [sys.executable, "-m", "bulletin_press", "--root", str(root), "build", key, "-o", str(out)]
    t0 = time.perf_counter()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # a user's install keeps bytecode
    proc = subprocess.run(exe, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(proc.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak_mb, proc.stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        synthetic = make_synthetic(tmp / "proj")
        for key, root in (("2025-04", ROOT), (synthetic, tmp / "proj")):
            walls, peak, summary = [], 0.0, ""
            for _ in range(args.runs):
                w, p, summary = run_once(root, key, tmp / "out")
                walls.append(w)
                peak = max(peak, p)
            pages = re.search(r"(\d+) pages", summary)
            print(f"{key}: {pages.group(1) if pages else '?'} pages; wall median "
                  f"{statistics.median(walls):.2f} s (min {min(walls):.2f}); peak RSS {peak:.0f} MB")
            for pdf in sorted((tmp / "out").glob(f"{key}-*.pdf")):
                print(f"    {pdf.name}: {pdf.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
