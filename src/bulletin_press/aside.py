"""One piece of work done aside, in a forked child, while this process goes on.

The build checks its print PDF (pypdf, the PDF/X check, the preflight) while it
draws the screen PDF: a child forked before the pages are laid out imports what
the checks need at once, waits for the print PDF's bytes, runs the check and
sends back what it returned (or the BuildError it raised).

    with Aside(prepare, work) as aside:   # forks; the child runs prepare()
        ...                               # this process goes on
        aside.send(payload)               # the child runs work(payload)
        ...
        value = aside.result()            # what work returned; its BuildError raised here

Nothing is lost when the child cannot help: where fork is missing, where
threads run (watch), or when the child dies or meets anything but a BuildError,
`result()` runs `work(payload)` in this process, so an error is the same error
with the same traceback as without the child.  The child writes no file and
prints nothing; it ends with os._exit, running no cleanup of this process's.
"""
from __future__ import annotations

import os
import pickle
import struct
import threading

from .errors import BuildError

_LEN = struct.Struct(">Q")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exact(fd: int, n: int) -> bytes | None:
    parts, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _send(fd: int, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    _write_all(fd, _LEN.pack(len(data)) + data)


def _receive(fd: int):
    head = _read_exact(fd, _LEN.size)
    if head is None:
        return None
    body = _read_exact(fd, _LEN.unpack(head)[0])
    return None if body is None else pickle.loads(body)


def can_fork() -> bool:
    """A child can be forked safely: POSIX, and no other thread that could hold a lock."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Aside:
    def __init__(self, prepare, work, *, enabled: bool = True):
        self.prepare, self.work = prepare, work
        self.pid = None
        self.payload = None
        self._to = self._back = None
        if enabled and can_fork():
            self._fork()

    # ------------------------------------------------------------ the child

    def _fork(self) -> None:
        to_r, to_w = os.pipe()
        back_r, back_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (to_r, to_w, back_r, back_w):
                os.close(fd)
            return
        if pid == 0:                                   # the child
            code = 0
            try:
                os.close(to_w)
                os.close(back_r)
                self._child(to_r, back_w)
            except BaseException:                      # noqa: BLE001 - the parent reruns it
                code = 1
            finally:
                os._exit(code)
        os.close(to_r)
        os.close(back_w)
        self.pid, self._to, self._back = pid, to_w, back_r

    def _child(self, inbox: int, outbox: int) -> None:
        try:
            self.prepare()
        except Exception:                              # noqa: BLE001 - work() will meet it again
            pass
        payload = _receive(inbox)
        if payload is None:                            # the parent gave up
            return
        try:
            value = self.work(*payload)
        except BuildError as e:
            _send(outbox, ("raised", type(e), e.problems))
            return
        _send(outbox, ("returned", value))

    # ------------------------------------------------------------ the parent

    def send(self, *args) -> None:
        """Hand the child the arguments of work()."""
        self.payload = args
        if self.pid is not None:
            try:
                _send(self._to, args)
            except (OSError, pickle.PicklingError):
                self._stop()

    def result(self):
        """What work(*payload) returned; the BuildError it raised is raised here."""
        answer = None
        if self.pid is not None:
            try:
                answer = _receive(self._back)
            except Exception:                          # noqa: BLE001 - done here instead
                answer = None
            self._stop()
        if answer is not None and answer[0] == "raised":
            cls, problems = answer[1], answer[2]
            raise cls(problems)
        if answer is not None and answer[0] == "returned":
            return answer[1]
        return self.work(*self.payload)

    def _stop(self, kill: bool = False) -> None:
        if self.pid is None:
            return
        for fd in (self._to, self._back):
            try:
                os.close(fd)
            except OSError:
                pass
        if kill:
            import signal
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.pid = None

    def __enter__(self) -> "Aside":
        return self

    def __exit__(self, *exc) -> None:
        self._stop(kill=exc[0] is not None)


__all__ = ["Aside", "can_fork"]
