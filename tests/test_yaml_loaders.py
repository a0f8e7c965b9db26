"""source/yamlfile.py parses with libyaml when it can: the same data, positions and
raw text as the Python parser, and the Python parser's words for an error."""
from pathlib import Path

import pytest

from bulletin_press.source import yamlfile as Y

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("# 注释\nk: 045000\nq: '045000'\nd: 2025-04-01\nbad_date: 2025-02-30\n"
        "list: [1, 两, {c: 中文：值}]\nblock: |\n  第一行\n  第二行\nfolded: >\n  a\n  b\n"
        "nested:\n  - x: 1\n    y: \"引号\"\n  - 2\n")


def _dump(o):
    if isinstance(o, Y.LDict):
        return ("D", o.pos, [(k, _dump(v), o.keypos[k], o.valpos[k], o.raw[k], o.style[k])
                             for k, v in o.items()])
    if isinstance(o, Y.LList):
        return ("L", o.pos, [_dump(v) for v in o], o.itempos, o.raw)
    return (type(o).__name__, o)


def _python_only(text, strings, monkeypatch):
    monkeypatch.setattr(Y, "_CBase", None)
    return Y.load_yaml(text, "f.yaml", line_offset=2, strings=strings)


@pytest.mark.skipif(Y._CBase is None, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("strings", [False, True])
def test_libyaml_gives_what_the_python_parser_gives(strings, monkeypatch):
    texts = [TEXT] + [p.read_text(encoding="utf-8") for p in
                      sorted(ROOT.glob("issues/**/*.yaml")) + sorted(ROOT.glob("styles/*.yaml"))]
    for text in texts:
        fast = Y.load_yaml(text, "f.yaml", line_offset=2, strings=strings)
        with monkeypatch.context() as m:
            slow = _python_only(text, strings, m)
        assert (_dump(fast[0]), fast[1]) == (_dump(slow[0]), slow[1])


def test_errors_in_the_python_parsers_words():
    data, problems = Y.load_yaml("a: 1\n\tb: 2\n", "f.yaml")
    assert data is None and "TAB" in problems[0].what and problems[0].pos.line == 2
    data, problems = Y.load_yaml("a: 1\na: 2\n", "f.yaml")
    assert "duplicate key 'a'" in problems[0].what
