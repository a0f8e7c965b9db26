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
_STAMP = f"bulletin-press startup cache 1; {sys.version}"

_code: dict[str, object] = {}          # generated source text -> code object
_regex: dict[tuple, tuple] = {}        # (pattern, flags) -> arguments of _sre.compile
_used: set = set()                     # the keys this run asked for
_new = {"any": False}
LIMIT = 3000   # entries; past it the file keeps only what the last run used (patterns made from
#                an issue's own words would otherwise pile up, issue after issue)
_installed = {"on": False}


def _load() -> None:
    try:
        with open(_FILE, "rb") as f:
            stamp, code, regex = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return
    if stamp == _STAMP and isinstance(code, dict) and isinstance(regex, dict):
        _code.update(code)
        _regex.update(regex)


def _exec(source, globals=None, locals=None, /):
    """exec, keeping the compiled code of each source text it is given."""
    if isinstance(source, str):
        _used.add(source)
        code = _code.get(source)
        if code is None:
            code = _code[source] = compile(source, "<string>", "exec", dont_inherit=True)
            _new["any"] = True
        source = code
    return exec(source, globals, locals)


def _regex_hook():
    """A stand-in for re._compiler.compile that keeps each pattern's program."""
    import _sre
    from re import _compiler, _parser
    original = _compiler.compile

    def compile_pattern(p, flags=0):
        if not isinstance(p, (str, bytes)) or flags & _compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        flags = int(flags)
        key = (p, flags)
        _used.add(key)
        args = _regex.get(key)
        if args is None:
            # as re._compiler.compile does it, keeping the arguments of the last call
            parsed = _parser.parse(p, flags)
            code = [int(c) for c in _compiler._code(parsed, flags)]   # opcodes are int subclasses
            groupindex = dict(parsed.state.groupdict)
            indexgroup = [None] * parsed.state.groups
            for k, i in groupindex.items():
                indexgroup[i] = k
            args = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
                    tuple(indexgroup))
            _regex[key] = args
            _new["any"] = True
        return _sre.compile(p, *args)
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
    writes bytecode: never with PYTHONDONTWRITEBYTECODE, silently not where it cannot."""
    if not _new["any"] or sys.dont_write_bytecode:
        return
    code, regex = _code, _regex
    if len(code) + len(regex) > LIMIT:
        code = {k: v for k, v in code.items() if k in _used}
        regex = {k: v for k, v in regex.items() if k in _used}
    tmp = f"{_FILE}.{os.getpid()}.tmp"
    try:
        data = marshal.dumps((_STAMP, code, regex))
        os.makedirs(os.path.dirname(_FILE), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, _FILE)
        _new["any"] = False
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
