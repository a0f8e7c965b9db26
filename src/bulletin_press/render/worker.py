"""Work done by a second thread while the pages are drawn.

Drawing is Python (one thread at a time); compressing a font program (zlib),
decoding a picture (PIL) and hashing its pixels (hashlib) are C that lets the
other thread run.  A render starts one worker thread, puts those jobs to it as
soon as they are known, and goes on drawing; it asks for a job's result when it
needs it:

    worker = Worker.start()            # a thread only where a core is idle
    job = worker.job(zlib.compress, data)
    ...
    job.result()                       # made by the worker, or here and now

Whichever thread comes to a job first makes it, once: a job the worker has not
come to is made by the thread that asks for it, and while the worker is busy on
the one asked for, the asking thread takes the batch's last jobs (the worker goes
from the first), so both cores work to the end.  The results are those of the
same calls made in turn.  Where no core is idle (spare_core) there is no thread:
each job is made when asked for, as it was before.
"""
from __future__ import annotations

import sys
import threading

SWITCH = 0.0005   # s: the interpreter's switch interval while a worker runs


class Job:
    """`work(arg)`, made by whichever thread comes to it first.  `batch`: the jobs
    queued with it, in the worker's order."""

    def __init__(self, work, arg, batch: list):
        self._work, self._arg, self._batch = work, arg, batch
        self._claimed = threading.Lock()
        self._done = threading.Event()
        self._ok = False
        self._value = None

    def done(self) -> bool:
        return self._done.is_set()

    def run(self) -> None:
        if self._claimed.acquire(blocking=False):   # else another thread has it
            try:
                self._value, self._ok = self._work(self._arg), True
            except Exception:            # noqa: BLE001 - result() makes it again and raises there
                pass
            finally:
                self._done.set()

    def result(self):
        self.run()
        while not self._done.is_set():   # the worker has it: take the last ones meanwhile
            free = [j for j in self._batch if not j._claimed.locked()]
            if not free:
                break
            free[-1].run()
        self._done.wait()
        if not self._ok:                 # it failed (in either thread): the error raised here
            self._value, self._ok = self._work(self._arg), True
        self._arg = None
        return self._value


class Worker:
    """One thread that makes the jobs put to it, in turn (none where no core is
    idle: then each job is made when its result is asked for)."""

    def __init__(self, queue=None):
        self.batch: list[Job] = []
        self._queue = queue

    @classmethod
    def start(cls) -> "Worker":
        from .. import aside
        if not aside.spare_core():
            return cls()
        import queue as queues
        queue = queues.SimpleQueue()
        threading.Thread(target=lambda: [job.run() for job in iter(queue.get, None)],
                         daemon=True).start()
        # The worker needs the interpreter only between two jobs; the drawing thread
        # is made to hand it over within SWITCH s instead of the default 5 ms (the
        # render puts the interval back when it is done: render/pdf.py)
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH))
        return cls(queue)

    @property
    def running(self) -> bool:
        return self._queue is not None

    def job(self, work, arg) -> Job:
        """`work(arg)`, put to the worker thread (if there is one)."""
        job = Job(work, arg, self.batch)
        self.batch.append(job)
        if self._queue is not None:
            self._queue.put(job)
        return job

    def close(self) -> None:
        """No more jobs: the thread ends when it has made those it has."""
        if self._queue is not None:
            self._queue.put(None)
            self._queue = None
