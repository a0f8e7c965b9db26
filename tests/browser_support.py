"""A headless Chromium for the web edition tests (Debian's chromium + chromium-driver)."""
from __future__ import annotations

import shutil
import tempfile

from bulletin_press.output.webshots import FLAGS as SHOT_FLAGS

FLAGS = [*SHOT_FLAGS, "--disable-dev-shm-usage"]


def find_chromium() -> tuple[str, str] | None:
    """(browser, driver) paths, or None when chromium or its driver is not installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or (
        "/usr/lib/chromium/chromedriver" if shutil.os.path.exists("/usr/lib/chromium/chromedriver")
        else None)
    return (browser, driver) if browser and driver else None


def start_browser(browser: str, driver: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    profile = tempfile.mkdtemp(prefix="bp-chromium-")
    for f in FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(f)
    drv = webdriver.Chrome(service=Service(driver), options=opts)
    drv.set_page_load_timeout(30)
    drv._bp_profile = profile
    return drv


def stop_browser(drv) -> None:
    try:
        drv.quit()
    finally:
        shutil.rmtree(getattr(drv, "_bp_profile", ""), ignore_errors=True)


def set_viewport(drv, width: int, height: int) -> None:
    """Make the layout viewport exactly width × height (CSS pixels)."""
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": height, "deviceScaleFactor": 1,
                         "mobile": width < 600})


PAGE_FACTS = """
const imgs = Array.from(document.images);
return {
  scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src')),
  images: imgs.length,
  wide: Array.from(document.querySelectorAll('body *')).filter(e => {
    const r = e.getBoundingClientRect(); return r.right > window.innerWidth + 0.5 &&
      !e.closest('.scroll');}).map(e => e.tagName + '.' + e.className).slice(0, 5),
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
  fonts: document.fonts.status,
  measure: Math.max(0, ...Array.from(document.querySelectorAll('main p:not(figure p)')).map(p =>
    p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize))),
};
"""
