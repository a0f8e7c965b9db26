"""Charts from the ```chart block: line, bar (horizontal) and column (vertical).

    build_chart(chart, style, fonts, width, *, make_text=None, number=None) -> ChartBlock

The chart is vector graphics (our own shapes, typeset/shapes.py) with its labels
in the style's faces.  Under the plot stands the legend, under that the caption (图
captions go below in Chinese practice) and the note.  The block's height is
`charts.height` rounded to whole body line pitches, plus whole pitches for the
caption and note, so body text after it stays on the grid.

Colours: `charts.colors` (CMYK) for the series, style colours for axes and text.
The shapes, and the page plan made from them (typeset/vector.py), hold model
colours, and the PDF being drawn picks the colour space (print: CMYK operators
only; screen: RGB).  `ChartBlock.shapes()` is the graphic alone; the HTML edition
makes a reportlab Drawing of it for its SVG and PNG (render/html/assets.py
`reportlab_drawing`), and only it imports reportlab.graphics (which imports
reportlab.platypus): a PDF build never does.

Series stay apart in black-and-white print: every series has its own dash
pattern and marker shape (lines) or hatching (bars) as well as its colour.
"""
from __future__ import annotations

import math
from dataclasses import replace

from .. import model as m
from ..errors import fail
from ..model.style import Color, Style
from .cellbox import CanvasColorDrawing, color_of, length, plain
from .flowable import Flowable
from .fonts import FontSet
from .shapes import Drawing, Group, Line, PolyLine, Polygon, Rect, String

TYPES = ("line", "bar", "column")
DASHES = [None, [4, 2], [1.2, 1.6], [6, 2, 1.2, 2], [2.5, 2.5]]
MARKERS = ["circle", "square", "triangle", "diamond", "cross"]
HATCHES = [None, "/", "\\", "x", "-"]
DEFAULT_COLORS = [Color(0, 1, 1, 0.1), Color(1, 0.6, 0, 0.1), Color(0, 0.4, 1, 0), Color(0.6, 0, 1, 0.2)]
GRID = Color(0, 0, 0, 0.22)
WHITE = Color(0, 0, 0, 0)        # the hatching over a bar


# ---------------------------------------------------------------- data checks

def _check(chart: m.Chart) -> list[tuple[str, list[float | None]]]:
    pos = chart.pos
    if chart.type not in TYPES:
        raise fail(pos, f"chart type “{chart.type}” is not one bulletin-press draws",
                   "use type: line, bar or column")
    if not chart.x:
        raise fail(pos, "the chart has no x values", "give x: [a list of labels]")
    if not chart.series:
        raise fail(pos, "the chart has no series", "give series: {name: [values …]}")
    n = len(chart.x)
    out = []
    for name, values in chart.series:
        if not isinstance(values, (list, tuple)):
            raise fail(pos, f"series “{name}” is not a list of numbers",
                       f"write it as {name}: [v1, v2, …] with {n} values")
        if len(values) != n:
            raise fail(pos, f"series “{name}” has {len(values)} values but x has {n}",
                       f"give {name} one value per x label ({n})")
        vals: list[float | None] = []
        for i, v in enumerate(values):
            if v is None:
                vals.append(None)
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise fail(pos, f"series “{name}” value {i + 1} (at {chart.x[i]}) is “{v}”, "
                           "not a number", "write a number such as 9.6, or null for no value")
            vals.append(float(v))
        out.append((str(name), vals))
    if all(v is None for _, vals in out for v in vals):
        raise fail(pos, "the chart has no values", "give each series numbers")
    for key in ("y_min", "y_max"):
        v = getattr(chart, key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))
                              or not math.isfinite(v)):
            raise fail(pos, f"{key} is “{v}”, not a number", f"write {key}: 0 or leave it out")
    if chart.y_min is not None and chart.y_max is not None and chart.y_min >= chart.y_max:
        raise fail(pos, f"y_min {chart.y_min:g} is not below y_max {chart.y_max:g}",
                   "make y_min smaller than y_max")
    for name, vals in out:
        for i, v in enumerate(vals):
            if v is None:
                continue
            if chart.y_min is not None and v < chart.y_min:
                raise fail(pos, f"series “{name}” value {v:g} (at {chart.x[i]}) is below "
                           f"y_min {chart.y_min:g}", "lower y_min or leave it out")
            if chart.y_max is not None and v > chart.y_max:
                raise fail(pos, f"series “{name}” value {v:g} (at {chart.x[i]}) is above "
                           f"y_max {chart.y_max:g}", "raise y_max or leave it out")
    return out


# ---------------------------------------------------------------- scale

def _intervals(lo: float, hi: float, step: float) -> int:
    return round(math.ceil(hi / step - 1e-9) - math.floor(lo / step + 1e-9))


def nice_ticks(lo: float, hi: float, *, y_min=None, y_max=None, zero=False,
               target: int = 5) -> tuple[float, float, list[float]]:
    """Axis range and ticks: steps of 1, 2 or 5 × 10^n giving the count of intervals
    nearest `target` (4–7 read best), y_min/y_max honoured, 0 included when asked."""
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if y_min is not None:
        lo = y_min
    if y_max is not None:
        hi = y_max
    if hi <= lo:
        hi = lo + (abs(lo) if lo else 1.0)
    e0 = math.floor(math.log10(hi - lo))
    cands = [f * 10.0 ** e for e in range(e0 - 2, e0 + 2) for f in (1, 2, 5)]

    def score(st):
        n = _intervals(lo, hi, st)
        a = math.floor(lo / st + 1e-9) * st if y_min is None else lo
        b = math.ceil(hi / st - 1e-9) * st if y_max is None else hi
        waste = 1 - (hi - lo) / (b - a)
        return abs(n - target) + 2 * waste, -st

    step = min(cands, key=score)
    a = y_min if y_min is not None else math.floor(lo / step + 1e-9) * step
    b = y_max if y_max is not None else math.ceil(hi / step - 1e-9) * step
    if b <= a:
        b = a + step
    first = math.ceil(a / step - 1e-9) * step
    ticks = []
    t = first
    while t <= b + step * 1e-6:
        ticks.append(round(t, 10) + 0.0)
        t += step
    return a, b, ticks


def _fmt(v: float, step: float) -> str:
    """A tick label with as many decimals as the step needs (2, 0.5, 0.25 …)."""
    dec = 0
    while dec < 6 and abs(step * 10 ** dec - round(step * 10 ** dec)) > 1e-6:
        dec += 1
    text = f"{v:.{dec}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


# ---------------------------------------------------------------- drawing helpers

def _marker(kind: str, x: float, y: float, r: float, color, stroke_w: float):
    if kind == "circle":
        n = 16
        pts = []
        for i in range(n):
            a = 2 * math.pi * i / n
            pts += [x + r * math.cos(a), y + r * math.sin(a)]
        return Polygon(pts, fillColor=color, strokeColor=None)
    if kind == "square":
        r *= 0.9
        return Rect(x - r, y - r, 2 * r, 2 * r, fillColor=color, strokeColor=None)
    if kind == "triangle":
        r *= 1.2
        return Polygon([x, y + r, x - r * 0.866, y - r / 2, x + r * 0.866, y - r / 2],
                       fillColor=color, strokeColor=None)
    if kind == "diamond":
        r *= 1.2
        return Polygon([x, y + r, x - r, y, x, y - r, x + r, y], fillColor=color, strokeColor=None)
    g = Group()
    g.add(Line(x - r, y - r, x + r, y + r, strokeColor=color, strokeWidth=stroke_w))
    g.add(Line(x - r, y + r, x + r, y - r, strokeColor=color, strokeWidth=stroke_w))
    return g


def _hatch(kind, x, y, w, h, color, gap=2.6, width=0.5):
    """Hatch lines clipped to the rectangle (x, y, w, h)."""
    g = Group()
    if kind is None or w <= 0 or h <= 0:
        return g
    if kind == "-":
        t = y + gap / 2
        while t < y + h:
            g.add(Line(x, t, x + w, t, strokeColor=color, strokeWidth=width))
            t += gap
        return g
    dirs = {"/": [1], "\\": [-1], "x": [1, -1]}[kind]
    for d in dirs:
        # lines y' = d*(x'-x) + c, walk c across the box
        c0, c1 = (-w, h) if d == 1 else (0, h + w)
        c = c0 + gap / 2
        while c < c1:
            pts = []
            for px in (0.0, w):
                py = d * px + c
                if 0 <= py <= h:
                    pts.append((px, py))
            for py in (0.0, h):
                px = (py - c) / d
                if 0 <= px <= w:
                    pts.append((px, py))
            pts = sorted(set((round(a, 6), round(b, 6)) for a, b in pts))
            if len(pts) >= 2:
                (ax, ay), (bx, by) = pts[0], pts[-1]
                g.add(Line(x + ax, y + ay, x + bx, y + by, strokeColor=color, strokeWidth=width))
            c += gap * 1.414
    return g


def _wrap_chars(text: str, face, size: float, width: float) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if cur and face.width(cur + ch, size) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines or [""]


# ---------------------------------------------------------------- the chart

class _Plan:
    """Geometry and labels of one chart; `drawing()` paints it (shapes in model colours)."""

    def __init__(self, chart: m.Chart, series, style: Style, fonts: FontSet, width: float,
                 height: float):
        self.chart, self.series, self.style, self.fonts = chart, series, style, fonts
        self.width, self.height = width, height
        T = style.text
        label_role = T.get("table", style.body)
        self.face = fonts.face(label_role.font, False)
        self.size = length(style.charts.get("label_size"), max(7.5, label_role.size - 1))
        colors = style.charts.get("colors") or DEFAULT_COLORS
        self.colors = [color_of(c, DEFAULT_COLORS[i % 4]) for i, c in enumerate(colors)]
        self.text_color = style.color("black")
        self.axis_color = style.color("black")
        self.grid_color = color_of(style.charts.get("grid"), GRID)

    def sw(self, text: str, size: float | None = None) -> float:
        return self.face.width(text, size or self.size)

    def series_look(self, i: int):
        return (self.colors[i % len(self.colors)], DASHES[i % len(DASHES)],
                MARKERS[i % len(MARKERS)], HATCHES[i % len(HATCHES)])

    # ------------------------------------------------------------ legend
    def legend_items(self):
        kind = self.chart.type
        items = []
        for i, (name, _) in enumerate(self.series):
            key_w = 22 if kind == "line" else 9
            items.append((i, name, key_w, key_w + 3 + self.sw(name)))
        return items

    def legend_rows(self, width: float):
        rows, cur, cur_w = [], [], 0.0
        gap = 1.5 * self.size
        for it in self.legend_items():
            w = it[3]
            if cur and cur_w + gap + w > width:
                rows.append((cur, cur_w))
                cur, cur_w = [], 0.0
            cur_w += (gap if cur else 0) + w
            cur.append(it)
        if cur:
            rows.append((cur, cur_w))
        return rows

    def legend_height(self) -> float:
        if len(self.series) < 2 and not self.series[0][0]:
            return 0.0
        return len(self.legend_rows(self.width)) * self.size * 1.6

    # ------------------------------------------------------------ paint
    def drawing(self) -> Drawing:
        ch, fs = self.chart, self.size
        d = Drawing(self.width, self.height, self.face.name, fs)
        text_c = self.text_color
        kind = ch.type
        horizontal = kind == "bar"
        values = [v for _, vals in self.series for v in vals if v is not None]
        lo, hi = min(values), max(values)
        bars = kind in ("bar", "column")
        zero = bars or (lo >= 0 and lo <= 0.35 * hi)
        a, b, ticks = nice_ticks(lo, hi, y_min=ch.y_min, y_max=ch.y_max, zero=zero)
        step = ticks[1] - ticks[0] if len(ticks) > 1 else (b - a)
        labels = [_fmt(t, step) for t in ticks]
        xs = [str(x) for x in ch.x]

        legend_h = self.legend_height()
        unit_h = fs * 2.2 if ch.unit else fs * 0.6
        top = self.height - unit_h
        bottom = legend_h
        if horizontal:
            left = max(self.sw(x) for x in xs) + fs * 0.6
            right = self.width - max(self.sw(labels[-1]) / 2, fs)
            bottom += fs * 1.8            # value labels under the axis
            plot = (left, bottom, right, top)
        else:
            left = max(self.sw(t) for t in labels) + fs * 0.6
            right = self.width - fs * 0.5
            n = len(xs)
            slot = (right - left) / n
            widest = max(self.sw(x) for x in xs)
            self.rotate = widest > slot * 0.92
            if self.rotate:
                bottom += widest * 0.71 + fs * 1.3
            else:
                bottom += fs * 1.8
            plot = (left, bottom, right, top)
        x0, y0, x1, y1 = plot

        def vpos(v):   # value -> coordinate along the value axis
            if horizontal:
                return x0 + (v - a) / (b - a) * (x1 - x0)
            return y0 + (v - a) / (b - a) * (y1 - y0)

        # grid lines and value labels
        for t, lab in zip(ticks, labels):
            p = vpos(t)
            if horizontal:
                if abs(t - a) > 1e-9:
                    d.add(Line(p, y0, p, y1, strokeColor=self.grid_color, strokeWidth=0.35))
                d.add(String(p, y0 - fs * 1.25, lab, fontName=self.face.name, fontSize=fs,
                             fillColor=text_c, textAnchor="middle"))
            else:
                if abs(t - a) > 1e-9:
                    d.add(Line(x0, p, x1, p, strokeColor=self.grid_color, strokeWidth=0.35))
                d.add(String(x0 - fs * 0.4, p - fs * 0.35, lab, fontName=self.face.name,
                             fontSize=fs, fillColor=text_c, textAnchor="end"))
        # unit, top left above the value axis (bar: at the right end of it)
        if ch.unit:
            unit = f"单位：{ch.unit}"
            if horizontal:
                d.add(String(x1, y1 + fs * 1.0, unit, fontName=self.face.name, fontSize=fs,
                             fillColor=text_c, textAnchor="end"))
            else:
                d.add(String(0, y1 + fs * 1.0, unit, fontName=self.face.name, fontSize=fs,
                             fillColor=text_c))
        n = len(xs)
        ns = len(self.series)
        if horizontal:
            slot = (y1 - y0) / n
            centres = [y1 - (i + 0.5) * slot for i in range(n)]
            for i, x in enumerate(xs):
                d.add(String(x0 - fs * 0.4, centres[i] - fs * 0.35, x, fontName=self.face.name,
                             fontSize=fs, fillColor=text_c, textAnchor="end"))
        else:
            slot = (x1 - x0) / n
            centres = [x0 + (i + 0.5) * slot for i in range(n)]
            for i, x in enumerate(xs):
                if self.rotate:
                    d.add(Group(String(0, 0, x, fontName=self.face.name, fontSize=fs,
                                       fillColor=text_c, textAnchor="end"),
                                transform=(0.7071, 0.7071, -0.7071, 0.7071,
                                           centres[i] + fs * 0.3, y0 - fs * 0.6)))
                else:
                    d.add(String(centres[i], y0 - fs * 1.25, x, fontName=self.face.name,
                                 fontSize=fs, fillColor=text_c, textAnchor="middle"))
        base = vpos(min(max(0.0, a), b)) if bars else None
        line_w = 1.1
        if kind == "line":
            for si, (name, vals) in enumerate(self.series):
                c, dash, mk, _ = self.series_look(si)
                seg: list[float] = []
                segs = []
                for i, v in enumerate(vals):
                    if v is None:
                        if seg:
                            segs.append(seg)
                        seg = []
                        continue
                    seg += [centres[i], vpos(v)]
                if seg:
                    segs.append(seg)
                for s in segs:
                    if len(s) >= 4:
                        d.add(PolyLine(s, strokeColor=c, strokeWidth=line_w,
                                       strokeDashArray=dash, strokeLineJoin=1))
                for i, v in enumerate(vals):
                    if v is not None:
                        d.add(_marker(mk, centres[i], vpos(v), 2.1, c, 0.9))
        else:
            group = slot * (0.72 if ns > 1 else 0.55)
            bw = group / ns
            for si, (name, vals) in enumerate(self.series):
                c, _, _, hatch = self.series_look(si)
                for i, v in enumerate(vals):
                    if v is None:
                        continue
                    p = vpos(v)
                    off = (-group / 2 + si * bw)
                    if horizontal:
                        yb = centres[i] + group / 2 - (si + 1) * bw
                        rx, rw = min(base, p), abs(p - base)
                        d.add(Rect(rx, yb, rw, bw, fillColor=c, strokeColor=None))
                        d.add(_hatch(hatch, rx, yb, rw, bw, WHITE))
                    else:
                        xb = centres[i] + off
                        ry, rh = min(base, p), abs(p - base)
                        d.add(Rect(xb, ry, bw, rh, fillColor=c, strokeColor=None))
                        d.add(_hatch(hatch, xb, ry, bw, rh, WHITE))
        # axes: the category axis at zero (or at the bottom), the value axis at the left
        ax = self.axis_color
        if horizontal:
            d.add(Line(x0, y0, x1, y0, strokeColor=ax, strokeWidth=0.6))
            zx = base if base is not None else x0
            d.add(Line(zx, y0, zx, y1, strokeColor=ax, strokeWidth=0.6))
            for t in ticks:
                p = vpos(t)
                d.add(Line(p, y0, p, y0 - 2.5, strokeColor=ax, strokeWidth=0.5))
        else:
            d.add(Line(x0, y0, x0, y1, strokeColor=ax, strokeWidth=0.6))
            zy = base if base is not None else y0
            d.add(Line(x0, zy, x1, zy, strokeColor=ax, strokeWidth=0.6))
            if zy != y0:
                d.add(Line(x0, y0, x1, y0, strokeColor=ax, strokeWidth=0.35))
            for t in ticks:
                p = vpos(t)
                d.add(Line(x0, p, x0 - 2.5, p, strokeColor=ax, strokeWidth=0.5))
            for i in range(n + 1):
                xx = x0 + i * slot
                d.add(Line(xx, y0, xx, y0 - 2.5, strokeColor=ax, strokeWidth=0.5))
        # legend, centred under the plot
        if legend_h:
            rows = self.legend_rows(self.width)
            y = legend_h - fs * 1.25
            gap = 1.5 * fs
            for items, row_w in rows:
                x = (self.width - row_w) / 2
                for si, name, key_w, w in items:
                    c, dash, mk, hatch = self.series_look(si)
                    if kind == "line":
                        ym = y + fs * 0.35
                        d.add(Line(x, ym, x + key_w, ym, strokeColor=c, strokeWidth=line_w,
                                   strokeDashArray=dash))
                        d.add(_marker(mk, x + key_w / 2, ym, 2.1, c, 0.9))
                    else:
                        d.add(Rect(x, y - fs * 0.05, key_w, key_w * 0.85, fillColor=c,
                                   strokeColor=None))
                        d.add(_hatch(hatch, x, y - fs * 0.05, key_w, key_w * 0.85,
                                     WHITE, gap=2.2))
                    d.add(String(x + key_w + 3, y, name, fontName=self.face.name, fontSize=fs,
                                 fillColor=text_c))
                    x += w + gap
                y -= fs * 1.6
        return d


class ChartBlock(Flowable):
    """The chart drawing with its caption and note under it; whole pitches high."""

    def __init__(self, plan: _Plan, drawing: CanvasColorDrawing, under: list, style: Style,
                 width: float):
        super().__init__()
        self.plan, self.graphic, self.under = plan, drawing, under
        self.style, self.width = style, width
        pitch = style.pitch
        self.gap = 0.3 * pitch
        inner = drawing.height + sum(h for _, h, _ in under) + (self.gap if under else 0)
        margin = 0.3 * pitch
        self.height = math.ceil((inner + 2 * margin) / pitch - 1e-6) * pitch
        self.top_pad = (self.height - inner) / 2

    def wrap(self, availW, availH):
        return self.width, self.height

    def shapes(self):
        """The chart's graphic alone (typeset/shapes.py, model colours): what the page
        plan draws, and what the HTML edition makes its SVG and PNG of."""
        return self.graphic.shapes()

    def plan_items(self, x: float, y: float) -> list:
        """The chart as page-plan items, its box's foot at (x, y): the graphic as paths,
        rectangles and labels (typeset/vector.py), the caption and note as text lines."""
        from . import plan as P
        from .placed import paragraph_items
        from .vector import drawing_items
        yy = y + self.height - self.top_pad - self.graphic.height
        out: list = drawing_items(self.shapes(), x, yy)   # model colours, as data
        yy -= self.gap
        for item, h, kind in self.under:
            yy -= h
            if kind == "flow":
                out += paragraph_items(item, x, yy)
                continue
            face, size, color, align, lines, lead = item   # plain lines (no text factory)
            base = yy + h - lead + (lead - size) / 2 + size * 0.12
            for k, text in enumerate(lines):
                out.append(P.Label(x + self.width / 2 if align == "center" else x, base - k * lead,
                                   text, face.name, size, color,
                                   "middle" if align == "center" else "start"))
        return out


def build_chart(chart: m.Chart, style: Style, fonts: FontSet, width: float, *,
                make_text=None, number: int | None = None) -> ChartBlock:
    """The chart as one flowable, in model colours (see the module text).

    `make_text(runs, role, width)` sets the caption and note with the CJK engine;
    without it they are drawn as plain centred (caption) / left (note) lines.
    """
    series = _check(chart)
    pitch = style.pitch
    h = length(style.charts.get("height"), 150.0)
    plan = _Plan(chart, series, style, fonts, width, 0)
    lines = max(4, round(h / pitch))
    plan.height = lines * pitch
    graphic = CanvasColorDrawing(width, plan.height, plan.drawing)
    T = style.text
    under = []
    numbered = number is not None and bool(style.charts.get("number"))
    for runs, role_key, align in ((chart.caption, "caption", "center"), (chart.note, "table_note", "left")):
        if not runs:
            continue
        if role_key == "caption" and numbered:
            runs = [m.Run(f"图{number} ")] + list(runs)
        role = replace(T.get(role_key, style.body), align=align, indent=0.0,
                       space_before=0.0, space_after=0.0)
        if make_text is not None:
            f = make_text(list(runs), role, width)
            _, fh = f.wrap(width, 1e6)
            under.append((f, fh, "flow"))
        else:
            face = fonts.face(role.font, role.bold)
            lead = role.leading or role.size * 1.5
            text_lines = _wrap_chars(plain(runs), face, role.size, width)
            under.append(((face, role.size, style.color(role.color), align, text_lines, lead),
                          lead * len(text_lines), "lines"))
    return ChartBlock(plan, graphic, under, style, width)
