"""Check a built PDF's body text the way a proofreader would, from the page.

Reads character origins back from the PDF (not from the engine's own data, so
it checks what was really printed) and reports:

- prohibited line starts and ends (禁则);
- lonely last lines (孤字: one Han character, with or without punctuation);
- orphans (a paragraph's first line alone at a page foot) and widows (its last
  line alone at a page head), and headings stranded at a page foot;
- the largest extra space between two Han characters on full lines;
- body lines (set in the body face, not headings) off the baseline grid.

The rules are written out here on purpose rather than imported from the
engine: a checker that shares the engine's tables would share its mistakes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# GB/T 15834 / clreq: may not start a line
NO_START = set("，。、：；？！）》」』】〗〕］｝〉”’%％‰℃·・")
# may not end a line
NO_END = set("（《「『【〖〔［｛〈“‘")


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF or 0xF900 <= o <= 0xFAFF


@dataclass
class Line:
    page: int
    y: float                 # baseline
    chars: list               # (ch, x origin, advance end x, font name)
    size: float

    @property
    def text(self) -> str:
        return "".join(c[0] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0][1]

    @property
    def x1(self) -> float:
        return self.chars[-1][2]


@dataclass
class LayoutReport:
    lines: int = 0
    full_lines: int = 0
    bad_starts: list = field(default_factory=list)
    bad_ends: list = field(default_factory=list)
    lonely: list = field(default_factory=list)
    orphans: list = field(default_factory=list)
    widows: list = field(default_factory=list)
    stranded_headings: list = field(default_factory=list)
    off_grid: list = field(default_factory=list)
    han_gaps: list = field(default_factory=list)   # largest extra gap per full line, in em
    worst_han: str = ""                            # where the largest one is

    @property
    def max_han_gap(self) -> float:
        return max(self.han_gaps, default=0.0)

    def summary(self) -> str:
        gaps = sorted(self.han_gaps)
        p99 = gaps[int(len(gaps) * 0.99) - 1] if gaps else 0.0
        return (f"{self.lines} body lines ({self.full_lines} full): "
                f"{len(self.bad_starts)} prohibited starts, {len(self.bad_ends)} prohibited ends, "
                f"{len(self.lonely)} lonely characters, {len(self.orphans)} orphans, "
                f"{len(self.widows)} widows, {len(self.stranded_headings)} stranded headings, "
                f"{len(self.off_grid)} lines off the grid; extra Han gap on full lines: "
                f"max {self.max_han_gap:.3f} em, 99th percentile {p99:.3f} em")


def _page_lines(pdf: bytes, body_size: float, first_page: int) -> list[list[Line]]:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(pdf)
    pages: list[list[Line]] = []
    try:
        for i in range(len(doc)):
            if i + 1 < first_page:
                pages.append([])
                continue
            page = doc[i]
            tp = page.get_textpage()
            rows: dict[int, list] = {}
            sizes: dict[int, float] = {}
            x = ctypes.c_double()
            y = ctypes.c_double()
            buf = ctypes.create_string_buffer(128)
            flags = ctypes.c_int()
            for k in range(tp.count_chars()):
                code = raw.FPDFText_GetUnicode(tp, k)
                if raw.FPDFText_IsGenerated(tp, k) or code in (0, 10, 13, 32, 0xFFFE):
                    continue
                size = raw.FPDFText_GetFontSize(tp, k)
                if abs(size - body_size) > 0.05:
                    continue
                raw.FPDFText_GetCharOrigin(tp, k, ctypes.byref(x), ctypes.byref(y))
                l, r, b, t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
                raw.FPDFText_GetCharBox(tp, k, ctypes.byref(l), ctypes.byref(r), ctypes.byref(b), ctypes.byref(t))
                raw.FPDFText_GetFontInfo(tp, k, buf, 128, ctypes.byref(flags))
                font = buf.value.decode("latin1", "replace")
                key = round(y.value * 2)
                rows.setdefault(key, []).append((chr(code), x.value, r.value, font))
                sizes[key] = size
            tp.close()
            page.close()
            lines = [Line(i + 1, key / 2, sorted(chars, key=lambda c: c[1]), sizes[key])
                     for key, chars in rows.items()]
            lines.sort(key=lambda ln: -ln.y)
            pages.append(lines)
    finally:
        doc.close()
    return pages


def _is_heading(line: Line) -> bool:
    """A line set wholly in a bold or sans face (run-in bold sentences share a line with text)."""
    return all(("Bold" in c[3] or "Sans" in c[3]) for c in line.chars if not c[0].isspace())


def check_layout(pdf: bytes, *, body_size: float, pitch: float, left: dict[int, float] | float,
                 width: float, block_top: float, first_page: int = 2,
                 indent_em: float = 2.0) -> LayoutReport:
    """`left` is the text block's left edge, one value or per page number."""
    rep = LayoutReport()
    em = body_size
    first_baseline = (pitch + body_size) / 2 - 0.12 * body_size
    pages = _page_lines(pdf, body_size, first_page)

    def edge(page: int) -> float:
        return left[page] if isinstance(left, dict) else left

    prev_last: Line | None = None
    for lines in pages:
        body = [ln for ln in lines if ln.chars]
        for n, ln in enumerate(body):
            rep.lines += 1
            x_left = edge(ln.page)
            right = x_left + width
            text = ln.text
            where = f"p.{ln.page} “{text[:12]}…”"
            full = ln.x1 >= right - 0.3 * em and ln.x0 <= x_left + indent_em * em + 0.3 * em
            heading = _is_heading(ln)
            if text[0] in NO_START:
                rep.bad_starts.append(where)
            if text[-1] in NO_END:
                rep.bad_ends.append(where)
            # the grid: every body-size baseline a whole number of pitches below the first
            # line's baseline (the em box centred in the pitch: see typeset/paragraph.py)
            steps = (block_top - first_baseline - ln.y) / pitch
            body_face = sum("Serif" in c[3] for c in ln.chars) * 2 > len(ln.chars)
            if body_face and not heading and abs(steps - round(steps)) * pitch > 0.6:
                rep.off_grid.append(f"{where} ({steps:.2f} pitches)")
            if full and not heading:
                rep.full_lines += 1
                gaps = []
                for a, b in zip(ln.chars, ln.chars[1:]):
                    if is_han(a[0]) and is_han(b[0]):
                        gap = (b[1] - a[1] - em) / em
                        if gap < 0.5:   # a wider gap is a space the editor typed
                            gaps.append(gap)
                if gaps:
                    if max(gaps) > rep.max_han_gap:
                        rep.worst_han = f"{where} ({max(gaps):.3f} em)"
                    rep.han_gaps.append(max(gaps))
            else:
                # a short line ends a paragraph: count what stands on it
                if not heading and ln.x1 < right - 0.3 * em:
                    han = sum(1 for c in text if is_han(c))
                    if han == 1 and len(text.strip()) <= 3:
                        rep.lonely.append(where)
        if body:
            first, last = body[0], body[-1]
            x_left = edge(last.page)
            indented = abs(last.x0 - (x_left + indent_em * em)) < 0.3 * em
            last_full = last.x1 >= x_left + width - 0.3 * em
            if _is_heading(last) and not last_full:
                rep.stranded_headings.append(f"p.{last.page} “{last.text[:12]}…”")
            elif indented and last_full and not _is_heading(last):
                # first line of a paragraph, and the paragraph goes on: alone at the foot?
                if len(body) < 2 or body[-2].x1 < x_left + width - 0.3 * em or _is_heading(body[-2]) \
                        or (body[-2].y - last.y) > pitch * 1.5:
                    rep.orphans.append(f"p.{last.page} “{last.text[:12]}…”")
            if prev_last is not None:
                fx = edge(first.page)
                cont = abs(first.x0 - fx) < 0.3 * em           # not indented: a continuation
                short = first.x1 < fx + width - 0.3 * em
                prev_full = prev_last.x1 >= edge(prev_last.page) + width - 0.3 * em
                if cont and short and prev_full and not _is_heading(first) and not _is_heading(prev_last):
                    nxt = body[1] if len(body) > 1 else None
                    if nxt is None or abs(nxt.x0 - (fx + indent_em * em)) < 0.3 * em or _is_heading(nxt) \
                            or (first.y - nxt.y) > pitch * 1.5:
                        rep.widows.append(f"p.{first.page} “{first.text[:12]}…”")
            prev_last = last
    return rep
