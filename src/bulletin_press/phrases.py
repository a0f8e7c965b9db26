"""Phrase boundaries in Chinese text, from BudouX's Simplified Chinese model.

BudouX scores every position between two characters; a positive score means a
phrase boundary.  Scores near zero are the model's guesses (it puts a boundary
in 稳|住 with a score of 64), so callers use the score itself, not only its
sign: the line engine to price a break in a title, the layout check to judge a
printed one.  Shared by both on purpose: it is the oracle, not a rule of either.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_FEATURES = None
# a score at or above which the model is sure of a boundary: the line engine sets a
# title's break there at the plain cost, the web edition lets a title break only there
SURE = 1000.0


def _model():
    global _FEATURES
    if _FEATURES is None:
        model = _zh_hans_model()
        base = -sum(sum(g.values()) for g in model.values()) * 0.5
        keys = ("UW1", "UW2", "UW3", "UW4", "UW5", "UW6", "BW1", "BW2", "BW3",
                "TW1", "TW2", "TW3", "TW4")
        _FEATURES = (base,) + tuple(model.get(k, {}) for k in keys)
    return _FEATURES


def _zh_hans_model() -> dict:
    """BudouX's Simplified Chinese model: the JSON file its
    load_default_simplified_chinese_parser reads, read without importing budoux
    (its package imports html.parser, which a build needs for nothing else)."""
    import json
    from importlib.util import find_spec
    spec = find_spec("budoux")
    if spec is not None and spec.origin:
        path = Path(spec.origin).parent / "models" / "zh-hans.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    import budoux
    return budoux.load_default_simplified_chinese_parser().model


@lru_cache(maxsize=1024)
def boundary_scores(text: str) -> tuple[float, ...]:
    """scores[i] for the position before text[i] (scores[0] is 0): BudouX's
    decision function, computed from its published model as its parser does."""
    base, uw1, uw2, uw3, uw4, uw5, uw6, bw1, bw2, bw3, tw1, tw2, tw3, tw4 = _model()
    s = text
    n = len(s)
    out = [0.0]
    for i in range(1, n):
        sc = base + uw3.get(s[i - 1], 0) + uw4.get(s[i], 0) + bw2.get(s[i - 1:i + 1], 0)
        if i > 2:
            sc += uw1.get(s[i - 3], 0) + tw1.get(s[i - 3:i], 0)
        if i > 1:
            sc += uw2.get(s[i - 2], 0) + bw1.get(s[i - 2:i], 0) + tw2.get(s[i - 2:i + 1], 0)
        if i + 1 < n:
            sc += uw5.get(s[i + 1], 0) + bw3.get(s[i:i + 2], 0) + tw3.get(s[i - 1:i + 2], 0)
        if i + 2 < n:
            sc += uw6.get(s[i + 2], 0) + tw4.get(s[i:i + 3], 0)
        out.append(sc)
    return tuple(out)


def sure_phrases(text: str) -> list[str]:
    """`text` cut at the boundaries the model is sure of (score ≥ SURE): the pieces a
    title may break between (人工智能|赋能|河南千行百业|的|现实|基础|与|路径选择)."""
    scores = boundary_scores(text)
    cuts = [i for i in range(1, len(text)) if scores[i] >= SURE]
    return [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])] if text else []
