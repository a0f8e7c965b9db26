"""`bulletin-press watch`: time from saving a one-character edit to the new PDF.

    .venv/bin/python benchmarks/bench_watch.py                 # 2025-04, screen + print
    .venv/bin/python benchmarks/bench_watch.py --screen-only --edits 9

A copy of the project runs `watch` in its own process (bytecode kept, as a
user's install does).  Each edit changes one character of an article body and
saves the file the way editors do (a new file renamed over the old one); the
time runs from the rename to the moment the new screen PDF (and, unless
--screen-only, the print PDF) is in place.  Target: save → new PDF ≤ 0.40 s.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _copy_project(dst: Path) -> None:
    shutil.copytree(ROOT / "issues", dst / "issues")
    shutil.copytree(ROOT / "styles", dst / "styles")
    (dst / "fonts").symlink_to(ROOT / "fonts")


def _article(folder: Path) -> tuple[Path, int]:
    """An article and the offset of a Han character in its first body paragraph."""
    for md in sorted(folder.glob("*.md")):
        text = md.read_text(encoding="utf-8")
        body = text.index("---", 3) + 3
        for i in range(body, len(text)):
            if "\u4e00" <= text[i] <= "\u9fff" and text[i - 1] not in "#\n ":
                return md, i
    raise SystemExit(f"no article with Chinese text in {folder}")


def _save(path: Path, text: str) -> float:
    tmp = path.with_name(f".{path.name}.bench")
    tmp.write_text(text, encoding="utf-8")
    t = time.perf_counter()
    os.replace(tmp, path)
    return t


def _mtime(p: Path) -> int:
    try:
        return p.stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--issue", default="2025-04")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--screen-only", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "proj"
        _copy_project(proj)
        out = proj / "build"
        targets = [out / f"{args.issue}-screen.pdf"]
        if not args.screen_only:
            targets.append(out / f"{args.issue}-print.pdf")
        cmd = [sys.executable, "-m", "bulletin_press", "--root", str(proj), "watch", args.issue]
        if args.screen_only:
            cmd.append("--screen-only")
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env=_env())
        builds = threading.Semaphore(0)
        log: list[str] = []

        def read():
            for line in proc.stdout:
                log.append(line.rstrip())
                if "pages" in line and "→" in line or "error" in line:
                    builds.release()
        threading.Thread(target=read, daemon=True).start()
        try:
            if not builds.acquire(timeout=60):
                raise SystemExit("watch did not build:\n" + "\n".join(log))
            time.sleep(0.5)           # let the observer settle after the first build
            md, at = _article(proj / "issues" / args.issue)
            original = md.read_text(encoding="utf-8")
            first, every = [], []
            for k in range(args.edits):
                text = original if k % 2 else original[:at] + "中" + original[at + 1:]
                before = [_mtime(p) for p in targets]
                t0 = _save(md, text)
                seen: dict[int, float] = {}
                while len(seen) < len(targets):
                    for i, p in enumerate(targets):
                        if i not in seen and _mtime(p) != before[i]:
                            seen[i] = time.perf_counter() - t0
                    if time.perf_counter() - t0 > 30:
                        raise SystemExit("no new PDF after 30 s:\n" + "\n".join(log))
                    time.sleep(0.002)
                builds.acquire(timeout=30)
                first.append(seen[0])
                every.append(max(seen.values()))
                time.sleep(0.3)
            names = " + ".join(p.name for p in targets)
            print(f"{args.issue} watch, {args.edits} one-character edits: save → new screen PDF "
                  f"median {statistics.median(first):.3f} s (min {min(first):.3f}, max {max(first):.3f})")
            if len(targets) > 1:
                print(f"    save → all PDFs ({names}) median {statistics.median(every):.3f} s")
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
