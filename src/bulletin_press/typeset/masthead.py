"""The 报头: title, latin title, issue line, 刊号, edition, 主办, tagline, rules
(as page-plan data: `Masthead.plan_items`)."""
from __future__ import annotations

import math
from dataclasses import replace

from ..errors import Problem
from ..model import Issue, Pos, Run
from ..model.style import Style, TextStyle
from . import plan as P
from .flowable import Flowable
from .fonts import FontSet
from .placed import label_item, label_width


def _role(style: Style, key: str, **defaults) -> TextStyle:
    spec = dict(defaults)
    spec.update(style.masthead.get(key, {}))
    allowed = TextStyle.__dataclass_fields__
    return TextStyle(**{k: v for k, v in spec.items() if k in allowed})


def issue_line(issue: Issue) -> str:
    text = f"{issue.year}年第{issue.number}期"
    if issue.serial is not None:
        text += f"（总第{issue.serial}期）"
    return text


def date_line(issue: Issue) -> str:
    d = issue.date
    return f"{d.year}年{d.month}月{d.day}日"


class Masthead(Flowable):
    """A fixed block at the top of the front page, a whole number of pitches high."""

    def __init__(self, issue: Issue, style: Style, fonts: FontSet):
        super().__init__()
        self.issue, self.style, self.fonts = issue, style, fonts
        pub = issue.publication
        self.title = _role(style, "title", font="song", size=54, bold=True, color="red", tracking=0.15)
        self.warnings: list[Problem] = []     # a title set smaller to fit the page
        self.title = self._fitted(pub.title, self.title)
        self.latin = _role(style, "title_latin", font="hei", size=10, color="red", tracking=0.3)
        if pub.title_latin:
            self.latin = self._fitted(pub.title_latin, self.latin, "latin title")
        self.info = _role(style, "info", font="song", size=9)
        self.tag = _role(style, "tagline", font="hei", size=10.5, color="red")
        self.rule = style.masthead.get("rule", {})
        self.left_lines = [issue_line(issue), date_line(issue)]
        right: list[tuple[str, str]] = []   # (label, text): texts line up after the labels
        if pub.registration:
            right.append(("刊号", pub.registration))
        if pub.edition:
            right.append(("", pub.edition))
        for k, sponsor in enumerate(pub.sponsors):
            right.append(("主办" if k == 0 else "", sponsor))
        self.right_lines = self._wrapped(right)
        self.tagline = " ".join("●" + t for t in pub.tagline)
        pitch = style.pitch
        info_lead = self.info.size * 1.45
        natural = (self.title.size * 1.15 + self.latin.size * 2.0
                   + max(len(self.left_lines), len(self.right_lines)) * info_lead
                   + self.tag.size * 2.2 + 10)
        self.height_ = math.ceil(natural / pitch) * pitch
        self.info_lead = info_lead

    def wrap(self, availW, availH):
        self.width_ = availW
        return availW, self.height_

    def _wrapped(self, right: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The right-hand lines, each text that would reach the issue line and date on
        the left broken by the paragraph engine into lines that do not (the later ones
        under it, unlabelled)."""
        from .paragraph import layout_paragraph
        st, role = self.style, self.info
        left_w = max(label_width(self.fonts, st, t, role) for t in self.left_lines)
        label_w = max((label_width(self.fonts, st, lab, role) for lab, _ in right if lab), default=0.0)
        room = st.text_width - left_w - 2 * role.size - label_w - (role.size * 0.5 if label_w else 0.0)
        out: list[tuple[str, str]] = []
        for lab, text in right:
            lines = [text]
            if room > role.size and label_width(self.fonts, st, text, role) > room:
                lines = [ln.text for ln in layout_paragraph([Run(text, bold=role.bold)], role, st,
                                                            self.fonts, room, 0.0, align="left")]
            out += [(lab if k == 0 else "", t) for k, t in enumerate(lines)]
        return out

    def _fitted(self, text: str, role: TextStyle, what: str = "title") -> TextStyle:
        """The title's role at a size at which it fits the width of the text block (as
        the style gives it when it does; smaller, with a warning, when it does not)."""
        em = self._em(text, role)
        width = self.style.text_width
        if em <= 0 or em * role.size <= width:
            return role
        size = math.floor(width / em * 10) / 10
        self.warnings.append(Problem(
            Pos("issues/publication.yaml"), f"the publication {what} “{text}” is too long for the "
            f"masthead at {role.size:g}pt: it is set at {size:g}pt to fit the width of the page",
            "a masthead title is a few characters (创新资讯); or set masthead: title: size: in the style",
            "warning"))
        return replace(role, size=size)

    def _em(self, text: str, role: TextStyle) -> float:
        """The width of `text` set with the role's tracking, in em (as _spaced sets it)."""
        face = self.fonts.face(role.font, role.bold)
        return sum(face.advance(c) for c in text) + role.tracking * max(0, len(text) - 1)

    def _spaced(self, text: str, role: TextStyle, cx: float, y: float) -> P.TextLine:
        """Text centred on cx with tracking (letter spacing in em), baseline y."""
        face = self.fonts.face(role.font, role.bold)
        gap = role.tracking * role.size
        widths = [face.advance(c) * role.size for c in text]
        total = sum(widths) + gap * (len(text) - 1)
        xs, x = [], 0.0
        for w in widths:
            xs.append(x)
            x += w + gap
        return P.TextLine(cx - total / 2, y, text, xs, [(0, len(text), face)], role.size,
                          self.style.color(role.color))

    def plan_items(self, x: float, y: float) -> list:
        """The masthead as page-plan items, its box's foot at (x, y)."""
        st, w = self.style, self.width_
        out: list = []

        def label(text, role, at, yy, align):
            item, _ = label_item(self.fonts, st, text, role, x + at, yy, align)
            if item is not None:
                out.append(item)
        yy = y + self.height_ - self.title.size * 0.95
        out.append(self._spaced(self.issue.publication.title, self.title, x + w / 2, yy))
        yy -= self.latin.size * 1.9
        if self.issue.publication.title_latin:
            out.append(self._spaced(self.issue.publication.title_latin, self.latin, x + w / 2, yy))
        yy -= self.info_lead * 1.3
        info_top = yy
        for line in self.left_lines:
            label(line, self.info, 0, yy, "left")
            yy -= self.info_lead
        # the right-hand block: flush right as a whole, its lines flush left inside it,
        # second and later sponsors under the first
        label_w = max((label_width(self.fonts, st, lab, self.info) for lab, _ in self.right_lines if lab),
                      default=0.0)
        gap = self.info.size * 0.5 if label_w else 0.0
        text_w = max((label_width(self.fonts, st, t, self.info) for _, t in self.right_lines), default=0.0)
        x0 = w - label_w - gap - text_w
        y2 = info_top
        for lab, text in self.right_lines:
            if lab:
                label(lab, self.info, x0, y2, "left")
            label(text, self.info, x0 + label_w + gap, y2, "left")
            y2 -= self.info_lead
        label(self.tagline, self.tag, w / 2, min(yy, y2) - self.tag.size * 0.4, "center")
        # a thick rule over a thin one, in the masthead colour, at the block foot
        color = st.color(self.rule.get("color", "red"))
        thick = float(self.rule.get("width", 2.0))
        gap = float(self.rule.get("gap", 1.5))
        thin = float(self.rule.get("thin", 0.6))
        yb = y + thin / 2 + 2
        yt = yb + thin / 2 + gap + thick / 2
        out += [P.Rule(x, yb, x + w, yb, thin, color), P.Rule(x, yt, x + w, yt, thick, color)]
        return out
