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
- Values a build works out afresh from the same few inputs every time
  (`remembered(key, compute)`: the 报尾's QR code, from its text and the
  encoder's version), kept under a key that names all of those inputs.

The file is written as Python writes bytecode: not when PYTHONDONTWRITEBYTECODE
(sys.dont_write_bytecode) is set, not where the folder is read-only, always by
renaming a whole new file into place; a missing, damaged or foreign file is
ignored (and replaced).  Where the interpreter is not CPython 3.11–3.12 (whose
`re` internals this relies on) regular expressions are compiled as usual.
`BULLETIN_PRESS_NO_STARTUP_CACHE=1` turns all of it off.

Two things are not kept but put off: Pillow's image module (PIL.Image, with its
tables of EXIF and TIFF tags, some 12 ms).  reportlab imports it when it is
imported itself, yet a build draws with it only when the issue has a photo.
`install()` makes it a lazy module (importlib.util.LazyLoader): it runs when
something first reads one of its names, and then just as an import would have.
And reportlab's temp-folder helpers for its test suite (reportlab.lib.rltempfile,
which imports tempfile): a stand-in takes their place until one is called
(`stand_in`).
"""
from __future__ import annotations

import marshal
import os
import sys

_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__",
                     f"startup.{sys.implementation.cache_tag}.bin")
_STAMP = f"bulletin-press startup cache 3; {sys.version}"
KEEP = 20   # an entry no run has asked for in this many writes of the file is dropped (patterns
#             made from an issue's own words would otherwise pile up, issue after issue)

# Each entry is kept as it is stored (bytes, decoded only when a run asks for it):
_code: dict[str, tuple | list] = {}   # source text -> (generation, marshalled code) as read,
#                                       [None, code object] once this run asked for it
_regex: dict[tuple, tuple | list] = {}   # (pattern, flags) -> (generation, flags, program as
#     array "I" bytes, groups, groupindex, indexgroup) as read, [None, …, program list, …] once asked
_memo: dict[str, tuple | list] = {}   # remembered(key) -> (generation, marshalled value) as
#                                       read, [None, value] once this run asked for it
_state = {"gen": 0, "new": False}
_installed = {"on": False}


def _read_file():
    """(generation, code, regex, remembered values) of the file as it is now, or None."""
    try:
        with open(_FILE, "rb") as f:
            stamp, gen, code, regex, memo = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if stamp != _STAMP or not all(isinstance(d, dict) for d in (code, regex, memo)):
        return None
    return gen, code, regex, memo


def _load() -> None:
    now = _read_file()
    if now is not None:
        _state["gen"] = now[0]
        _code.update(now[1])
        _regex.update(now[2])
        _memo.update(now[3])


def _kept(table: dict, key, make):
    """The value kept in `table` (_code, _memo) under `key`, else `make()`'s, kept;
    marked as asked for in this run."""
    entry = table.get(key)
    if isinstance(entry, tuple):           # as read from the file
        try:
            entry = table[key] = [None, marshal.loads(entry[1])]
        except (EOFError, ValueError, TypeError, IndexError):   # damaged: made afresh
            entry = None
    if entry is None:
        entry = table[key] = [None, make()]
        _state["new"] = True
    entry[0] = None                        # asked for in this run
    return entry[1]


def _exec(source, globals=None, locals=None, /):
    """exec, keeping the compiled code of each source text it is given."""
    if isinstance(source, str):
        source = _kept(_code, source, lambda: compile(source, "<string>", "exec", dont_inherit=True))
    return exec(source, globals, locals)


_SHUFFLED = 30      # a pattern this long may be a set joined in this process's order


def _reordered(p, flags: int) -> bool:
    """`p` is a kept pattern's characters in another order: a pattern made by joining a
    set, whose order changes with every process's hash seed (reportlab's unsafe names,
    `'|'.join(a_set)`; a character class of markdown-it's terminators).  Kept, it would
    never be asked for again, and make every run write the file anew.  (No two of the
    patterns a build keeps are reorderings of each other at this length.)"""
    if len(p) < _SHUFFLED:
        return False
    mine = sorted(p)
    return any(k[1] == flags and len(k[0]) == len(p) and type(k[0]) is type(p) and k[0] != p
               and sorted(k[0]) == mine for k in _regex)


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
        if entry is None and _reordered(p, flags):
            return original(p, flags)      # not kept: it will not be asked for again
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


def remembered(key: str, compute):
    """`compute()`'s value (something marshal can write: numbers, strings, tuples …),
    kept from one run to the next under `key`, which must name everything the value
    depends on.  For what a build works out afresh from the same few inputs every
    time (the 报尾's QR code from its text).  Without the cache, computed each time."""
    if not _installed["on"]:
        return compute()
    return _kept(_memo, key, compute)


_DEFERRED = ("PIL.Image",)   # imported (from PIL import Image) by modules that may never use it
_STAND_IN = "reportlab.lib.rltempfile"   # see stand_in


def stand_in(name: str, functions: tuple[str, ...]) -> None:
    """Put a stand-in for module `name` in sys.modules: its `functions` import the
    real module when first called (the stand-in steps aside) and call its own.  For
    a module taken as `from name import f` by a module that a build imports but never
    calls it: reportlab.lib.utils takes its test suite's temp-folder helpers from
    reportlab.lib.rltempfile, which imports tempfile and with it shutil, bz2, lzma
    and random (some 6 ms of every build)."""
    if name in sys.modules:
        return
    import types
    module = types.ModuleType(name, "a stand-in (bulletin_press.startup.stand_in)")

    def forward(fn: str):
        def call(*args, **kwargs):
            if sys.modules.get(name) is module:
                del sys.modules[name]
            import importlib
            return getattr(importlib.import_module(name), fn)(*args, **kwargs)
        call.__name__ = fn
        return call
    for fn in functions:
        setattr(module, fn, forward(fn))
    sys.modules[name] = module


def defer(name: str) -> None:
    """Make module `name` lazy: its code runs when one of its attributes is first
    read.  Only worth it for a module its importers take as `from package import
    name` (`import name` asks the module for its __spec__, which runs it at once)."""
    if name in sys.modules:
        return
    import importlib.util
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def install() -> None:
    """Load the kept code, hook dataclasses and re, put off what a build may not
    use (once a process; cheap)."""
    if _installed["on"] or os.environ.get("BULLETIN_PRESS_NO_STARTUP_CACHE"):
        return
    _installed["on"] = True
    _load()
    for name in _DEFERRED:
        defer(name)
    stand_in(_STAND_IN, ("get_rl_tempdir", "get_rl_tempfile"))
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
    asked for in KEEP generations are left out.  What another process wrote since
    this one read the file is kept: a build's child (job.py) saves what it
    compiled, and so does the build."""
    if not _state["new"] or sys.dont_write_bytecode:
        return
    from array import array
    now = _read_file()
    gen = max(_state["gen"], now[0] if now else 0) + 1
    code = {}
    regex = {}
    memo = {}
    if now is not None:                 # the file's entries first; this run's replace them
        for mine, theirs in ((code, now[1]), (regex, now[2]), (memo, now[3])):
            for key, entry in theirs.items():
                if isinstance(entry, tuple) and entry and isinstance(entry[0], int) \
                        and entry[0] > gen - KEEP:
                    mine[key] = entry
    for text, (g, c) in _code.items():
        if g is None or g > gen - KEEP:
            g = gen if g is None else max(g, code.get(text, (0,))[0])
            code[text] = (g, c if isinstance(c, bytes) else marshal.dumps(c))
    for key, (g, value) in _memo.items():
        if g is None or g > gen - KEEP:
            g = gen if g is None else max(g, memo.get(key, (0,))[0])
            memo[key] = (g, value if isinstance(value, bytes) else marshal.dumps(value))
    for key, (g, flags, prog, *rest) in _regex.items():
        if g is None or g > gen - KEEP:
            g = gen if g is None else max(g, regex.get(key, (0,))[0])
            regex[key] = (g, flags, prog if isinstance(prog, bytes) else array("I", prog).tobytes(),
                          *rest)
    tmp = f"{_FILE}.{os.getpid()}.tmp"
    try:
        data = marshal.dumps((_STAMP, gen, code, regex, memo))
        os.makedirs(os.path.dirname(_FILE), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, _FILE)
        _state["new"] = False
        _state["gen"] = gen
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
