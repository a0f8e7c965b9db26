"""Screenshots of the web edition for `preview --web`, by Debian's headless chromium.

    find_browser() -> str | None
    screenshots(pages, dest, sizes=SIZES) -> [Path]   # dest/NAME-390.png, dest/NAME-1280.png …

chromium's own --screenshot does the work (no driver needed); each shot gets a
fresh profile and no network beyond the local files.  Without chromium the
preview prints the pages' addresses only.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

SIZES = ((390, 844), (1280, 900))    # a phone, a desktop
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--force-device-scale-factor=1")


def find_browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def screenshots(pages: list[Path], dest: Path, sizes=SIZES, browser: str | None = None) -> list[Path]:
    browser = browser or find_browser()
    if browser is None:
        return []
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("web-*.png"):
        old.unlink()
    jobs = [(Path(page), w, h) for page in pages for w, h in sizes]

    def shoot(job) -> Path | None:
        page, w, h = job
        shot = dest / f"web-{page.stem}-{w}.png"
        with tempfile.TemporaryDirectory(prefix="bp-chromium-") as profile:
            subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={w},{h}",
                            f"--screenshot={shot}", page.resolve().as_uri()],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
                           check=False)
        return shot if shot.is_file() else None

    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=3) as pool:     # one browser per shot, a few at once
        return [s for s in pool.map(shoot, jobs) if s is not None]
