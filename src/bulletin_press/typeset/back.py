"""The 报尾: the distribution block at the foot of the last page.

The page engine sets it at the foot of the last text page, never split; on a
page of its own only when that page is full (typeset/pagebreak.py).
`plan_items` gives it as page-plan data.
"""
from __future__ import annotations

import math

from ..model import Back, Run
from ..model.style import Style
from .flowable import Flowable
from .fonts import FontSet


def back_lines(back: Back) -> list[list[Run]]:
    """The 报尾's text lines, as an editor reads them, label and value."""
    lines: list[list[Run]] = []

    def pair(parts):
        text = "　　".join(p for p in parts if p)
        if text:
            lines.append([Run(text)])

    pair([f"主编：{back.editor_in_chief}" if back.editor_in_chief else None,
          ("本期编审：" + "　".join(back.reviewers)) if back.reviewers else None])
    pair([f"报送：{back.submitted_to}" if back.submitted_to else None])
    pair([f"赠阅：{back.distributed_to}" if back.distributed_to else None])
    pair([f"地址：{back.address}" if back.address else None,
          f"邮编：{back.postcode}" if back.postcode else None])
    pair([f"电话（传真）：{back.phone}" if back.phone else None,
          f"电子邮箱：{back.email}" if back.email else None])
    return lines


class BackBlock(Flowable):
    def __init__(self, back: Back, style: Style, fonts: FontSet, make_text, qr_flowable=None,
                 state=None):
        super().__init__()
        self.state = state
        self.back, self.style, self.fonts = back, style, fonts
        self.role = style.text["back"]
        self.qr = qr_flowable          # a Drawing or flowable, or None
        if hasattr(self.qr, "initialFontName"):
            # a vector QR (as a reportlab Drawing) selects a font when drawn: make it an embedded one
            self.qr.initialFontName = fonts.face(self.role.font).name
            self.qr.initialFontSize = self.role.size
        self.qr_size = 4 * style.pitch
        self.texts = [make_text(runs, self.role, first_indent=0) for runs in back_lines(back)]
        caption_role = style.text.get("back_caption", self.role)
        self.caption = (make_text([Run(back.qr_caption)], caption_role, first_indent=0, align="center")
                        if back.qr_caption else None)
        self.caption_face = fonts.face(caption_role.font, caption_role.bold)
        self.caption_size = caption_role.size
        self.pad = style.body.size * 0.8

    def _measure(self, availW):
        has_qr = self.qr is not None
        cap_nat = (self.caption_face.width(self.back.qr_caption, self.caption_size)
                   if self.caption is not None else 0.0)
        # the QR column: as wide as the code or its caption (a long caption wraps in
        # at most 3/10 of the block), then a gap
        self.col_w = max(self.qr_size, min(cap_nat + 2, 0.3 * availW)) if has_qr else 0.0
        self.text_x = (self.pad + self.col_w + 1.5 * self.role.size) if has_qr else 0
        text_w = availW - self.text_x
        self.text_heights = [t.wrap(text_w, 1e6)[1] for t in self.texts]
        text_h = sum(self.text_heights)
        left_h = 0
        if has_qr:
            left_h = self.qr_size
            if self.caption is not None:
                self.cap_h = self.caption.wrap(self.col_w, 1e6)[1]
                left_h += self.cap_h
        inner = max(text_h, left_h) + 2 * self.pad
        self.block_h = math.ceil(inner / self.style.pitch) * self.style.pitch

    def wrap(self, availW, availH):
        self.width_ = availW
        self._measure(availW)
        if self.block_h > availH:
            return availW, self.block_h   # does not fit: platypus tries split, then moves it
        self.avail_h = availH
        return availW, availH             # take the rest of the frame, draw at its foot

    def split(self, availW, availH):
        return []

    def plan_items(self, x: float, y: float) -> list:
        """The block as page-plan items, its foot at (x, y) (call after `_measure`): the
        rules, text lines and the QR code as data."""
        from . import plan as P
        from .placed import paragraph_items
        w, h = self.width_, self.block_h
        rule = self.style.color("rule")
        out: list = [P.Rule(x, y + h - 0.5, x + w, y + h - 0.5, 1.0, rule),
                     P.Rule(x, y + 0.25, x + w, y + 0.25, 0.5, rule)]
        top = y + h - self.pad
        if self.qr is not None:
            out.append(self.qr.plan_item(x + self.pad + (self.col_w - self.qr_size) / 2,
                                         top - self.qr_size))
            if self.caption is not None:
                out += paragraph_items(self.caption, x + self.pad, top - self.qr_size - self.cap_h)
        yy = top
        for t, th in zip(self.texts, self.text_heights):
            yy -= th
            out += paragraph_items(t, x + self.text_x, yy)
        return out
