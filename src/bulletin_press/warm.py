"""What `watch` keeps warm between rebuilds: the faces and the paragraph layouts.

A rebuild reads and checks the sources again (they are small), but reuses the
FontSet of the last build while the style and the fonts folder are unchanged:
its faces stay loaded, and its memos (FontSet.memo: paragraph layouts by content —
the runs, role, width and indent of each paragraph —, shapes, variants, cell
measures) are reused, so an edit re-sets only the paragraphs it changed.  What the
last build did not use is dropped.
"""
from __future__ import annotations

from pathlib import Path

from .model.style import Style
from .typeset.fonts import FontSet


def _folder_state(folder: Path) -> tuple:
    try:
        return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                            for p in folder.iterdir() if p.is_file()))
    except OSError:
        return ()


class Warm:
    def __init__(self):
        self._key: tuple | None = None
        self._fonts: FontSet | None = None

    def fonts(self, style: Style, fonts_dir: Path) -> FontSet:
        """The FontSet for `style`: the last one if nothing it depends on changed."""
        key = (style, Path(fonts_dir).resolve(), _folder_state(Path(fonts_dir)))
        if self._fonts is None or key != self._key:
            self._key, self._fonts = key, FontSet(style, fonts_dir)
        else:
            self._fonts.next_build()
        return self._fonts
