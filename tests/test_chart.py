"""Charts: data checks, nice ticks, black-and-white distinguishable series, colour spaces."""
from __future__ import annotations

import io
import math
import re
from pathlib import Path

import pytest
from reportlab.graphics.shapes import Group, PolyLine, Polygon, Rect, String
from reportlab.pdfgen.canvas import Canvas

from bulletin_press import model as m
from bulletin_press.errors import BuildError
from bulletin_press.model.style import Color, Face, Page, Style, TextStyle
from bulletin_press.typeset.chart import ChartBlock, build_chart, nice_ticks
from bulletin_press.typeset.fonts import FontSet
from bulletin_press.render.html.assets import reportlab_drawing
from bulletin_press.render.pdf import draw_items
from bulletin_press.typeset.placed import items_of
from conftest import python_output

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"   # the project's own WenKai
POS = m.Pos("issues/2025-04/02-test.md", 30)


def make_style() -> Style:
    face = Face("LXGWWenKai-Regular.ttf", "LXGWWenKai-Bold.ttf")
    text = {"body": TextStyle(font="song", size=10.5, leading=18),
            "caption": TextStyle(font="hei", size=9, align="center"),
            "table": TextStyle(font="song", size=9),
            "table_note": TextStyle(font="song", size=7.5)}
    colors = {"black": Color(0, 0, 0, 1), "rule": Color(0, 0, 0, 1)}
    charts = {"height": "150pt",
              "colors": [[0, 100, 100, 10], [100, 60, 0, 10], [0, 40, 100, 0], [60, 0, 100, 20]]}
    return Style(name="t", page=Page(595.28, 841.89, 40, 39, 65.0),
                 fonts={"song": face, "hei": face}, colors=colors, text=text, charts=charts)


@pytest.fixture(scope="module")
def env():
    style = make_style()
    return style, FontSet(style, FONTS_DIR)


def R(t):
    return [m.Run(t)]


X = ["2019", "2020", "2021", "2022", "2023"]


def line3():
    return m.Chart("line", X, [("全国", [6.0, 2.2, 8.4, 3.0, 5.2]),
                               ("甲省", [7.0, 1.3, 6.3, 3.1, 4.1]),
                               ("乙省", [7.5, 3.6, 6.9, 2.5, 4.9])], POS,
                   caption=R("三条折线对比图"), unit="%")


def walk(node):
    for c in getattr(node, "contents", []):
        yield c
        if isinstance(c, Group):
            yield from walk(c)


def test_line_chart_block(env):
    style, fonts = env
    blk = build_chart(line3(), style, fonts, 420)
    assert isinstance(blk, ChartBlock)
    w, h = blk.wrap(420, 1000)
    assert w == 420 and h / style.pitch == pytest.approx(round(h / style.pitch))
    assert blk.graphic.height == 8 * style.pitch      # 150pt → 8 pitches of 18pt
    d = reportlab_drawing(blk.shapes(), True)
    strings = [s.text for s in walk(d) if isinstance(s, String)]
    for want in ("全国", "甲省", "乙省", "2019", "2023", "单位：%", "0", "8"):
        assert want in strings
    assert {s.fontName for s in walk(d) if isinstance(s, String)} == {fonts.face("song").name}


def test_series_differ_in_dash_and_marker(env):
    style, fonts = env
    d = reportlab_drawing(build_chart(line3(), style, fonts, 420).shapes(), False)
    lines = [p for p in walk(d) if isinstance(p, PolyLine)]
    assert len(lines) == 3
    dashes = [tuple(p.strokeDashArray or ()) for p in lines]
    assert len(set(dashes)) == 3
    colours = {p.strokeColor.hexval() for p in lines}
    assert len(colours) == 3
    # markers: circles (16-gon), squares (Rect), triangles (3-gon)
    kinds = {("poly", len(p.points) // 2) for p in walk(d) if isinstance(p, Polygon)}
    assert ("poly", 16) in kinds and ("poly", 3) in kinds
    assert any(isinstance(r, Rect) and r.width < 5 for r in walk(d))


@pytest.mark.parametrize("kind", ["bar", "column"])
def test_bar_and_column(env, kind):
    style, fonts = env
    ch = m.Chart(kind, ["一季度", "二季度", "三季度"], [("出口", [420, 515.5, -30]),
                                                      ("进口", [260, 300, 210])], POS,
                 caption=R("柱状图"), unit="亿元")
    d = reportlab_drawing(build_chart(ch, style, fonts, 420).shapes(), True)
    bars = [r for r in walk(d) if isinstance(r, Rect) and r.fillColor is not None
            and r.y > 20]                      # the legend keys stand lower
    assert len(bars) == 6
    if kind == "column":
        # five bars stand on the zero line, the negative one hangs from it
        base = min(b.y for b in bars if b.y + b.height > b.y + 1 and b.height > 20)
        hanging = [b for b in bars if abs(b.y + b.height - base) < 0.01]
        assert len(hanging) == 1 and all(abs(b.y - base) < 0.01 for b in bars if b not in hanging)


@pytest.mark.parametrize("lo, hi", [(1.3, 10.1), (0, 610), (-2.4, 12.5), (0.01, 0.08),
                                    (97, 99.5), (0, 41234)])
def test_nice_ticks(lo, hi):
    a, b, ticks = nice_ticks(lo, hi)
    assert a <= lo and b >= hi and 3 <= len(ticks) - 1 <= 8
    step = ticks[1] - ticks[0]
    mant = step / 10 ** math.floor(math.log10(step))
    assert min(abs(mant - f) for f in (1, 2, 5)) < 1e-6
    assert all(abs((t2 - t1) - step) < 1e-9 for t1, t2 in zip(ticks, ticks[1:]))


def test_ticks_honour_y_min_and_y_max():
    a, b, ticks = nice_ticks(3, 9, y_min=0, y_max=12)
    assert (a, b) == (0, 12) and ticks[0] == 0 and ticks[-1] == 12


@pytest.mark.parametrize("change, words", [
    (dict(type="pie"), "chart type “pie”"),
    (dict(series=[("全国", [1, 2, 3])]), "has 3 values but x has 5"),
    (dict(series=[("全国", [1, 2, "三", 4, 5])]), "value 3 (at 2021) is “三”, not a number"),
    (dict(series=[("全国", [1, 2, float("nan"), 4, 5])]), "not a number"),
    (dict(series=[("全国", [1, 2, True, 4, 5])]), "not a number"),
    (dict(series=[]), "no series"),
    (dict(x=[]), "no x values"),
    (dict(y_min=5, y_max=5), "y_min 5 is not below y_max 5"),
    (dict(y_max=7), "value 8.4 (at 2021) is above y_max 7"),
    (dict(series=[("全国", [None] * 5)]), "no values"),
])
def test_bad_data_fails_with_position(env, change, words):
    style, fonts = env
    ch = line3()
    for k, v in change.items():
        setattr(ch, k, v)
    with pytest.raises(BuildError) as e:
        build_chart(ch, style, fonts, 420)
    assert words in str(e.value)
    assert "02-test.md:30" in str(e.value)


def test_gaps_are_allowed(env):
    style, fonts = env
    ch = m.Chart("line", X, [("全国", [6.0, None, 8.4, 3.0, 5.2])], POS)
    d = reportlab_drawing(build_chart(ch, style, fonts, 420).shapes(), False)
    assert len([p for p in walk(d) if isinstance(p, PolyLine)]) == 1   # the 3-point run


def _pdf(blk, flag: bool) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595, 842), pageCompression=0, invariant=1)
    c.bp_cmyk = flag
    blk.wrap(420, 800)
    draw_items(c, items_of(blk, 80, 200))   # as the page plan holds it
    c.showPage()
    c.save()
    return buf.getvalue()


RGB_OPS = re.compile(rb"\s(rg|RG)\b")


@pytest.mark.parametrize("kind", ["line", "column", "bar"])
def test_cmyk_canvas_gets_no_rgb(env, kind):
    style, fonts = env
    ch = line3()
    ch.type = kind
    blk = build_chart(ch, style, fonts, 420)            # model colours: the canvas decides
    pdf = _pdf(blk, True)
    assert not RGB_OPS.search(pdf) and b" k" in pdf and b" K" in pdf
    assert RGB_OPS.search(_pdf(blk, False))              # the screen canvas gets RGB


def test_caption_through_make_text(env):
    style, fonts = env
    seen = []

    def make_text(runs, role, width):
        from reportlab.platypus import Spacer
        seen.append(("".join(r.text for r in runs), role.align, width))
        return Spacer(width, 12)

    ch = line3()
    ch.note = R("资料来源：虚构。")
    blk = build_chart(ch, style, fonts, 420, make_text=make_text)
    assert seen == [("三条折线对比图", "center", 420), ("资料来源：虚构。", "left", 420)]
    assert blk.wrap(420, 1000)[1] % style.pitch == pytest.approx(0)


# ---------------------------------------------------------------- the page plan and reportlab's Drawing

def _rl_items(d, x, y):
    """The page-plan items a reportlab Drawing stands for: its shapes, transforms applied
    (as typeset/vector.py walked reportlab's shapes before it had shapes of its own)."""
    from bulletin_press.typeset import plan as P
    from reportlab.graphics.shapes import Line

    def col(c):
        return None if c is None else Color(c.cyan, c.magenta, c.yellow, c.black)

    def mul(a, b):
        return (a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1], a[0] * b[2] + a[2] * b[3],
                a[1] * b[2] + a[3] * b[3], a[0] * b[4] + a[2] * b[5] + a[4],
                a[1] * b[4] + a[3] * b[5] + a[5])

    def pt(t, px, py):
        return (t[0] * px + t[2] * py + t[4], t[1] * px + t[3] * py + t[5])

    out = []

    def walk(node, t):
        if hasattr(node, "contents"):
            t = mul(t, node.transform)
            for c in node.contents:
                walk(c, t)
        elif isinstance(node, String):
            anchor = node.textAnchor if node.textAnchor in ("middle", "end") else "start"
            out.append(P.Label(*pt(t, node.x, node.y), node.text, node.fontName, node.fontSize,
                               col(node.fillColor), anchor,
                               round(math.degrees(math.atan2(t[1], t[0])), 6)))
        elif isinstance(node, Rect):
            assert node.strokeColor is None and t[:4] == (1, 0, 0, 1)
            out.append(P.Rect(node.x + t[4], node.y + t[5], node.width, node.height,
                              col(node.fillColor)))
        elif isinstance(node, Line):
            dash = tuple(node.strokeDashArray) if node.strokeDashArray else None
            out.append(P.Path([pt(t, node.x1, node.y1), pt(t, node.x2, node.y2)], False, None,
                              col(node.strokeColor), node.strokeWidth, dash))
        else:
            closed = isinstance(node, Polygon)
            pts = [pt(t, a, b) for a, b in zip(node.points[0::2], node.points[1::2])]
            dash = tuple(node.strokeDashArray) if node.strokeDashArray else None
            out.append(P.Path(pts, closed, col(node.fillColor) if closed else None,
                              col(node.strokeColor), node.strokeWidth, dash, node.strokeLineJoin))

    walk(d, (1, 0, 0, 1, x, y))
    return out


@pytest.mark.parametrize("kind", ["line", "bar", "column"])
def test_the_plan_holds_what_reportlabs_drawing_shows(env, kind):
    """The page plan (what the PDFs print) and the reportlab Drawing (what the HTML
    edition's SVG and PNG show) are the same shapes, in the same colours."""
    style, fonts = env
    ch = line3()
    ch.type = kind
    if kind == "column":          # long labels: set turned by 45°
        ch.x = [f"{x}年度统计数据汇总" for x in X]
    blk = build_chart(ch, style, fonts, 300)
    blk.wrap(300, 1000)
    x, y = 30, 40
    yy = y + blk.height - blk.top_pad - blk.graphic.height
    got = items_of(blk, x, y)[:-1]                       # the caption's line is last
    want = _rl_items(reportlab_drawing(blk.shapes(), True), x, yy)
    assert len(got) == len(want) > 40
    assert got == want
    if kind == "column":
        assert {it.angle for it in got if hasattr(it, "angle")} == {0.0, 45.0}
    rgb = reportlab_drawing(blk.shapes(), False)   # the HTML's: the same, in RGB
    assert not hasattr(next(s for s in walk(rgb) if isinstance(s, String)).fillColor, "cyan")
    assert rgb.initialFontName == fonts.face("song").name


def test_a_pdf_build_with_a_chart_loads_no_reportlab_graphics(tmp_path):
    """reportlab.graphics.shapes imports the whole of reportlab.platypus (some 20–60 ms
    of a cold build): a PDF build of an issue with a chart (2024-12's line chart) loads
    neither, in a fresh process."""
    root = Path(__file__).resolve().parent.parent
    art = (root / "issues" / "2024-12").glob("*.md")
    assert any("```chart" in p.read_text(encoding="utf-8") for p in art)
    code = ("import sys; from bulletin_press.cli import main;"
            f"main.main(['--root', {str(root)!r}, 'build', '2024-12', '--screen-only', "
            f"'-o', {str(tmp_path)!r}], standalone_mode=False);"
            "print(sorted(m for m in sys.modules if m.startswith(('reportlab.platypus', "
            "'reportlab.graphics'))))")
    out = python_output(code)
    assert (tmp_path / "2024-12-screen.pdf").stat().st_size > 10_000
    assert out.strip().splitlines()[-1] == "[]"
