"""Nested Markdown lists print nested (issue #10 item 12): each level one hanging indent
further in, its marker hanging in front of the text, its lines aligned with the text after
the marker; ordered lists number per level (1. → （1） → ①), bullets ● → ○ → ▪.  Read back
from the built PDF (output/readback.py)."""
from __future__ import annotations

import pytest

from bulletin_press.output.readback import page_chars

from conftest import run_cli as run
from test_cli_badinput import GOOD_ARTICLE, KEY, article, proj  # noqa: F401

# (depth, text): every item long enough to run onto a second line at depth 2
ITEMS = [
    (0, "推动县域产业集群向高端化迈进，把龙头企业的配套需求留在本地，形成上下游协同发展的完整链条和稳定的就业吸纳能力"),
    (1, "引导零部件企业围绕整机厂布局生产线，按照统一标准组织供货，缩短运输半径，降低综合物流成本，提高本地配套率"),
    (2, "每季度召开一次供需对接会，由园区管委会牵头汇总采购清单，企业按清单报名，当场确定试用批次和验收办法"),
    (2, "对首次进入本地配套体系的中小企业给予检测费用补助，帮助其通过整机厂的质量认证，尽快形成批量供货能力"),
    (1, "支持园区建设共享实验室和中试车间，向入园企业开放检验检测设备，按使用时长收费，减轻企业一次性投入压力"),
    (0, "扩大城乡消费，完善县乡村三级商业网络，把冷链物流、快递进村和农产品上行统筹起来，打通流通环节的堵点"),
    (1, "在乡镇集中建设一批综合服务站，同时承担快递收发、日用品零售和农产品收购，提高网点的使用效率和收益水平"),
]


def nested_markdown(ordered_top: bool = True) -> str:
    out = []
    counters = [0, 0, 0]
    for depth, text in ITEMS:
        counters[depth] += 1
        for d in range(depth + 1, 3):
            counters[d] = 0
        ordered = depth != 1 or not ordered_top
        marker = f"{counters[depth]}." if ordered else "-"
        out.append("    " * depth + f"{marker} {text}")
    return GOOD_ARTICLE + "\n下面分三个层次列出主要措施：\n\n" + "\n".join(out) + "\n\n以上措施分步实施。\n"


def _lines_of(pdf: bytes):
    """The page's lines, in the order drawn: (page, [chars]), each character's box from
    its origin; a line is written left to right, so a character left of the one before
    begins the next line."""
    out = []
    for n, chars in enumerate(page_chars(pdf, loose=True)):
        for c in chars:
            if out and out[-1][0] == n and c.x0 > out[-1][1][-1].x0 - 1.0:
                out[-1][1].append(c)
            else:
                out.append((n, [c]))
    return out


def _items_read_back(pdf: bytes):
    """For each item of ITEMS: (x of its text's first character, x of each further line's first
    character), found in the PDF's text in the order written."""
    lines = _lines_of(pdf)
    flat = [(k, c) for k, (_, cs) in enumerate(lines) for c in cs]
    text = "".join(c.ch for _, c in flat)
    at, out = 0, []
    for _, item in ITEMS:
        k = text.find(item[:8], at)
        assert k >= 0, f"item not found after offset {at}: {item[:8]}"
        # the whole item, line by line, in order (line breaks add nothing to the text)
        assert text[k:k + len(item)] == item, text[k:k + len(item)]
        first_line = flat[k][0]
        further = sorted({flat[j][0] for j in range(k, k + len(item))} - {first_line})
        out.append((flat[k][1].x0, [lines[ln][1][0].x0 for ln in further]))
        at = k + len(item)
    return out


def _markers(ordered_top: bool) -> list[str]:
    out, counters = [], [0, 0, 0]
    for depth, _ in ITEMS:
        counters[depth] += 1
        for d in range(depth + 1, 3):
            counters[d] = 0
        n = counters[depth]
        if depth == 1 and ordered_top:
            out.append("○ ")
        else:
            out.append([f"{n}. ", f"（{n}）", "①②③"[n - 1]][depth])
    return out


@pytest.mark.parametrize("ordered_top", [True, False], ids=["bullets-inside", "all-numbered"])
def test_nested_items_print_in_order_each_level_further_in(proj, ordered_top):
    article(proj).write_text(nested_markdown(ordered_top), encoding="utf-8")
    res = run(proj, "build", KEY, "--screen-only")
    assert res.exit_code == 0, res.output
    assert "list inside a list" not in res.output          # no warning: they print nested
    pdf = (proj / "build" / f"{KEY}-screen.pdf").read_bytes()
    got = _items_read_back(pdf)                           # every item's text, whole and in order
    em = 10.5                                             # the list role's 五号
    text = "".join(c.ch for chars in page_chars(pdf) for c in chars if c.ch != " ")
    at = 0
    for (depth, item), marker in zip(ITEMS, _markers(ordered_top)):   # each marker before its text
        at = text.index(item, at)
        marker = marker.replace(" ", "")
        assert text[at - len(marker):at] == marker, (marker, text[at - 6:at + 4])
    for k, ((depth, _), (x, further)) in enumerate(zip(ITEMS, got)):
        parent = next((got[j][0] for j in range(k - 1, -1, -1) if ITEMS[j][0] == depth - 1), None)
        if parent is not None:                            # a nested item: right of its parent's text
            assert x > parent + 0.5 * em, (k, x, parent)
        if depth:                                         # its marker hangs: the lines align
            assert further and all(abs(f - x) < 0.02 * em for f in further), (k, x, further)
    # the items of one level line up with each other
    for depth in (1, 2):
        xs = [x for (d, _), (x, _) in zip(ITEMS, got) if d == depth]
        assert max(xs) - min(xs) < 0.02 * em, xs

