"""The web edition in a real browser (Debian's headless chromium, through selenium):
no horizontal scrolling on a 390 px phone or a desktop, no broken image, TOC links
that arrive.  Skipped only when chromium or chromium-driver is not installed."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_support import PAGE_FACTS, find_chromium, set_viewport, start_browser, stop_browser

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium and chromium-driver are not installed")

SIZES = [(390, 844), (1280, 900)]
SHOTS = os.environ.get("BP_SCREENSHOTS")   # a folder: keep the screenshots to look at


@pytest.fixture(scope="module")
def browser():
    drv = start_browser(*CHROMIUM)
    yield drv
    stop_browser(drv)


def load(drv, page: Path, size) -> dict:
    set_viewport(drv, *size)
    drv.get(page.resolve().as_uri())
    drv.execute_async_script("const done = arguments[0]; document.fonts.ready.then(() => done());")
    facts = drv.execute_script(PAGE_FACTS)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        drv.save_screenshot(str(Path(SHOTS) / f"{page.parent.name}-{page.stem}-{size[0]}.png"))
    return facts


@pytest.mark.parametrize("key", ["2024-12", "2025-04"])
def test_no_horizontal_overflow_and_no_broken_image(browser, web_builds, key):
    _, web, _ = web_builds[key]
    pages = [web / "index.html"] + sorted(p for p in web.glob("*.html") if p.name != "index.html")
    for page in pages:
        for size in SIZES:
            facts = load(browser, page, size)
            where = (page.name, size)
            assert facts["scroll"] <= facts["inner"] == size[0], (where, facts)
            assert facts["wide"] == [], (where, facts["wide"])
            assert facts["broken"] == [], (where, facts["broken"])
            assert facts["fonts"] == "loaded", where
            # a readable measure: at most about 42 characters of body text per line
            assert facts["measure"] <= 46, (where, facts["measure"])
    # the photo of 2024-12 and the chart SVGs are really drawn
    if key == "2024-12":
        load(browser, web / "02-shuzijingji.html", SIZES[0])
        sizes = browser.execute_script(
            "return [...document.querySelectorAll('figure.chart svg, figure.figure img')]"
            ".map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
        assert len(sizes) == 2 and all(w > 300 and h > 100 for w, h in sizes), sizes


def test_wide_tables_scroll_inside_their_own_box(browser, web_builds):
    _, web, _ = web_builds["2024-12"]
    load(browser, web / "01-xianyu-pingjia.html", SIZES[0])
    boxes = browser.execute_script(
        "return [...document.querySelectorAll('.scroll')].map(b => [b.scrollWidth, b.clientWidth,"
        " getComputedStyle(b).overflowX])")
    assert any(sw > cw for sw, cw, _ in boxes), boxes      # the 16-column ranking is wider
    assert all(ov == "auto" for _, _, ov in boxes)


def test_toc_links_arrive_at_their_articles(browser, web_builds):
    from selenium.webdriver.common.by import By
    _, web, _ = web_builds["2025-04"]
    load(browser, web / "index.html", SIZES[0])
    entries = browser.find_elements(By.CSS_SELECTOR, "nav.toc a")
    titles = [e.find_element(By.CSS_SELECTOR, ".toc-title").text for e in entries]
    assert len(titles) == 4
    for i, title in enumerate(titles):
        browser.find_elements(By.CSS_SELECTOR, "nav.toc a")[i].click()
        assert browser.find_element(By.CSS_SELECTOR, "article h1").text == title
        nxt = browser.find_elements(By.CSS_SELECTOR, "a[rel=next]")
        if i + 1 < len(titles):
            assert titles[i + 1] in nxt[0].text
        else:
            assert nxt == []
        browser.back()


def test_preview_screenshots_a_page_at_a_phone_width(web_builds, tmp_path):
    from PIL import Image

    from bulletin_press.output.webshots import screenshots
    _, web, _ = web_builds["2025-03"]
    shots = screenshots([web / "index.html"], tmp_path, sizes=((390, 844),), browser=CHROMIUM[0])
    assert [s.name for s in shots] == ["web-index-390.png"]
    with Image.open(shots[0]) as im:
        assert im.size == (390, 844)
        lo, hi = im.convert("L").getextrema()
        assert hi - lo > 100            # not a blank page: dark text on white


LINE_BREAKS = """
return [...document.querySelectorAll(arguments[0] || 'article h1, h2, h3, h4, .toc-title')].map(el => {
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  let text = '', breaks = [], forced = [], top = null, n;
  while ((n = walk.nextNode())) {
    if (n.nodeType === 1) { if (n.tagName === 'BR') forced.push(text.length); continue; }
    for (let i = 0; i < n.data.length; i++) {
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
      const rects = r.getClientRects();
      if (rects.length) {
        if (top !== null && rects[0].top > top + 2) breaks.push(text.length);
        top = rects[0].top;
      }
      text += n.data[i];
    }
  }
  return [text, breaks, forced];
});
"""


def test_titles_and_headings_break_between_phrases_on_a_phone(browser, web_builds):
    from bulletin_press.output.layoutcheck import BREAK_AFTER, BREAK_BEFORE
    from bulletin_press.phrases import sure_phrases
    _, web, _ = web_builds["2025-04"]
    broke = 0
    for page in sorted(web.glob("*.html")):
        load(browser, page, SIZES[0])
        for text, breaks, forced in browser.execute_script(LINE_BREAKS):
            cuts, at = set(forced), 0
            for piece in sure_phrases(text)[:-1]:
                at += len(piece)
                cuts.add(at)
            for b in breaks:
                broke += 1
                assert b in cuts or text[b - 1] in BREAK_AFTER | {"　"} or text[b] in BREAK_BEFORE, \
                    (page.name, f"{text[:b]}｜{text[b:]}")
    assert broke >= 10            # the phone breaks many of them: the test sees real breaks


def in_wechat_column(fragment: Path, folder: Path) -> Path:
    """A WeChat fragment as the app shows it: a phone-wide page, 16 px margins."""
    page = folder / f"wechat-{fragment.parent.name}-{fragment.name}"
    page.write_text('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" '
                    'content="width=device-width, initial-scale=1"></head><body style="margin: 0; '
                    f'padding: 0 16px;">{fragment.read_text("utf-8")}</body></html>', "utf-8")
    return page


def test_no_heading_or_caption_ends_in_one_character_on_a_phone(browser, web_builds, tmp_path):
    # text-wrap: balance / pretty: a heading, title or caption whose last line would be
    # one character (县域差距依然明|显) takes another with it, in the web edition and in
    # the WeChat fragments alike
    lines = 0
    for key in ("2024-12", "2025-04"):
        _, web, wechat = web_builds[key]
        for page in sorted(web.glob("*.html")) + [in_wechat_column(f, tmp_path)
                                                 for f in sorted(wechat.glob("*.html"))]:
            load(browser, page, SIZES[0])
            for text, breaks, _ in browser.execute_script(LINE_BREAKS, "h1, h2, h3, h4, figcaption"):
                if breaks:
                    lines += 1
                    last = text[breaks[-1]:].strip()
                    assert len(last.rstrip("。，、；：？！”’）》")) >= 2, (page.name, text, last)
    assert lines >= 10        # many of them do break on a phone: the test sees real last lines
