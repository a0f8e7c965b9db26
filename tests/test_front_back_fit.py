"""Long values in the masthead and the 报尾 stay on the page and clear of each other:
the print PDF's preflight passes, the masthead's right-hand block (刊号, edition, 主办)
keeps off the issue line and date, a long QR caption wraps under the code."""
from __future__ import annotations

import re

from conftest import copy_project, run_cli

from bulletin_press.pipeline import load
from bulletin_press.typeset.geometry import Geometry
from bulletin_press.typeset.pages import make_plan
from bulletin_press.typeset.plan import TextLine

LONG = "河南省人民政府发展研究中心与黄河科技学院中原创新发展研究院联合课题组暨区域经济高质量发展专家咨询委员会"


def _edit(root, **values):
    pub = root / "issues" / "publication.yaml"
    text = pub.read_text("utf-8")
    for key, value in values.items():
        text, n = re.subn(rf"^(\s*){key}: .*$", lambda mt: f"{mt.group(1)}{key}: {value}", text,
                          count=1, flags=re.M)
        assert n == 1, key
    pub.write_text(text, "utf-8")


def _right_edge(line: TextLine) -> float:
    return line.x + line.xs[-1] + line.size     # its last character's right edge (at most 1 em)


def test_long_masthead_and_back_values_stay_on_the_page_and_apart(tmp_path):
    root = copy_project(tmp_path / "p")
    _edit(root, title="创新资讯与中原经济高质量发展研究动态", sponsors=f"[{LONG}, 河南新经济研究院]",
          qr_caption=LONG, title_latin="CHUANGXINZIXUN AND CENTRAL PLAINS ECONOMIC RESEARCH WEEKLY BULLETIN")
    res = run_cli(root, "build", "2025-04")            # print preflight: nothing off the trim
    assert res.exit_code == 0, res.output
    assert "publication.yaml: warning: the publication title “创新资讯与中原经济高质量发展研究动态” " \
           "is too long for the masthead at 54pt" in res.output
    assert "warning: the publication latin title “CHUANGXINZIXUN AND" in res.output   # both said
    issue, style, fonts = load(root, "2025-04", [])
    plan = make_plan(issue, style, fonts)
    geo = Geometry.for_style(style)
    left, right = geo.left(1) - geo.offset, geo.left(1) - geo.offset + geo.text_w
    lines = [it for it in plan.pages[0].items if isinstance(it, TextLine)]
    title = next(ln for ln in lines if ln.text == issue.publication.title)
    assert left - 0.5 <= title.x and _right_edge(title) <= right + 0.5 + title.size
    dates = [ln for ln in lines if ln.text in ("2025年第4期（总第126期）", "2025年3月5日")]
    assert len(dates) == 2
    beside = [ln for ln in lines if any(abs(ln.y - d.y) < 1 for d in dates) and ln not in dates]
    assert beside and all(ln.x > max(_right_edge(d) for d in dates) for ln in beside)
    # the sponsor is all there, over several lines, each inside the text block
    sponsor = [ln for ln in lines if ln.text and ln.text in LONG and ln.size == dates[0].size]
    assert "".join(ln.text for ln in sponsor) == LONG and len(sponsor) >= 2
    assert all(_right_edge(ln) <= right + 0.5 for ln in sponsor)
    # the QR caption wraps under the code, clear of the 报尾's text
    back = plan.pages[-1].items
    cap = [it for it in back if isinstance(it, TextLine) and it.text and it.text in LONG]
    assert "".join(ln.text for ln in cap) == LONG and len(cap) >= 3
    text = [it for it in back if isinstance(it, TextLine) and it.text.startswith(("主编", "报送", "赠阅"))]
    assert text and max(_right_edge(c) for c in cap) < min(t.x for t in text)
