"""One piece of work done aside, in a forked child, while this process goes on.

A build reads its sources in a child while it imports and loads what lays out
the pages, and checks its print PDF (pikepdf, the PDF/X check, the preflight)
while it draws the screen PDF: a child forked at the start reads the Markdown and
YAML and sends back the issue, lints it while the pages are laid out, imports
what the checks need, waits for the print PDF's bytes, runs the check and sends
back what it returned (or the BuildError it raised).

    with Aside([read, lint], work) as aside:   # forks; the child runs read(), then lint()
        ...                               # this process goes on
        issue = aside.prepared(0)         # what read returned (its BuildError raised here)
        report = aside.prepared(1)        # what lint returned
        aside.send(data)                  # bytes; the child runs work(data)
        ...
        value = aside.result()            # what work returned; its BuildError raised here

`Aside(prepare, work)` with one callable is `Aside([prepare], work)`.

The child has all this process had when it was forked (`work` may be a closure
over the issue and its style); only `data` and the answer go through a pipe.

Nothing is lost when the child cannot help: where fork is missing, where
threads run (watch), where no core is idle (with `spare`), or when the child
dies or meets anything but a BuildError, `prepared(k)` runs step k and
`result()` runs `work(data)` in this process, so an error is the same error
with the same traceback as without the child.  (A step that needs what an
earlier one made keeps it where both can find it in either process: job.py's
steps share a dict.)  The child writes no file and
prints nothing; it ends with os._exit, running no cleanup of this process's.
"""
from __future__ import annotations

import os
import struct
import threading

from .errors import BuildError

_HEAD = struct.Struct(">cQ")   # kind, length: b"D" bytes as they are, b"P" pickled, b"E" a BuildError's
#                               class and problems (pickled), b"S" the bytes sent, unchanged (no body),
#                               b"X" a step failed otherwise (the parent runs it again)


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


def _send(fd: int, obj, kind: bytes | None = None) -> None:
    """Bytes go as they are (the PDFs); anything else is pickled (pickle imported only then)."""
    if kind == b"S":
        body = b""
    elif isinstance(obj, bytes) and kind is None:
        kind, body = b"D", obj
    else:
        import pickle
        kind, body = kind or b"P", pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    _write_all(fd, _HEAD.pack(kind, len(body)))
    _write_all(fd, body)


def _receive(fd: int) -> tuple[bytes, object]:
    head = _read_exact(fd, _HEAD.size)
    if head is None:
        raise EOFError
    kind, n = _HEAD.unpack(head)
    body = _read_exact(fd, n)
    if body is None:
        raise EOFError
    if kind in (b"P", b"E"):
        import pickle
        return kind, pickle.loads(body)
    return kind, body


def can_fork() -> bool:
    """A child can be forked safely: POSIX, and no other thread that could hold a lock."""
    return hasattr(os, "fork") and threading.active_count() == 1


_LOADAVG = "/proc/loadavg"   # "0.52 0.58 0.59 2/151 1234": the fourth field, running/all tasks


def spare_core() -> bool:
    """A core would be idle for the child now: more than one core is ours and fewer
    tasks are running than there are cores (the kernel's count, this process
    included).  On a machine kept busy the work is done in turn: a child there
    only costs the fork."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:                             # not Linux
        cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        with open(_LOADAVG, "rb") as f:
            running = int(f.read().split()[3].split(b"/")[0])
    except (OSError, ValueError, IndexError):          # no such count here
        return True
    return running < cores


class Aside:
    """`work(data)` (data: bytes) done in a child forked now, which runs the steps
    `prepare` (a callable, or a list of them, run in order) at once; see the
    module's doc."""

    def __init__(self, prepare, work, *, enabled: bool = True, spare: bool = False):
        """`spare`: fork only if a core is idle now (spare_core)."""
        self.steps = [prepare] if callable(prepare) else list(prepare)
        self.work = work
        self.pid = None
        self.data = None
        self._to = self._back = None
        self._answers: list = []    # (kind, answer) of each step, in order, as read from the child
        if enabled and can_fork() and (not spare or spare_core()):
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
            except BaseException:                      # noqa: BLE001 - the parent runs it again
                code = 1
            finally:
                os._exit(code)
        os.close(to_r)
        os.close(back_w)
        self.pid, self._to, self._back = pid, to_w, back_r

    def _child(self, inbox: int, outbox: int) -> None:
        for step in self.steps:
            try:
                answer = step()
            except BuildError as e:
                _send(outbox, (type(e), e.problems), b"E")
            except Exception:                          # noqa: BLE001 - the parent meets it again
                _send(outbox, None, b"X")
            else:
                _send(outbox, answer)
        try:
            _, data = _receive(inbox)
        except EOFError:                               # the parent gave up
            return
        try:
            value = self.work(data)
        except BuildError as e:
            _send(outbox, (type(e), e.problems), b"E")
            return
        if value is data:
            _send(outbox, None, b"S")                  # the same bytes: not sent back
        else:
            _send(outbox, value)

    # ------------------------------------------------------------ the parent

    def send(self, data: bytes) -> None:
        """Hand the child what work() is to be given."""
        self.data = data
        if self.pid is not None:
            try:
                _send(self._to, data)
            except OSError:
                self._stop()

    def _read_steps(self, upto: int) -> None:
        """Take the answers of the steps up to `upto` from the child, once each (a
        child that cannot answer is ended; the steps it did not answer are run here)."""
        while len(self._answers) <= upto:
            if self.pid is None:
                self._answers.append((None, None))
                continue
            try:
                self._answers.append(_receive(self._back))
            except Exception:                          # noqa: BLE001 - done here instead
                self._answers.append((None, None))
                self._stop()

    def prepared(self, k: int = 0):
        """What step k returned in the child (waiting for it); the BuildError it
        raised is raised here.  Without a child, or when the child could not
        answer, step k is run here (once: asked again, the same answer)."""
        self._read_steps(k)
        kind, answer = self._answers[k]
        if kind is None:
            try:
                answer = self.steps[k]()
            except BuildError as e:
                self._answers[k] = (b"E", (type(e), e.problems))
                raise
            self._answers[k] = kind, answer = b"P", answer
        if kind in (b"D", b"P"):
            return answer
        if kind == b"E":
            raise answer[0](answer[1])
        return self.steps[k]()                         # b"X": met again here

    def result(self):
        """What work(data) returned; the BuildError it raised is raised here."""
        kind = answer = None
        self._read_steps(len(self.steps) - 1)         # the steps' answers come first
        if self.pid is not None:
            try:
                kind, answer = _receive(self._back)
            except Exception:                          # noqa: BLE001 - done here instead
                kind = None
            self._stop()
        if kind == b"S":
            return self.data
        if kind in (b"D", b"P"):
            return answer
        if kind == b"E":
            raise answer[0](answer[1])
        return self.work(self.data)

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


__all__ = ["Aside", "can_fork", "spare_core"]
