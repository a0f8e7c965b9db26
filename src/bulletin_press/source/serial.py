"""The serial chain: 总第N期 of every issue, from the issue just before it.

    predecessor(root, key) -> Previous        # which issue comes just before `key`
    serial_info(root, key, problems) -> SerialInfo
    serial_of(root, key, problems) -> int | None

The issue just before YYYY-NN is

* the issue its issue.yaml names with `follows: YYYY-NN` (a skipped number, a
  renumbered year, a special issue), else
* YYYY-(NN−1) in the same year, else, for NN = 01,
* the last issue folder of the year before (its highest number), if there is one.

An issue's serial is its `serial:`; without one it is the serial of the issue
just before + 1, when that folder exists and has a serial itself (given or so
computed).  Otherwise there is no serial to compute and the build asks for
`serial: N` — a serial is never guessed from whichever older folder happens to
exist.  A `serial:` that does not follow the issue just before (when that
folder exists), or that another folder also claims, is a warning naming both.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..model import Pos
from .publication import read_yaml_mapping
from .root import KEY, issue_keys
from .schema import convert


@dataclass(frozen=True)
class Previous:
    """The issue before this one, and how it was found."""
    key: str | None        # the issue just before, or None (the first issue)
    how: str               # "follows" | "number" | "year"
    exists: bool           # its folder is there


@dataclass(frozen=True)
class SerialInfo:
    """An issue's 总第N期 number, given or worked out from the issue before."""
    serial: int | None
    given: bool            # written as `serial:` in issue.yaml
    previous: Previous
    prev_serial: int | None


def _shown(key: str) -> str:
    return f"issues/{key}/issue.yaml"


def _read(root: Path, key: str):
    """issue.yaml of `key` as an LDict, or None (its own build reports why)."""
    path = Path(root) / "issues" / key / "issue.yaml"
    if not path.is_file():
        return None
    return read_yaml_mapping(path, _shown(key), [], _shown(key))


def _given(data, key: str) -> int | None:
    if data is None or data.get("serial") is None:
        return None
    ok, n = convert("int", data["serial"], data.raw.get("serial"))
    return n if ok and n >= 1 else None


def declared_follows(data) -> str | None:
    """`follows: YYYY-NN` as text, when it is one."""
    if data is None or data.get("follows") is None:
        return None
    text = str(data.raw.get("follows") or data["follows"]).strip()
    return text if KEY.match(text) else None


def predecessor(root: Path, key: str, data=None) -> Previous:
    """The issue just before `key` (see the module text)."""
    root = Path(root)
    if data is None:
        data = _read(root, key)
    follows = declared_follows(data)
    if follows:
        return Previous(follows, "follows", (root / "issues" / follows).is_dir())
    year, number = int(key[:4]), int(key[5:])
    if number > 1:
        prev = f"{year}-{number - 1:02d}"
        return Previous(prev, "number", (root / "issues" / prev).is_dir())
    last = [k for k in issue_keys(root) if k.startswith(f"{year - 1}-")]
    if last:
        return Previous(last[-1], "year", True)
    return Previous(None, "year", False)


def serial_info(root: Path, key: str, problems: list[Problem] | None = None,
                _memo: dict | None = None, _path: tuple = ()) -> SerialInfo:
    """The serial of `key`, whether it was given, and the issue just before.

    `problems` (when given) receives the warnings about a given serial: one
    that does not follow the issue just before, one another folder also has."""
    root = Path(root)
    memo = {} if _memo is None else _memo
    if key in memo:
        return memo[key]
    data = _read(root, key)
    prev = predecessor(root, key, data)
    given = _given(data, key)
    prev_serial = None
    if prev.exists and prev.key not in _path and prev.key != key:
        prev_serial = serial_info(root, prev.key, None, memo, (*_path, key)).serial
    serial = given if given is not None else (prev_serial + 1 if prev_serial is not None else None)
    info = SerialInfo(serial, given is not None, prev, prev_serial)
    memo[key] = info
    if problems is not None and given is not None and data is not None:
        at = data.vat("serial")
        if prev_serial is not None and given != prev_serial + 1:
            problems.append(Problem(
                at, f"serial: {given} (总第{given}期) does not follow the issue just before, "
                f"{prev.key} (总第{prev_serial}期), which makes this one 总第{prev_serial + 1}期",
                f"write serial: {prev_serial + 1}, or, if the numbering really jumps here, "
                f"leave it and check {_shown(prev.key)}", severity="warning"))
        for other in issue_keys(root):
            if other != key and serial_info(root, other, None, memo).serial == given:
                problems.append(Problem(
                    at, f"serial: {given} (总第{given}期) is also the serial of {other}",
                    f"each issue has its own serial: check this one and {_shown(other)}",
                    severity="warning"))
    return info


def serial_of(root: Path, key: str, problems: list[Problem] | None = None) -> int | None:
    """The serial (总第N期) of issue `key`, or None when neither it nor the
    issue just before gives one."""
    return serial_info(root, key).serial


def missing_serial(key: str, info: SerialInfo, pos: Pos) -> Problem:
    """The error for an issue whose serial cannot be computed."""
    prev = info.previous
    if prev.key is None:
        why = "and no issue comes before it (no folder of the year before)"
    elif not prev.exists:
        why = (f"and the issue just before it, {prev.key}"
               + (" (named by follows:)" if prev.how == "follows" else "")
               + ", has no folder here")
    else:
        why = f"and the issue just before it, {prev.key}, has no serial either"
    return Problem(pos, f"issue.yaml has no serial: {why}, so 总第N期 cannot be worked out",
                   "add `serial: N` (总第N期) to issue.yaml; or, if another issue comes just before "
                   "this one, name it with `follows: YYYY-NN`")
