"""YAML that remembers where everything stood.

`load_yaml` returns plain dicts and lists, except that every mapping is an
`LDict` and every sequence an `LList`: they know the position of the mapping
itself, of each key, of each value, and the original text of each plain scalar
(so `postcode: 045000` can still be read as the string the editor typed).

Syntax errors never escape as PyYAML tracebacks: they become `Problem`s with
file, line and column, in words an editor can act on (a TAB used to indent, an
unclosed quote, a duplicate key, a value that needs quoting).
"""
from __future__ import annotations

import re

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import Problem
from ..model import Pos


class LDict(dict):
    """A mapping from YAML with positions: `pos`, `keypos[k]`, `valpos[k]`,
    `raw[k]` (plain-scalar source text, when the value was a plain scalar) and
    `style[k]` (scalar style: None plain, '|' literal, '>' folded, quotes)."""

    pos: Pos

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.keypos: dict = {}
        self.valpos: dict = {}
        self.raw: dict = {}
        self.style: dict = {}

    def at(self, key) -> Pos:
        """Where the key stands, or the mapping if the key is absent."""
        return self.keypos.get(key, self.pos)

    def vat(self, key) -> Pos:
        return self.valpos.get(key, self.at(key))


class LList(list):
    """A sequence from YAML with `pos`, `itempos[i]` and `raw[i]`."""

    pos: Pos

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.itempos: list[Pos] = []
        self.raw: list = []

    def at(self, i: int) -> Pos:
        return self.itempos[i] if 0 <= i < len(self.itempos) else self.pos


def _pos(loader, mark) -> Pos:
    return Pos(loader.file, mark.line + 1 + loader.line_offset, mark.column + 1)


def _style(node):
    """A scalar's style; None for a plain scalar (libyaml's parser says '')."""
    return node.style or None


def _raw(node):
    if isinstance(node, ScalarNode) and _style(node) is None:
        return node.value
    return None


def _construct_map(loader, node: MappingNode):
    loader.flatten_mapping(node)
    out = LDict(_pos(loader, node.start_mark))
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            loader.problems.append(Problem(_pos(loader, key_node.start_mark),
                                           "a key here is not a plain name",
                                           "write keys as simple words: `name: value`"))
            continue
        kpos = _pos(loader, key_node.start_mark)
        if key in out:
            first = out.keypos[key]
            loader.problems.append(Problem(
                kpos, f"duplicate key '{key}' (first given on line {first.line})",
                "keep one of them; YAML would silently drop the first"))
            continue
        out[key] = loader.construct_object(value_node, deep=True)
        out.keypos[key] = kpos
        out.valpos[key] = _pos(loader, value_node.start_mark)
        out.raw[key] = _raw(value_node)
        out.style[key] = _style(value_node) if isinstance(value_node, ScalarNode) else None
    return out


def _construct_seq(loader, node: SequenceNode):
    out = LList(_pos(loader, node.start_mark))
    for child in node.value:
        out.append(loader.construct_object(child, deep=True))
        out.itempos.append(_pos(loader, child.start_mark))
        out.raw.append(_raw(child))
    return out


def _construct_timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, ConstructorError):
        return node.value  # an impossible date stays text; the schema reports it


class _Loader(yaml.SafeLoader):
    file = "<yaml>"
    line_offset = 0


class _StrLoader(_Loader):
    """Every plain scalar is a string: for table cells and chart data, where
    `0371`, `12.30` or `yes` must stay exactly as typed."""


# The same loaders on libyaml's parser (PyYAML's C extension, when it is built),
# about ten times faster; a text it rejects is parsed again by the Python parser,
# whose messages _explain knows.
_CBase = getattr(yaml, "CSafeLoader", None)


class _CLoader(*((_CBase,) if _CBase else (_Loader,))):
    file = "<yaml>"
    line_offset = 0


class _CStrLoader(_CLoader):
    pass


# Numbers are read as written (YAML 1.2's core schema, not 1.1's): decimal digits
# only, a leading zero kept decimal (`serial: 0126` is 126, never octal 86), no
# sexagesimal (`1:30` stays text), no 0x/0o/0b, no `1_000`, no `.inf`/`.nan`.
# What is not a plain decimal number stays text; `number_problem` says why.
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_FLOAT_RE = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?$")


def _construct_int(loader, node):
    value = loader.construct_scalar(node)
    return int(value, 10) if _INT_RE.match(value) else value


def _construct_float(loader, node):
    value = loader.construct_scalar(node)
    return float(value) if _FLOAT_RE.match(value) else value


_NUMBER_FORMS = (
    (re.compile(r"^[-+]?0[xX][0-9a-fA-F_]+$"), "is hexadecimal (0x…)"),
    (re.compile(r"^[-+]?0[oO][0-7_]+$"), "is octal (0o…)"),
    (re.compile(r"^[-+]?0[bB][01_]+$"), "is binary (0b…)"),
    (re.compile(r"^[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?$"), "has _ between its digits"),
    (re.compile(r"^[-+]?[0-9]+(?::[0-5]?[0-9])+(?:\.[0-9]*)?$"), "is a time or a ratio (with :)"),
    (re.compile(r"^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$"), "is infinity or not-a-number"),
    (re.compile(r"^[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$"), "has thousands separators (,)"),
)


def number_problem(text) -> str | None:
    """Why `text` (a plain scalar) is not read as a number, or None when it is
    not a number-like form at all: '0x1F is hexadecimal (0x…)'."""
    if isinstance(text, float) and text in (float("inf"), float("-inf")):
        return "the number is too large to use"
    if not isinstance(text, str):
        return None
    t = text.strip()
    for rx, why in _NUMBER_FORMS:
        if rx.match(t):
            return f"{t} {why}"
    return None


for _cls in (_Loader, _CLoader):
    _cls.add_constructor("tag:yaml.org,2002:map", _construct_map)
    _cls.add_constructor("tag:yaml.org,2002:omap", _construct_map)
    _cls.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    _cls.add_constructor("tag:yaml.org,2002:int", _construct_int)
    _cls.add_constructor("tag:yaml.org,2002:float", _construct_float)
    _cls.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers
             if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
        for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    _cls.add_implicit_resolver("tag:yaml.org,2002:int", _INT_RE, list("-+0123456789"))
    _cls.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_RE, list("-+0123456789."))
_StrLoader.yaml_implicit_resolvers = {}
_CStrLoader.yaml_implicit_resolvers = {}


def _explain(exc: yaml.MarkedYAMLError, text: str, file: str, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    lines = text.split("\n")

    def pos(m):
        if m is None:
            return Pos(file)
        return Pos(file, m.line + 1 + offset, m.column + 1)

    # A TAB in the indentation of the offending line (or the one before it).
    if mark is not None:
        for ln in (mark.line, mark.line - 1):
            if 0 <= ln < len(lines):
                line = lines[ln]
                lead = line[: len(line) - len(line.lstrip(" \t"))]
                if "\t" in lead:
                    return Problem(Pos(file, ln + 1 + offset, lead.index("\t") + 1),
                                   "a TAB character is used to indent",
                                   "YAML indents with spaces only: replace the TAB with spaces")
        if "'\\t'" in problem:
            return Problem(pos(mark), "a TAB character where YAML does not allow one",
                           "replace the TAB with spaces")
    if "quoted scalar" in context and exc.context_mark is not None:
        return Problem(pos(exc.context_mark), "a quote opened here is never closed",
                       "close the quote on the same value, or remove it")
    if "mapping values are not allowed" in problem:
        return Problem(pos(mark), "a ': ' inside a value makes YAML read it as a new key",
                       "put the whole value in quotes, or use a full-width colon ：")
    if "expected a single document" in problem:
        return Problem(pos(mark), "the file holds more than one YAML document (a second ---)",
                       "remove the extra --- line")
    if "could not find expected ':'" in problem:
        return Problem(pos(exc.context_mark or mark), "a line here is not `key: value`",
                       "check the indentation and that the key ends with ':'")
    what = "YAML syntax error: " + problem
    if context:
        what += f" ({context}"
        if exc.context_mark is not None and exc.context_mark is not mark:
            what += f" on line {exc.context_mark.line + 1 + offset}"
        what += ")"
    return Problem(pos(mark), what, "check the indentation, colons and quotes on this line")


def _unreadable(exc, text: str, file: str, line_offset: int) -> Problem:
    """A character YAML does not allow anywhere (NUL and the other control characters):
    said as the character check says it (source/characters.py), so that the two reports
    of one character are one."""
    from .characters import character_problems
    from .yamltext import line_at
    line, col = line_at(text)(exc.position if isinstance(exc.position, int) else 0)
    line += line_offset
    for found in character_problems(text, file, first_line=1 + line_offset):
        if (found.pos.line, found.pos.col) == (line, col) and found.severity == "error":
            return found
    return Problem(Pos(file, line, col), f"control character U+{exc.character:04X}: YAML does not "
                   "allow it (an invisible character, pasted or left by a damaged save) [control-char]",
                   "delete it (retype the characters on either side if your editor cannot show it)")


def load_yaml(text: str, file: str, *, line_offset: int = 0, strings: bool = False):
    """Parse YAML `text`; returns (data, problems). `line_offset` is added to
    every line (for YAML embedded in a larger file).  Data is None when the
    text has a syntax error or is empty."""
    if _CBase is not None:
        loader = (_CStrLoader if strings else _CLoader)(text)
        loader.file, loader.line_offset, loader.problems = file, line_offset, []
        try:
            return loader.get_single_data(), loader.problems
        except yaml.YAMLError:
            pass   # said again, in the Python parser's words
        finally:
            loader.dispose()
    loader_cls = _StrLoader if strings else _Loader
    try:
        loader = loader_cls(text)     # its reader refuses a control character before parsing
    except yaml.reader.ReaderError as exc:
        return None, [_unreadable(exc, text, file, line_offset)]
    loader.file = file
    loader.line_offset = line_offset
    loader.problems = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        return None, loader.problems + [_explain(exc, text, file, line_offset)]
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors etc.
        return None, loader.problems + [Problem(Pos(file), f"YAML error: {exc}")]
    finally:
        loader.dispose()
    return data, loader.problems
