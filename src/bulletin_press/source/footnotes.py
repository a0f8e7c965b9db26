"""Markdown footnotes: `[^label]` references and `[^label]: text` definitions.

markdown-it-py's footnote plugin (mdit-py-plugins) finds them; this keeps the
book: references are numbered in order of first use (① ② …, see
`model.note_mark`), definitions are collected with their place, and at the
end of a body every mistake is an error with file and line:

- a reference whose label has no definition;
- a definition that nothing refers to (it would not print);
- the same label defined twice;
- a definition holding anything but paragraphs (a table, a list, a heading).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Footnote, Paragraph, Pos, Run, note_mark


@dataclass
class FootnoteBook:
    """An article's footnotes as they are read: numbers in order of first reference."""
    numbers: dict[str, int] = field(default_factory=dict)     # label → number
    first_ref: dict[str, Pos] = field(default_factory=dict)
    defs: dict[str, tuple[list, Pos]] = field(default_factory=dict)
    problems: list = field(default_factory=list)               # (pos, what, fix)

    def reference(self, label: str, pos: Pos) -> Run:
        if label not in self.numbers:
            self.numbers[label] = len(self.numbers) + 1
            self.first_ref[label] = pos
        n = self.numbers[label]
        return Run(note_mark(n), note=n)

    def definition(self, label: str, blocks: list, pos: Pos) -> None:
        if label in self.defs:
            first = self.defs[label][1]
            self.problems.append((pos, f"footnote [^{label}] is defined twice (first on line {first.line})",
                                  f"give each note its own label, or delete one of the [^{label}]: lines"))
            return
        for b in blocks:
            if not isinstance(b, Paragraph):
                self.problems.append((getattr(b, "pos", pos), f"footnote [^{label}] holds a "
                                      f"{type(b).__name__.lower()}; a note is one or more paragraphs of text",
                                      "move it into the article body, or write it as text"))
        self.defs[label] = (blocks, pos)

    def finish(self) -> list[Footnote]:
        """The notes in order of number; problems (undefined, unused) appended."""
        out = []
        for label, n in sorted(self.numbers.items(), key=lambda kv: kv[1]):
            if label not in self.defs:
                self.problems.append((self.first_ref[label], f"footnote reference [^{label}] has no definition",
                                      f"add a line `[^{label}]: the note's text` below the paragraph "
                                      f"(or at the end of the article)"))
                continue
            blocks, pos = self.defs[label]
            out.append(Footnote(n, label, [b for b in blocks if isinstance(b, Paragraph)], pos))
        for label, (_, pos) in self.defs.items():
            if label not in self.numbers:
                self.problems.append((pos, f"footnote [^{label}] is never referred to, so it would not print",
                                      f"put [^{label}] after the words it explains, or delete the definition"))
        return out
