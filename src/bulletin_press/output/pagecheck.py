"""The proofreader's page-level check, read back from a built PDF.

What a print-house editor looks at before signing the pages off:

- blank pages (nothing but, at most, a folio);
- pages that continue an article but stop short of the text block's last line
  (齐底: the next page does not open with an article title);
- small tables split across pages (a continuation marked （续） / 续表 whose
  two parts hold 8 body rows or fewer in all, or fewer than 3 on a side);
- the space above every article title not at a page head, in body lines
  (the white between the line above and the title, less a body line's own);
- heading binding: each heading nearer the text under it than the text above;
- a page that carries only the 报尾 (with the lines left free on the page
  before): the text could have run on and the 报尾 sat under it;
- pages in the middle of the issue (not the first nor the last) less than a
  third full: an article's tail or a short article alone under a page of white.

Like output/layoutcheck.py it reads only the PDF (characters with their size
and face, and the bottoms of drawn graphics): a check that shared the
engine's data would share its mistakes.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field


UNDERFILLED = 1 / 3          # a middle page filled less than this share of its text block
BACK_LABELS = ("报送：", "主编：", "赠阅：", "发送：", "抄送：", "电话")


@dataclass
class TLine:
    page: int
    y: float            # baseline
    size: float
    text: str
    x0: float
    x1: float
    heavy: bool         # every glyph in a bold or sans face


@dataclass
class PageReport:
    pages: int = 0
    blank: list = field(default_factory=list)          # page numbers
    short: list = field(default_factory=list)          # (page, lines short)
    split_small_tables: list = field(default_factory=list)
    title_space: list = field(default_factory=list)    # (page, title, lines above)
    loose_headings: list = field(default_factory=list)  # (page, heading, above, below)
    back_alone: list = field(default_factory=list)     # (page, lines free on the page before)
    underfilled: list = field(default_factory=list)    # (page, share of the text block filled)

    @property
    def min_title_space(self) -> float | None:
        return min((s for _, _, s in self.title_space), default=None)

    def titles_cramped(self, least: float = 2.5) -> list:
        return [t for t in self.title_space if t[2] < least]

    def summary(self) -> str:
        least = self.min_title_space
        return (f"{self.pages} pages: {len(self.blank)} blank, {len(self.short)} short of the "
                f"last line while an article goes on, {len(self.split_small_tables)} small tables "
                f"split, {len(self.titles_cramped())} titles with under 2.5 lines above "
                f"(least {'–' if least is None else f'{least:.2f}'}), "
                f"{len(self.loose_headings)} headings not nearer their text than the text above, "
                f"{len(self.back_alone)} pages with only the 报尾, "
                f"{len(self.underfilled)} middle pages under {UNDERFILLED:.0%} full")


def _read(pdf: bytes):
    """Per page: (text lines, [(bottom, top)] of drawn graphics, page height)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            rows: dict[tuple[int, int], list] = {}
            x = ctypes.c_double()
            y = ctypes.c_double()
            buf = ctypes.create_string_buffer(128)
            flags = ctypes.c_int()
            for k in range(tp.count_chars()):
                code = raw.FPDFText_GetUnicode(tp, k)
                if raw.FPDFText_IsGenerated(tp, k) or code in (0, 10, 13, 0xFFFE):
                    continue
                size = raw.FPDFText_GetFontSize(tp, k)
                raw.FPDFText_GetCharOrigin(tp, k, ctypes.byref(x), ctypes.byref(y))
                raw.FPDFText_GetFontInfo(tp, k, buf, 128, ctypes.byref(flags))
                font = buf.value.decode("latin1", "replace")
                rows.setdefault((round(y.value * 2), round(size * 4)), []).append(
                    (chr(code), x.value, font))
            tp.close()
            lines = []
            for (yk, sk), chars in rows.items():
                chars.sort(key=lambda c: c[1])
                ink = [c for c in chars if not c[0].isspace()]
                heavy = bool(ink) and all(("Bold" in c[2] or "Sans" in c[2]) for c in ink)
                text = "".join(c[0] for c in chars).strip()
                if text:
                    lines.append(TLine(i + 1, yk / 2, sk / 4, text, chars[0][1], chars[-1][1], heavy))
            lines.sort(key=lambda ln: (-ln.y, ln.x0))
            boxes = []
            for obj in page.get_objects():
                if obj.type in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE):
                    _, bottom, _, top = obj.get_bounds()
                    boxes.append((bottom, top))
            out.append((lines, boxes, page.get_height()))
            page.close()
    finally:
        doc.close()
    return out


def check_pages(pdf: bytes, *, body_size: float, pitch: float, block_top: float,
                block_bottom: float, table_size: float | None = None,
                title_size: float | None = None) -> PageReport:
    """Page-level figures of `pdf`.  Geometry in points of the PDF's pages
    (the screen PDF: trim = media).  Titles are lines at least `title_size`
    (default 1.6 × body) and under 30 pt; table text is smaller than the body."""
    rep = PageReport()
    pages = _read(pdf)
    rep.pages = len(pages)
    tsize = title_size or body_size * 1.6
    last_base = block_bottom + pitch - ((pitch + body_size) / 2 - 0.12 * body_size)

    def inside(ln: TLine) -> bool:
        return block_bottom - 1 <= ln.y <= block_top + 1

    def is_title(ln: TLine) -> bool:
        return tsize - 0.05 <= ln.size < 30

    texts = [[ln for ln in lines if inside(ln)] for lines, _, _ in pages]
    lows = []
    for n, ((lines, boxes, _), body) in enumerate(zip(pages, texts), start=1):
        drawn = [bt for bt in boxes if bt[1] > block_bottom + 1 and bt[0] < block_top - 1]
        lows.append(min((bt[0] for bt in drawn), default=None))
        if not body and not drawn:
            rep.blank.append(n)
    # the 报尾 alone on a page; middle pages under a third full
    height = block_top - block_bottom
    for n, ((lines, boxes, _), body) in enumerate(zip(pages, texts), start=1):
        if n in rep.blank:
            continue
        labels = [ln for ln in body if ln.size < body_size - 0.05
                  and any(ln.text.startswith(w) for w in BACK_LABELS)]
        if labels:
            back_top = max(ln.y for ln in labels) + 1.5 * pitch
            above = [ln for ln in body if ln.y > back_top]
            if not above and n > 1:
                prev = texts[n - 2]
                free = (min(ln.y for ln in prev) - last_base) / pitch if prev else 0.0
                low = lows[n - 2]
                if low is not None and low >= block_bottom - 1:
                    free = min(free, (low - block_bottom) / pitch)
                rep.back_alone.append((n, max(0, round(free))))
            continue
        if n == 1 or n == len(pages) or not body:
            continue
        low = min([ln.y - 0.12 * ln.size for ln in body] + [b for b in [lows[n - 1]] if b is not None])
        fill = (block_top - low) / height
        if fill < UNDERFILLED:
            rep.underfilled.append((n, round(fill, 2)))
    # short pages while an article goes on
    for n in range(1, len(pages)):
        body, nxt = texts[n - 1], texts[n]
        if not body or not nxt:
            continue
        if is_title(nxt[0]):
            continue       # the next page opens an article: this one may end early
        gap_text = min(ln.y for ln in body) - last_base
        low = lows[n - 1]
        gap_graphic = (low - block_bottom) if low is not None and low >= block_bottom - 1 else None
        if gap_text > 0.6 * pitch and (gap_graphic is None or gap_graphic > 1.4 * pitch):
            gap = gap_text if gap_graphic is None else min(gap_text, gap_graphic - 0.3 * pitch)
            rep.short.append((n, max(1, round(gap / pitch))))
    # split small tables
    small = table_size or body_size - 0.5
    for n in range(2, len(pages) + 1):
        body = texts[n - 1]
        if not body or not any(s in body[0].text for s in ("（续）", "续表")):
            continue
        prev = texts[n - 2]
        run_a: list[TLine] = []
        for ln in reversed(prev):
            if ln.size <= small + 0.05:
                run_a.insert(0, ln)
            else:
                break
        run_b: list[TLine] = []
        for ln in body:
            if ln.size <= small + 0.05:
                run_b.append(ln)
            else:
                break
        # the header rows repeated under the （续） caption: the lines of B after its caption
        # that repeat, in order, lines of A
        ja = next((i for i, ln in enumerate(run_a) if len(run_b) > 1 and ln.text == run_b[1].text), None)
        k = 0
        if ja is not None:
            while (1 + k < len(run_b) and ja + k < len(run_a)
                   and run_b[1 + k].text == run_a[ja + k].text):
                k += 1
        start_a = (ja + k) if ja is not None else 1
        rows_a = _body_rows(run_a[start_a:], small)
        rows_b = _body_rows(run_b[1 + k:], small)
        if rows_a < 3 or rows_b < 3 or rows_a + rows_b <= 8:
            rep.split_small_tables.append((n - 1, rows_a, rows_b))
    # space above titles; heading binding
    for n, body in enumerate(texts, start=1):
        full = [ln for ln in body if abs(ln.size - body_size) < 0.05]
        right = max((ln.x1 for ln in full), default=0.0)
        for k, ln in enumerate(body):
            if is_title(ln) and k > 0 and not is_title(body[k - 1]):
                above = body[k - 1]
                if above.size >= 30:
                    continue
                white = (above.y - 0.12 * above.size) - (ln.y + 0.88 * ln.size)
                lines = (white - (pitch - body_size)) / pitch
                rep.title_space.append((n, ln.text, round(lines, 2)))
            if (ln.heavy and body_size - 0.05 <= ln.size < tsize and 0 < k < len(body) - 1):
                above, below = body[k - 1], body[k + 1]
                if above.heavy or is_title(above) or below.heavy:
                    continue   # a heading under a heading or a title: one unit with it
                if (above.x1 >= right - body_size and abs(above.size - body_size) < 0.05
                        and above.y - ln.y < 1.2 * pitch):
                    continue   # the line above runs on into this one: a paragraph's bold end
                if abs(above.y - ln.y) < 1 or abs(below.y - ln.y) < 1:
                    continue   # shares a baseline: a run-in, not a heading
                up, down = above.y - ln.y, ln.y - below.y
                if up > 3 * pitch:
                    continue   # a float or a table between: not the text above
                if down >= up - 0.5:
                    rep.loose_headings.append((n, ln.text[:16], round(up / pitch, 2),
                                               round(down / pitch, 2)))
    return rep


def _body_rows(lines: list[TLine], small: float) -> int:
    """Body rows of a table part (the baselines of its lines), the smaller note lines left out."""
    return len(_rows([ln for ln in lines if ln.size >= small - 1.5]))


def _rows(lines: list[TLine]) -> list[float]:
    """Distinct baselines: a table row may hold several cells on one baseline."""
    ys: list[float] = []
    for ln in lines:
        if not ys or abs(ys[-1] - ln.y) > 0.5:
            ys.append(ln.y)
    return ys
