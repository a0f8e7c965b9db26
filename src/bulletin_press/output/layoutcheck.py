"""Check a built PDF's body text the way a proofreader would, from the page.

Reads character origins back from the PDF (not from the engine's own data, so
it checks what was really printed) and reports:

- prohibited line starts and ends (禁则);
- lonely last lines (孤字: one Han character, with or without punctuation);
- orphans (a paragraph's first line alone at a page foot) and widows (its last
  line alone at a page head), and headings stranded at a page foot;
- the largest extra space between two Han characters on full lines;
- body lines (set in the body face, not headings) off the baseline grid;
- a number torn from its unit or measure word across a line break (8387|家,
  2020|年, 第|5位), and separately 亿|元 / 万|元;
- the widest space between a Han character and a Latin letter or digit;
- a title or headline (the sizes given as `title_sizes`) broken inside a word:
  the phrase oracle is BudouX, with a margin (a break must be a boundary the
  model is sure of, or stand at a space or a punctuation mark).

The rules are written out here on purpose rather than imported from the
engine: a checker that shares the engine's tables would share its mistakes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# GB/T 15834 / clreq: may not start a line
NO_START = set("，。、：；？！）》」』】〗〕］｝〉”’%％‰℃·・")
# may not end a line
NO_END = set("（《「『【〖〔［｛〈“‘")


# words a number binds to: a line that ends in a digit may not be followed by a
# line that starts with one of these (a list of our own, not the engine's)
UNIT_START = ("亿", "万", "千", "百", "元", "美元", "年", "月", "日", "天", "个", "家", "位", "名",
              "人", "户", "项", "件", "台", "套", "辆", "架", "次", "届", "期", "批", "种", "类",
              "篇", "场", "所", "座", "条", "倍", "岁", "亩", "吨", "米", "公里", "千米", "平方",
              "小时", "分钟", "%", "％", "‰", "℃", "余", "多")
MONEY_START = ("元", "美元", "欧元", "日元")
CN_DIGITS = set("〇零一二三四五六七八九十百千两")
# a title break may stand after these, or before an opening mark
BREAK_AFTER = set("，。、：；？！）》」』】〗〕］｝〉”’ ·・—…")
BREAK_BEFORE = set("（《「『【〖〔［｛〈“‘—")
# BudouX scores a phrase boundary above 0; a printed break needs at least this
SURE_BOUNDARY = 500.0


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF or 0xF900 <= o <= 0xFAFF


@dataclass
class Line:
    page: int
    y: float                 # baseline
    chars: list               # (ch, x origin, ink right x, font name, advance end x)
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
    unit_splits: list = field(default_factory=list)    # number | unit (亿|元 not counted here)
    money_splits: list = field(default_factory=list)   # 亿|元, 万|元
    hl_gaps: list = field(default_factory=list)        # Han–Latin spaces, in em
    worst_hl: str = ""
    title_breaks: list = field(default_factory=list)   # title/headline lines broken inside a word
    title_lines: int = 0

    @property
    def max_hl_gap(self) -> float:
        return max(self.hl_gaps, default=0.0)

    @property
    def min_hl_gap(self) -> float:
        return min(self.hl_gaps, default=0.0)

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
                f"max {self.max_han_gap:.3f} em, 99th percentile {p99:.3f} em; "
                f"{len(self.unit_splits)} number|unit splits, {len(self.money_splits)} 亿|元 splits; "
                f"Han–Latin space {self.min_hl_gap:.3f}–{self.max_hl_gap:.3f} em; "
                f"{len(self.title_breaks)} title breaks inside a word ({self.title_lines} title lines)")


def _page_lines(pdf: bytes, body_size: float, first_page: int,
                extra_sizes: tuple = (), extra: list | None = None) -> list[list[Line]]:
    """Body-size lines per page; lines of `extra_sizes` (all pages) go to `extra`."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(pdf)
    pages: list[list[Line]] = []
    try:
        for i in range(len(doc)):
            if i + 1 < first_page and not extra_sizes:
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
            rect = raw.FS_RECTF()
            l, r, b, t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
            for k in range(tp.count_chars()):
                code = raw.FPDFText_GetUnicode(tp, k)
                if raw.FPDFText_IsGenerated(tp, k) or code in (0, 10, 13, 32, 0xFFFE):
                    continue
                size = raw.FPDFText_GetFontSize(tp, k)
                body = abs(size - body_size) <= 0.05 and i + 1 >= first_page
                other = next((s for s in extra_sizes if abs(size - s) <= 0.05), None)
                if not body and other is None:
                    continue
                raw.FPDFText_GetCharOrigin(tp, k, ctypes.byref(x), ctypes.byref(y))
                raw.FPDFText_GetCharBox(tp, k, ctypes.byref(l), ctypes.byref(r), ctypes.byref(b), ctypes.byref(t))
                raw.FPDFText_GetLooseCharBox(tp, k, ctypes.byref(rect))
                raw.FPDFText_GetFontInfo(tp, k, buf, 128, ctypes.byref(flags))
                font = buf.value.decode("latin1", "replace")
                key = (round(y.value * 2), body)
                rows.setdefault(key, []).append((chr(code), x.value, r.value, font, rect.right))
                sizes[key] = size
            tp.close()
            page.close()
            lines = [Line(i + 1, key[0] / 2, sorted(chars, key=lambda c: c[1]), sizes[key])
                     for key, chars in rows.items()]
            lines.sort(key=lambda ln: -ln.y)
            pages.append([ln for ln in lines if abs(ln.size - body_size) <= 0.05
                          and ln.page >= first_page])
            if extra is not None:
                extra.extend(ln for ln in lines if any(abs(ln.size - s) <= 0.05 for s in extra_sizes)
                             and not (abs(ln.size - body_size) <= 0.05 and ln.page >= first_page))
    finally:
        doc.close()
    return pages


def _is_heading(line: Line) -> bool:
    """A line set wholly in a bold or sans face (run-in bold sentences share a line with text)."""
    return all(("Bold" in c[3] or "Sans" in c[3]) for c in line.chars if not c[0].isspace())


def check_layout(pdf: bytes, *, body_size: float, pitch: float, left: dict[int, float] | float,
                 width: float, block_top: float, first_page: int = 2,
                 indent_em: float = 2.0, title_sizes: tuple = ()) -> LayoutReport:
    """`left` is the text block's left edge, one value or per page number;
    `title_sizes` the sizes of the titles and the headline (checked on every page)."""
    rep = LayoutReport()
    em = body_size
    first_baseline = (pitch + body_size) / 2 - 0.12 * body_size
    titles: list[Line] = []
    pages = _page_lines(pdf, body_size, first_page, tuple(title_sizes), titles)
    _check_titles(titles, rep)

    def edge(page: int) -> float:
        return left[page] if isinstance(left, dict) else left

    prev_last: Line | None = None
    before: Line | None = None        # the body line read before this one
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
            if before is not None and not heading and not _is_heading(before):
                _check_split(before, ln, edge(before.page) + width, x_left, em, rep)
            before = ln
            _check_hl(ln, em, rep, where)
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
            runs_on = (len(body) >= 2 and body[-2].x1 >= x_left + width - 0.3 * em
                       and (body[-2].y - last.y) < pitch * 1.5 and not _is_heading(body[-2]))
            if _is_heading(last) and not last_full and not runs_on:   # not a paragraph's bold end
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


def _check_split(a: Line, b: Line, a_right: float, b_left: float, em: float, rep: LayoutReport) -> None:
    """A number and its unit torn apart where line `a` runs on into line `b`."""
    if a.x1 < a_right - 0.3 * em or abs(b.x0 - b_left) > 0.3 * em:
        return            # `a` ends its paragraph, or `b` opens one (indented)
    end, start = a.text.rstrip(), b.text.lstrip()
    if not end or not start:
        return
    where = f"p.{a.page}–{b.page} “…{end[-8:]}｜{start[:4]}…”"
    if end[-1] in "亿万" and start.startswith(MONEY_START):
        rep.money_splits.append(where)
    elif (end[-1].isdigit() and start.startswith(UNIT_START)) or \
            (end[-1] == "第" and (start[0].isdigit() or start[0] in CN_DIGITS)):
        rep.unit_splits.append(where)


def _check_hl(ln: Line, em: float, rep: LayoutReport, where: str) -> None:
    """Space between a Han character and an adjacent Latin letter or digit, advance to origin."""
    chars = ln.chars
    for a, b in zip(chars, chars[1:]):
        ha, hb = is_han(a[0]), is_han(b[0])
        if ha and (b[0].isascii() and b[0].isalnum()) or hb and (a[0].isascii() and a[0].isalnum()):
            gap = (b[1] - a[4]) / em
            if gap > 0.9:
                continue          # an editor's wide space, or a tab stop: not a Han–Latin gap
            if gap > rep.max_hl_gap:
                rep.worst_hl = f"{where} “{a[0]}{b[0]}” ({gap:.3f} em)"
            rep.hl_gaps.append(gap)


def _check_titles(lines: list[Line], rep: LayoutReport) -> None:
    """Group title lines into titles (same page and size, a line's leading apart)
    and judge every break between two of their lines."""
    from ..phrases import boundary_scores
    lines = sorted(lines, key=lambda ln: (ln.page, -ln.y))
    groups: list[list[Line]] = []
    for ln in lines:
        g = groups[-1] if groups else None
        if g and g[-1].page == ln.page and abs(g[-1].size - ln.size) < 0.05 \
                and 0 < g[-1].y - ln.y < 2.0 * ln.size:
            g.append(ln)
        else:
            groups.append([ln])
    for g in groups:
        rep.title_lines += len(g)
        texts = [ln.text.strip() for ln in g]
        whole = "".join(texts)
        scores = boundary_scores(whole)
        at = 0
        for t in texts[:-1]:
            at += len(t)
            if at >= len(whole) or not t:
                continue
            if whole[at - 1] in BREAK_AFTER or whole[at] in BREAK_BEFORE or scores[at] >= SURE_BOUNDARY:
                continue
            rep.title_breaks.append(f"p.{g[0].page} “{whole[max(0, at - 6):at]}｜{whole[at:at + 6]}”")
