"""What Python works out afresh at every start, kept from one run to the next
like bytecode: the methods `@dataclass` writes, and compiled regular expressions.

A build imports about seventy dataclasses and compiles about a hundred and fifty
regular expressions (ours, YAML's, markdown-it's, the standard library's) before
it reads a line; writing out and compiling those costs a cold process about
70 ms, a fifth of a build.  Neither depends on the issue: the same source text
always gives the same code.  So the first run records them and later runs load
them, in one read, from a file beside this module's bytecode:

    __pycache__/startup.<python tag>.bin     (marshal; the Python version inside)

- The dataclass methods: `dataclasses` compiles each generated function with
  `exec(text)`; `install()` gives that module an `exec` that keeps the compiled
  code of each text (dataclasses.exec shadows the builtin only for that module).
  The code of a text is what `compile(text)` gives, so the classes are the same.
- The regular expressions: `re` turns a pattern into a program for its C engine
  (`_sre.compile`); the program of a (pattern, flags) pair is kept, and the
  same C call makes the same Pattern object from it.

The file is written as Python writes bytecode: not when PYTHONDONTWRITEBYTECODE
(sys.dont_write_bytecode) is set, not where the folder is read-only, always by
renaming a whole new file into place; a missing, damaged or foreign file is
ignored (and replaced).  Where the interpreter is not CPython 3.11–3.12 (whose
`re` internals this relies on) regular expressions are compiled as usual.
`BULLETIN_PRESS_NO_STARTUP_CACHE=1` turns all of it off.
"""
from __future__ import annotations

import marshal
import os
import sys

_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__",
                     f"startup.{sys.implementation.cache_tag}.bin")
_STAMP = f"bulletin-press startup cache 2; {sys.version}"
KEEP = 20   # an entry no run has asked for in this many writes of the file is dropped (patterns
#             made from an issue's own words would otherwise pile up, issue after issue)

# Each entry is kept as it is stored (bytes, decoded only when a run asks for it):
_code: dict[str, tuple | list] = {}   # source text -> (generation, marshalled code) as read,
#                                       [None, code object] once this run asked for it
_regex: dict[tuple, tuple | list] = {}   # (pattern, flags) -> (generation, flags, program as
#     array "I" bytes, groups, groupindex, indexgroup) as read, [None, …, program list, …] once asked
_state = {"gen": 0, "new": False}
_installed = {"on": False}


def _load() -> None:
    try:
        with open(_FILE, "rb") as f:
            stamp, gen, code, regex = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return
    if stamp == _STAMP and isinstance(code, dict) and isinstance(regex, dict):
        _state["gen"] = gen
        _code.update(code)
        _regex.update(regex)


def _exec(source, globals=None, locals=None, /):
    """exec, keeping the compiled code of each source text it is given."""
    if isinstance(source, str):
        entry = _code.get(source)
        if isinstance(entry, tuple):       # as read from the file
            try:
                entry = _code[source] = [None, marshal.loads(entry[1])]
            except (EOFError, ValueError, TypeError, IndexError):   # damaged: compiled afresh
                entry = None
        if entry is None:
            entry = _code[source] = [None, compile(source, "<string>", "exec", dont_inherit=True)]
            _state["new"] = True
        entry[0] = None                    # asked for in this run
        source = entry[1]
    return exec(source, globals, locals)


def _regex_hook():
    """A stand-in for re._compiler.compile that keeps each pattern's program."""
    from array import array

    import _sre
    from re import _compiler, _parser
    original = _compiler.compile

    def compile_pattern(p, flags=0):
        if not isinstance(p, (str, bytes)) or flags & _compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        flags = int(flags)
        key = (p, flags)
        entry = _regex.get(key)
        if isinstance(entry, tuple):       # as read from the file
            try:
                entry = _regex[key] = [None, entry[1], array("I", entry[2]).tolist(), *entry[3:]]
                pattern = _sre.compile(p, *entry[1:])   # checks the program it is given
                entry[0] = None
                return pattern
            except (ValueError, TypeError, IndexError, RuntimeError):   # damaged: worked afresh
                entry = None
        if entry is None:
            # as re._compiler.compile does it, keeping the arguments of the last call
            parsed = _parser.parse(p, flags)
            code = [int(c) for c in _compiler._code(parsed, flags)]   # opcodes are int subclasses
            groupindex = dict(parsed.state.groupdict)
            indexgroup = [None] * parsed.state.groups
            for k, i in groupindex.items():
                indexgroup[i] = k
            entry = _regex[key] = [None, int(flags | parsed.state.flags), code,
                                   parsed.state.groups - 1, groupindex, tuple(indexgroup)]
            _state["new"] = True
        entry[0] = None                    # asked for in this run
        return _sre.compile(p, *entry[1:])
    return original, compile_pattern


def install() -> None:
    """Load the kept code and hook dataclasses and re (once a process; cheap)."""
    if _installed["on"] or os.environ.get("BULLETIN_PRESS_NO_STARTUP_CACHE"):
        return
    _installed["on"] = True
    _load()
    import dataclasses
    dataclasses.exec = _exec
    if sys.implementation.name == "cpython" and sys.version_info[:2] in ((3, 11), (3, 12)):
        import re._compiler
        _, hook = _regex_hook()
        re._compiler.compile = hook


def save() -> None:
    """Write what this run added (a whole new file renamed into place), as Python
    writes bytecode: never with PYTHONDONTWRITEBYTECODE, silently not where it cannot.
    Entries this run asked for are marked with the new generation; those no run
    asked for in KEEP generations are left out."""
    if not _state["new"] or sys.dont_write_bytecode:
        return
    from array import array
    gen = _state["gen"] + 1
    code = {}
    for text, (g, c) in _code.items():
        if g is None or g > gen - KEEP:
            code[text] = (gen if g is None else g, c if isinstance(c, bytes) else marshal.dumps(c))
    regex = {}
    for key, (g, flags, prog, *rest) in _regex.items():
        if g is None or g > gen - KEEP:
            regex[key] = (gen if g is None else g, flags,
                          prog if isinstance(prog, bytes) else array("I", prog).tobytes(), *rest)
    tmp = f"{_FILE}.{os.getpid()}.tmp"
    try:
        data = marshal.dumps((_STAMP, gen, code, regex))
        os.makedirs(os.path.dirname(_FILE), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, _FILE)
        _state["new"] = False
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
