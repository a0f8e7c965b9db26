"""`bulletin-press watch`: rebuild an issue whenever one of its sources changes.

    watch(root, key, build, *, debounce=0.05, max_builds=None, on_build=None,
          events=None, stop=None)

`build()` does one build (and raises on failure); `on_build(ok, result, seconds)`
hears about each one (`result` is the build's return value, or the exception).
A failed build changes nothing on disk (the build writes atomically), so the
last good PDF stays.  Changes that arrive within `debounce` seconds of each
other make one rebuild (an editor's save is a burst of events a few
milliseconds apart: write, rename, attributes), but a burst never holds the
rebuild back more than `MAX_WAIT` seconds.  The loop ends after `max_builds` builds, when `stop`
(a threading.Event) is set, or on Ctrl-C (KeyboardInterrupt reaches the caller
after the observer is stopped).

Watched: issues/KEY/ (with its images/ and data/), issues/publication.yaml,
styles/ and fonts/.  `events` (a queue.Queue of paths) replaces the watchdog
observer, for tests or other event sources.
"""
from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

MAX_WAIT = 1.0   # seconds a burst of events may hold a rebuild back
IGNORED_SUFFIXES = (".tmp", ".swp", ".swx", "~", ".part", ".crdownload")


def _relevant(path: str, watched: list[Path], files: set[Path]) -> bool:
    p = Path(path)
    name = p.name
    if not name or name.startswith((".", "~$", "#")) or name.endswith(IGNORED_SUFFIXES):
        return False   # editors' swap and lock files, our own atomic-write temp files
    for w in watched:
        try:
            p.relative_to(w)
            return True
        except ValueError:
            continue
    return p in files


def watched_paths(root: Path, key: str) -> tuple[list[Path], set[Path]]:
    """(folders watched recursively, single files watched)."""
    root = Path(root).resolve()
    folders = [root / "issues" / key, root / "styles", root / "fonts"]
    return [f for f in folders if f.exists()], {root / "issues" / "publication.yaml"}


def _observer(root: Path, key: str, q: queue.Queue):
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    folders, files = watched_paths(root, key)
    # fonts/ may be a symlink: watch the real folder, report paths as seen under root.
    real = {f.resolve(): f for f in folders}

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type in ("opened", "closed_no_write"):
                return
            if event.is_directory and event.event_type == "modified":
                return   # a file inside changed: that file's own event says which
            for attr in ("src_path", "dest_path"):
                path = getattr(event, attr, "") or ""
                if not path:
                    continue
                if isinstance(path, bytes):
                    path = path.decode()
                p = Path(path)
                for r, shown in real.items():
                    try:
                        p = shown / p.relative_to(r)
                        break
                    except ValueError:
                        continue
                if _relevant(str(p), folders, files):
                    q.put(str(p))

    obs = Observer()
    handler = Handler()
    for r in real:
        obs.schedule(handler, str(r), recursive=True)
    obs.schedule(handler, str(Path(root).resolve() / "issues"), recursive=False)
    obs.daemon = True
    obs.start()
    return obs


def watch(root: Path, key: str, build, *, debounce: float = 0.05, max_builds: int | None = None,
          on_build=None, on_change=None, events: queue.Queue | None = None,
          stop: threading.Event | None = None, initial: bool = True, poll: float = 0.05) -> int:
    """Build once (if `initial`), then rebuild after each burst of changes.
    Returns the number of builds done."""
    root = Path(root)
    q = events if events is not None else queue.Queue()
    obs = None if events is not None else _observer(root, key, q)
    stop = stop or threading.Event()
    builds = 0

    def one(changed: list[str]):
        nonlocal builds
        if on_change and changed:
            on_change(changed)
        t0 = time.perf_counter()
        try:
            result = build()
            ok = True
        except KeyboardInterrupt:
            raise
        except Exception as exc:   # a failed build keeps the last good PDF
            result, ok = exc, False
        builds += 1
        if on_build:
            on_build(ok, result, time.perf_counter() - t0)

    try:
        if initial:
            one([])
        while not stop.is_set() and (max_builds is None or builds < max_builds):
            try:
                first = q.get(timeout=poll)
            except queue.Empty:
                continue
            changed = [first]
            now = time.monotonic()
            deadline, latest = now + debounce, now + MAX_WAIT
            while True:   # collect the burst: an editor's save is often several events
                left = min(deadline, latest) - time.monotonic()
                if left <= 0:
                    break
                try:
                    changed.append(q.get(timeout=left))
                    deadline = time.monotonic() + debounce
                except queue.Empty:
                    break
            one(sorted(set(changed)))
    finally:
        if obs is not None:
            obs.stop()
            obs.join(timeout=2)
    return builds
