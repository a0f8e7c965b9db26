"""An article's footnotes, printed at its end: 注释： then ① …, ② … in the
`footnote` text role (the body role when a style has none)."""
from __future__ import annotations

from .. import model as m
from ..model.style import TextStyle
from .flowable import Flowable

NOTES_TITLE = "注释："


def article_notes(article: m.Article, roles: dict[str, TextStyle], make_text) -> list[Flowable]:
    """Flowables for `article.notes` (none when it has no notes)."""
    if not article.notes:
        return []
    role = roles.get("footnote", roles["body"])
    out = [make_text([m.Run(NOTES_TITLE)], role, keep_lines_after=1, first_indent=0)]
    for note in article.notes:
        for k, para in enumerate(note.blocks):
            mark = [m.Run(m.note_mark(note.number))] if k == 0 else []
            out.append(make_text(mark + list(para.runs), role, source=para.pos))
    return out
