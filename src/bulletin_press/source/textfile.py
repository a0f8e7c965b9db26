"""Read an editor's text file: UTF-8 only, BOM stripped, line ends normalised.

A file saved as GBK/GB18030/Big5 (common from Chinese Windows tools and Excel)
is an error that names the encoding we believe it is in, so the editor knows
how to re-save it.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import BuildError, Problem
from ..model import Pos

_NAMES = {
    "gb2312": "GBK/GB2312",
    "gbk": "GBK",
    "gb18030": "GB18030",
    "big5": "Big5",
    "big5hkscs": "Big5-HKSCS",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16",
    "utf_16_be": "UTF-16",
    "utf_32": "UTF-32",
    "cp1252": "Windows-1252",
    "latin_1": "Latin-1",
}


def guess_encoding(data: bytes) -> str | None:
    """Name the likely encoding of bytes that are not UTF-8, or None."""
    # Chinese-first: try the encodings editors actually produce before asking
    # charset-normalizer, which is unreliable on short Chinese snippets.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - library failure is not fatal
        best = None
    guess = None
    if best is not None:
        enc = best.encoding.lower().replace("-", "_")
        guess = _NAMES.get(enc, best.encoding)
    for enc, name in (("gbk", "GBK"), ("gb18030", "GB18030"), ("big5", "Big5")):
        try:
            data.decode(enc)
        except UnicodeDecodeError:
            continue
        if guess in ("GBK", "GBK/GB2312", "GB18030", "Big5", "Big5-HKSCS"):
            return guess
        return name
    return guess


def decode(data: bytes, file: str) -> str:
    """Bytes → text, or BuildError naming the file, line and likely encoding."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        enc = guess_encoding(data)
        what = "the file is not UTF-8"
        if enc:
            what += f"; it looks like {enc}"
        fix = "save it as UTF-8 (in most editors: Save As… → Encoding: UTF-8)"
        if enc:
            fix = f"convert it from {enc} to UTF-8, e.g. `iconv -f {enc.split('/')[0]} -t UTF-8`, or Save As… → UTF-8"
        raise BuildError(Problem(Pos(file, line), what, fix)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, display: str | None = None) -> str:
    """Read `path` as UTF-8 text; `display` is the name used in messages."""
    name = display or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BuildError(Problem(Pos(name), "file not found")) from None
    except IsADirectoryError:
        raise BuildError(Problem(Pos(name), "expected a file, found a folder")) from None
    except OSError as exc:
        raise BuildError(Problem(Pos(name), f"cannot read the file: {exc.strerror}")) from None
    return decode(data, name)
