"""The startup cache (startup.py): kept dataclass methods and regular-expression
programs give the same classes and the same Pattern objects as Python makes them."""
from __future__ import annotations

import dataclasses
import os
import re
import sys

import pytest

from bulletin_press import startup
from conftest import python_output

PATTERNS = [
    (r"[\u4e00-\u9fff]+(?P<tail>[，。])?", 0),
    (r"^\s*(#{1,6})\s+(.*?)\s*$", re.M),
    (r"(?i)figure\s+(\d+)", 0),
    (rb"\xff\xd8(..)", re.S),
    (r"(a)|(b)(?(2)c|d)", 0),
    (r"[^\W\d_]+", re.UNICODE | re.IGNORECASE),
]


@pytest.mark.skipif(not (sys.implementation.name == "cpython" and sys.version_info[:2] in ((3, 11), (3, 12))),
                    reason="the regex program is kept only on CPython 3.11–3.12")
@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_a_kept_program_makes_the_same_pattern(pattern, flags):
    original, hook = startup._regex_hook()
    fresh = original(pattern, int(flags))
    startup._regex.pop((pattern, int(flags)), None)
    first = hook(pattern, flags)                  # works the program out and keeps it
    assert (pattern, int(flags)) in startup._regex
    again = hook(pattern, flags)                  # from the kept program
    # Pattern equality compares the pattern, the flags and the compiled program
    assert fresh == first == again
    assert again.groupindex == fresh.groupindex and again.groups == fresh.groups
    sample = "图表 Figure 12，甲乙丙。" if isinstance(pattern, str) else b"\xff\xd8ab"
    assert [m.span() for m in again.finditer(sample)] == [m.span() for m in fresh.finditer(sample)]


def test_kept_dataclass_methods_behave_as_written():
    text = "def __create_fn__():\n def f(self, a, b=2):\n  return (a, b)\n return f"
    startup._code.pop(text, None)
    ns: dict = {}
    startup._exec(text, None, ns)
    assert text in startup._code
    ns2: dict = {}
    startup._exec(text, None, ns2)                 # compiled code reused
    assert ns2["__create_fn__"]()(None, 1) == (1, 2)

    @dataclasses.dataclass
    class Point:
        x: int
        y: list = dataclasses.field(default_factory=list)
    assert Point(1) == Point(1, []) and repr(Point(2, [3])).endswith("Point(x=2, y=[3])")


def test_the_file_is_written_whole_and_read_back(tmp_path, monkeypatch):
    target = tmp_path / "__pycache__" / "startup.bin"
    monkeypatch.setattr(startup, "_FILE", str(target))
    monkeypatch.setattr(startup, "_code", {})
    monkeypatch.setattr(startup, "_regex", {})
    monkeypatch.setattr(startup, "_state", {"gen": 0, "new": False})
    startup._exec("x = 1\n", {})
    original, hook = startup._regex_hook()
    hook("ab+", 0)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    startup.save()
    assert not target.parent.exists()              # PYTHONDONTWRITEBYTECODE: nothing written
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    startup.save()
    assert target.is_file() and list(target.parent.iterdir()) == [target]   # no temp file left
    monkeypatch.setattr(startup, "_code", {})
    monkeypatch.setattr(startup, "_regex", {})
    startup._load()
    assert set(startup._code) == {"x = 1\n"} and set(startup._regex) == {("ab+", 0)}
    ns: dict = {}
    startup._exec("x = 1\n", ns)                  # decoded from the file
    assert ns["x"] == 1 and startup._state["new"] is False
    assert hook("ab+", 0) == original("ab+", 0)


def test_entries_no_run_asks_for_are_dropped_in_time(tmp_path, monkeypatch):
    monkeypatch.setattr(startup, "_FILE", str(tmp_path / "startup.bin"))
    monkeypatch.setattr(startup, "_code", {})
    monkeypatch.setattr(startup, "_regex", {})
    monkeypatch.setattr(startup, "_state", {"gen": 0, "new": False})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    startup._exec("old = 1\n", {})
    for n in range(startup.KEEP):                  # later runs ask for other texts only
        startup.save()
        startup._code.clear()
        startup._load()
        assert "old = 1\n" in startup._code
        startup._exec(f"new = {n}\n", {})
    startup.save()
    startup._code.clear()
    startup._load()
    assert "old = 1\n" not in startup._code and f"new = {startup.KEEP - 1}\n" in startup._code


def test_a_damaged_or_foreign_file_is_ignored(tmp_path, monkeypatch):
    target = tmp_path / "startup.bin"
    monkeypatch.setattr(startup, "_FILE", str(target))
    monkeypatch.setattr(startup, "_code", {})
    monkeypatch.setattr(startup, "_regex", {})
    import marshal
    for data in (b"\x00garbage", marshal.dumps(("another python", 1, {"x": [1, b""]}, {})), b""):
        target.write_bytes(data)
        startup._load()
        assert startup._code == {} and startup._regex == {}


def test_a_second_cold_run_compiles_almost_nothing(tmp_path):
    """Import the whole build twice in fresh processes: the second finds every
    dataclass method kept, and all patterns but the two reportlab builds from a
    set (whose order changes from one process to the next)."""
    script = ("import sys; from bulletin_press import startup; startup._FILE = sys.argv[1]; "
              "startup.install(); c, r = set(startup._code), set(startup._regex); "
              "import bulletin_press.cli, bulletin_press.job, bulletin_press.pipeline, "
              "bulletin_press.source.read, bulletin_press.checks; "
              "print(len(set(startup._code) - c), len(set(startup._regex) - r)); startup.save()")
    cache = str(tmp_path / "s.bin")
    env = {"PATH": "/usr/bin:/bin"}              # no PYTHONDONTWRITEBYTECODE
    runs = [python_output(script, cache, env=env).split() for _ in range(2)]
    (code1, regex1), (code2, regex2) = [[int(n) for n in r] for r in runs]
    assert code1 > 50 and regex1 > 50
    assert code2 == 0 and regex2 <= 3


def test_a_damaged_entry_is_worked_out_afresh(monkeypatch):
    """A file whole on the outside but with an entry's bytes spoilt: the class and the
    pattern are made as without the cache (and the entry is replaced)."""
    text = "def __create_fn__():\n def g(self):\n  return 42\n return g"
    monkeypatch.setattr(startup, "_code", {text: (1, b"\x00not marshal")})
    monkeypatch.setattr(startup, "_state", {"gen": 1, "new": False})
    ns: dict = {}
    startup._exec(text, None, ns)
    assert ns["__create_fn__"]()(None) == 42 and startup._state["new"] is True
    if sys.implementation.name == "cpython" and sys.version_info[:2] in ((3, 11), (3, 12)):
        original, hook = startup._regex_hook()
        monkeypatch.setattr(startup, "_regex", {("a+b", 0): (1, 32, b"\xff\xff\xff\xff" * 3, 0, {}, (None,))})
        assert hook("a+b", 0) == original("a+b", 0)


def test_what_another_process_saved_meanwhile_is_kept(tmp_path, monkeypatch):
    """Two processes that read the same file (a build and its child) each save what
    they compiled: the second save keeps the first one's entries beside its own."""
    monkeypatch.setattr(startup, "_FILE", str(tmp_path / "s.bin"))
    monkeypatch.setattr(startup, "_state", {"gen": 0, "new": False})
    monkeypatch.setattr(startup, "_code", {})
    monkeypatch.setattr(startup, "_regex", {})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    _, hook = startup._regex_hook()
    hook("one[0-9]+", 0)                    # the first process compiles this and saves
    startup.save()
    startup._regex.clear()                  # the second read the file before that save
    startup._state.update(gen=0, new=False)
    hook("two[a-z]+", 0)
    startup.save()
    startup._regex.clear()
    startup._load()
    assert {("one[0-9]+", 0), ("two[a-z]+", 0)} <= set(startup._regex)
    assert startup._state["gen"] == 2


def test_a_remembered_value_comes_back_in_the_next_run_without_being_worked_out(tmp_path,
                                                                                 monkeypatch):
    monkeypatch.setattr(startup, "_FILE", str(tmp_path / "s.bin"))
    monkeypatch.setattr(startup, "_state", {"gen": 0, "new": False})
    for name in ("_code", "_regex", "_memo"):
        monkeypatch.setattr(startup, name, {})
    monkeypatch.setattr(startup, "_installed", {"on": True})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    calls = []

    def work():
        calls.append(1)
        return ((1.5, 2.0, 3.25, 4.0), (5.0, 6.0, 7.0, 8.0))
    assert startup.remembered("k", work) == work() and len(calls) == 2   # worked out once here
    assert startup.remembered("k", work) == work() and len(calls) == 3
    startup.save()
    startup._memo.clear()                  # the next run
    startup._load()
    assert startup.remembered("k", lambda: 1 / 0) == ((1.5, 2.0, 3.25, 4.0), (5.0, 6.0, 7.0, 8.0))
    assert startup.remembered("other", lambda: "x") == "x"
    monkeypatch.setattr(startup, "_installed", {"on": False})     # no cache: worked out each time
    assert startup.remembered("k", lambda: "fresh") == "fresh"


def test_the_qr_code_kept_is_the_qr_code_encoded():
    from bulletin_press.typeset import qrcode
    text = "https://example.org/bulletin/qr-kept"
    assert qrcode.qr_modules(text, 56.0, 2, "M") == qrcode._encode(text, 56.0, 2, "M")
    assert qrcode.qr_modules(text + "/2", 56.0, 2, "M") != qrcode._encode(text, 56.0, 2, "M")


def test_a_set_joined_in_another_order_is_compiled_but_not_kept(monkeypatch):
    """A long pattern that is a kept one's characters in another order (a set joined
    in this process's hash order, as reportlab builds its unsafe names) matches as re
    makes it, is not kept, and does not make the run write the file."""
    words = [f"name{i:03d}" for i in range(60)]
    one, other = r"\b(?:%s)" % "|".join(words), r"\b(?:%s)" % "|".join(reversed(words))
    monkeypatch.setattr(startup, "_regex", {})
    monkeypatch.setattr(startup, "_state", {"gen": 0, "new": False})
    original, hook = startup._regex_hook()
    hook(one, 0)
    assert (one, 0) in startup._regex and startup._state["new"]
    startup._state["new"] = False
    got = hook(other, 0)
    assert got == original(other, 0) and got.pattern == other
    assert (other, 0) not in startup._regex and not startup._state["new"]
    assert hook("short(?:a|b)", 0) and ("short(?:a|b)", 0) in startup._regex   # short: kept


def test_the_build_imports_no_temp_file_module_and_the_stand_in_still_works():
    """reportlab's temp-folder helpers wait behind a stand-in (startup.stand_in): a
    build's imports bring neither tempfile nor what it imports; called, a helper
    gives what the real one gives, and the real module takes its place."""
    script = ("import sys; import bulletin_press.cli, bulletin_press.job, bulletin_press.pipeline; "
              "import bulletin_press.typeset.pages, bulletin_press.render.pdf; "
              "print(sorted(m for m in ('tempfile', 'shutil', 'bz2', 'lzma') if m in sys.modules)); "
              "from reportlab.lib.utils import get_rl_tempdir; d = get_rl_tempdir('x'); "
              "import reportlab.lib.rltempfile as real, tempfile, os; "
              "print(d == os.path.join(tempfile.gettempdir(), 'ReportLab_tmp%d' % os.getuid(), 'x'), "
              "real.get_rl_tempdir is not get_rl_tempdir, 'stand-in' in (real.__doc__ or ''))")
    env = {k: v for k, v in os.environ.items() if k != "BULLETIN_PRESS_NO_STARTUP_CACHE"}
    out = python_output(script, env=env).splitlines()
    assert out == ["[]", "True True False"]


def test_the_builds_dataclasses_have_their_own_docstrings():
    """A dataclass without a docstring gets one made from inspect.signature as its
    class is made: some 3 ms of every build's imports for the forty-odd of them."""
    script = ("import dataclasses, sys; import bulletin_press.cli, bulletin_press.job, "
              "bulletin_press.pipeline, bulletin_press.checks, bulletin_press.source.read, "
              "bulletin_press.render.pdf, bulletin_press.typeset.pages; "
              "made = [c for n, m in list(sys.modules.items()) if n.startswith('bulletin_press') "
              "for c in vars(m).values() if isinstance(c, type) and dataclasses.is_dataclass(c) "
              "and c.__module__ == n]; "
              "print(len(made), *[c.__qualname__ for c in made "
              "if (c.__doc__ or '').startswith(c.__name__ + '(')])")   # dataclasses' own
    out = python_output(script).split()
    assert int(out[0]) > 40 and out[1:] == []
