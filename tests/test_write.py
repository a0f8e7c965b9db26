"""Writing outputs (output/write.py): a temp file beside the target, renamed over it;
the file a reader gets has the permissions a new file gets; nothing half-written
is left behind, and temp files of a process that is gone are cleared."""
from __future__ import annotations

import os
import stat

import pytest

from bulletin_press.errors import SetupError
from bulletin_press.output import write


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_a_written_file_has_the_permissions_the_umask_gives(tmp_path, umask):
    old = os.umask(umask)
    try:
        [path] = write.write_all({tmp_path / "out" / "a.pdf": b"%PDF-1.3 a"})
    finally:
        os.umask(old)
    assert path.read_bytes() == b"%PDF-1.3 a"
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in path.parent.iterdir()] == ["a.pdf"]      # no temp file left


def test_a_failed_write_leaves_the_last_good_files_and_no_temp_file(tmp_path, monkeypatch):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write.write_all({a: b"old a", b: b"old b"})
    real = write._fill
    calls = []

    def full_disk(fd, data):
        calls.append(data)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(fd, data)
    monkeypatch.setattr(write, "_fill", full_disk)
    with pytest.raises(SetupError):
        write.write_all({a: b"new a", b: b"new b"})
    assert a.read_bytes() == b"old a" and b.read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]


def test_a_temp_name_taken_is_passed_over(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    taken = tmp_path / f".a.pdf.{os.getpid()}.00000000.tmp"
    taken.write_bytes(b"someone else's")
    draws = iter([b"\0\0\0\0", b"\0\0\0\0", b"\1\2\3\4"])
    monkeypatch.setattr(write.os, "urandom", lambda n: next(draws))
    fd, name = write._temp_file(target)
    os.close(fd)
    assert name.endswith(".a.pdf.%d.01020304.tmp" % os.getpid())
    assert taken.read_bytes() == b"someone else's"


def test_our_temp_names_are_litter_once_their_process_is_gone(tmp_path):
    """A temp file this process names is what remove_litter clears when the process
    that made it is gone (a build killed outright), and keeps while it runs."""
    fd, mine = write._temp_file(tmp_path / "a.pdf")
    os.close(fd)
    gone = tmp_path / os.path.basename(mine).replace(f".{os.getpid()}.", ".999999999.")
    gone.write_bytes(b"left by a killed build")
    write.remove_litter(tmp_path, "a.pdf")
    assert os.path.exists(mine) and not gone.exists()
