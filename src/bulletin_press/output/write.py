"""Writing output files so that a failed build never destroys the last good one.

    write_atomic(path, data)            # one file: a temp file beside it, fsync, rename
    write_all({path: data, ...})        # several: every temp file first, then all renamed

A temp file is `.NAME.<pid>.<random>.tmp` beside its target.  While temp files
exist, SIGTERM and SIGHUP are turned into an exception (as SIGINT is already) so
they are removed on the way out; temp files left by a process that was killed
outright (SIGKILL, a power cut) are removed by the next write into the same
folder once that process is gone.  Any OSError becomes a `SetupError` (exit 2)
that names the path and what to do — a full disk, a read-only folder, a folder
where the file should be.
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import time
from pathlib import Path

from ..errors import SetupError, os_problem

_STALE_AGE = 3600.0    # a temp file without a process id, older than this, is litter


class Interrupted(KeyboardInterrupt):
    """A SIGTERM or SIGHUP that arrived while files were being written."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def _signals_raise():
    """SIGTERM/SIGHUP raise `Interrupted` inside the block (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise Interrupted(signum)

    old = {}
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is None:
            continue
        try:
            old[sig] = signal.signal(sig, handler)
        except (ValueError, OSError):   # pragma: no cover - not allowed here
            pass
    try:
        yield
    finally:
        for sig, h in old.items():
            signal.signal(sig, h)


def _fill(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd` and flush it to the disk."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
    os.fsync(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_litter(folder: Path, name: str) -> None:
    """Remove temp files for `name` in `folder` left by processes that are gone."""
    pattern = re.compile(rf"^\.{re.escape(name)}\.(?:(\d+)\.)?[^.]+\.tmp$")
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for e in entries:
        m = pattern.match(e.name)
        if not m:
            continue
        try:
            pid = int(m.group(1)) if m.group(1) else None
            if pid is None and now - e.stat(follow_symlinks=False).st_mtime < _STALE_AGE:
                continue
            if pid is not None and (pid == os.getpid() or _alive(pid)):
                continue
            os.unlink(e.path)
        except OSError:
            continue


_EXCL = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _temp_file(path: Path) -> tuple[int, str]:
    """A new file `.NAME.<pid>.<random>.tmp` beside `path`, open for writing: (fd, its
    name).  Made as tempfile.mkstemp makes one (O_EXCL, another name if it exists),
    with the permissions the umask gives a new file (a PDF is not private) and without
    importing tempfile, which brings shutil, bz2, lzma and random into every build."""
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(tmp, _EXCL, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(17, "No usable temporary file name found", str(path.parent))


def _stage(path: Path, data: bytes) -> str:
    """Write `data` to a new temp file beside `path`; return the temp file's name."""
    if path.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_litter(path.parent, path.name)
    fd, tmp = _temp_file(path)
    try:
        try:
            _fill(fd, data)
        finally:
            os.close(fd)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return tmp


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_all(files: dict[Path, bytes]) -> list[Path]:
    """Write every file or none: all temp files are written (and flushed) first,
    then each is renamed over its target.  Returns the paths written.

    On any failure (or a signal) the temp files are removed and the targets are
    left as they were; an OSError is raised as a SetupError naming the path."""
    items = [(Path(p), d) for p, d in files.items()]
    staged: list[tuple[str, Path]] = []
    current = items[0][0] if items else Path(".")
    with _signals_raise():
        try:
            for path, data in items:
                current = path
                staged.append((_stage(path, data), path))
            for tmp, path in staged:
                current = path
                os.replace(tmp, path)
        except BaseException as exc:
            for tmp, _ in staged:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            if isinstance(exc, OSError):
                raise SetupError(os_problem(current, exc)) from None
            raise
    for folder in {p.parent for p, _ in items}:
        _sync_folder(folder)
    return [p for p, _ in items]


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file through a temp file beside it, flushed and renamed into place."""
    write_all({Path(path): data})


def write_tree_atomic(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write a whole folder at once: build it beside `folder`, then swap it into place.

    `files` maps relative paths (with /) to contents.  A failure on the way leaves
    the last good folder as it was; the swap itself is two renames."""
    import shutil
    import tempfile
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    old = None
    try:
        os.chmod(tmp, 0o755)
        for rel, data in files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(folder, old)
        os.replace(tmp, folder)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and old.exists() and not folder.exists():
            os.replace(old, folder)
        if isinstance(exc, OSError):      # a full disk, a read-only folder: exit 2, with the path
            raise SetupError(os_problem(folder, exc)) from None
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return [folder / rel for rel in files]
