"""Draw a page plan (typeset/plan.py) with reportlab and return the PDF bytes.

The plan holds every page of the issue, planned before anything is drawn;
this stage only draws it.  Both variants draw the same plan: 'screen' on
trim-size pages in RGB with the TOC links; 'print' on media grown by bleed and
crop-mark room, CMYK, no links, marked as PDF/X-1a (render/pdfx.py).
"""
from __future__ import annotations

import hashlib
import io
import sys
import weakref
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib.boxstuff import aspectRatioFix
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from ..errors import Problem
from ..typeset import plan as P
from .cidfont import embed_programs, prepare
from .color import fill, stroke
from .marks import MARK_ROOM, draw_crop_marks
from .info import add_info
from .pdfx import PdfxMarks, mark_pdfx
from .text import TextMemo, chars_by_face, draw_placed
from .worker import Worker


@dataclass
class Rendered:
    """A PDF drawn from a page plan, with its page counts."""
    pdf: bytes
    pages: int
    article_pages: dict[int, int]
    blank_pages: int = 0
    warnings: list[Problem] = field(default_factory=list)


def _canvas(plan: P.PagePlan, media, cmyk: bool, pdfx, info=None):
    class BulletinCanvas(Canvas):
        def pdf_bytes(self) -> bytes:
            """The document's bytes (what save() writes, without a file to write them to)."""
            embed_programs(self._doc)     # the font programs not started on yet (render_plan)
            if pdfx is not None:
                mark_pdfx(self._doc, pdfx)
            add_info(self._doc, info)
            return self.getpdfdata()

    kw = {"enforceColorSpace": "cmyk"} if cmyk else {}
    canv = BulletinCanvas(None, pagesize=media, invariant=1, pageCompression=1,
                          initialFontName=plan.initial_font[0],
                          initialFontSize=plan.initial_font[1], lang="zh-CN", **kw)
    canv.bp_cmyk = cmyk
    canv.setAuthor(plan.author)
    canv.setTitle(plan.title)
    canv.setSubject(plan.subject)
    canv.setCreator("bulletin-press")
    canv.setProducer("bulletin-press (reportlab)")
    canv.setKeywords([])
    canv.setViewerPreference("DisplayDocTitle", "true")
    return canv


def draw_items(canv, items, *, links: bool = False, memo: TextMemo | None = None, page=None) -> None:
    """Draw plan items on a canvas (links only when asked: the screen PDF).  `memo`:
    the text of page `page` as drawn for the plan's other variant (render_plan)."""
    text: list = []
    color = None
    runs = 0

    def flush():
        nonlocal text, runs
        if text:
            canv.saveState()
            fill(canv, color)
            draw_placed(canv, text, memo, (page, runs))
            canv.restoreState()
            text = []
            runs += 1

    for it in items:
        if isinstance(it, P.TextLine):
            if color is not None and it.color is not color and it.color != color:
                flush()
            color = it.color
            text.append((it.x, it.y, it))
            continue
        flush()
        if isinstance(it, P.Rule):
            canv.saveState()
            stroke(canv, it.color)
            canv.setLineWidth(it.width)
            canv.line(it.x0, it.y0, it.x1, it.y1)
            canv.restoreState()
        elif isinstance(it, P.Rect):
            canv.saveState()
            fill(canv, it.color)
            canv.rect(it.x, it.y, it.w, it.h, stroke=0, fill=1)
            canv.restoreState()
        elif isinstance(it, P.Rects):
            canv.saveState()
            fill(canv, it.color)
            for x, y, w, h in it.rects:
                canv.rect(x, y, w, h, stroke=0, fill=1)
            canv.restoreState()
        elif isinstance(it, P.Path):
            _path(canv, it)
        elif isinstance(it, P.Label):
            canv.saveState()
            fill(canv, it.color)
            canv.setFont(it.font, it.size)
            canv.translate(it.x, it.y)
            if it.angle:
                canv.rotate(it.angle)
            {"middle": canv.drawCentredString, "end": canv.drawRightString}.get(
                it.anchor, canv.drawString)(0, 0, it.text)
            canv.restoreState()
        elif isinstance(it, P.Image):
            data = it.data(getattr(canv, "bp_cmyk", False))
            if it.marked:
                canv._code.append(f"/Figure {it.marked} BDC")
            job = memo.pictures.get(id(data)) if memo is not None else None
            name = job.result() if job is not None else _named_jpeg(data)
            if name is None:                 # not a JPEG: reportlab decodes and names it
                canv.drawImage(ImageReader(io.BytesIO(data)), it.x, it.y, it.w, it.h)
            else:
                _draw_named(canv, data, name, it.x, it.y, it.w, it.h)
            if it.marked:
                canv._code.append("EMC")
        elif isinstance(it, P.Link):
            if links:
                canv.linkRect("", it.dest, it.rect, relative=1)
        elif isinstance(it, P.Bookmark):
            canv.bookmarkPage(it.key)
            if it.title:
                canv.addOutlineEntry(it.title, it.key, level=it.level)
        elif isinstance(it, P.Drawn):
            it.obj.drawOn(canv, it.x, it.y)
    flush()


_MEMO: list = [None, None]      # (a weak reference to the plan last drawn, its TextMemo)


def _text_memo(plan: P.PagePlan) -> TextMemo:
    """The TextMemo of `plan`: kept while it is the plan drawn last (both variants of
    a build draw it one after the other)."""
    ref, memo = _MEMO
    if ref is None or ref() is not plan:
        memo = TextMemo()
        _MEMO[:] = [weakref.ref(plan), memo]
    return memo


def _named_jpeg(data: bytes) -> str | None:
    """The name reportlab's drawImage gives the image XObject of a JPEG picture: the
    MD5 of its decoded pixels (ImageReader.getRGBData: the image's tobytes()), then
    of the mask (None); None for a picture of another kind.  Decoding and hashing are
    most of drawImage's time and let another thread run: a worker makes this while
    the pages before are drawn.  The pixels are hashed as tobytes() makes them, a
    piece at a time (never all in one string: a 2480 x 1400 CMYK picture is 14 MB),
    and not kept (the JPEG goes into the PDF as it is)."""
    from PIL import Image, ImageFile
    im = Image.open(io.BytesIO(data))
    if im.format != "JPEG" or im.mode not in ("L", "RGB", "CMYK"):   # getRGBData converts the others
        return None
    im.load()
    digest = hashlib.md5(usedforsecurity=False)
    encoder = Image._getencoder(im.mode, "raw", im.mode)    # Image.tobytes(), its pieces hashed
    try:
        encoder.setimage(im.im, (0, 0, *im.size))
        size = max(ImageFile.MAXBLOCK, im.size[0] * 4)
        while True:
            _, status, piece = encoder.encode(size)
            digest.update(piece)
            if status:
                break
    finally:
        encoder.cleanup()
    if status < 0 or im.width == 0 or im.height == 0:
        return None
    digest.update(b"None")
    return digest.hexdigest()


def _draw_named(canv, data: bytes, name: str, x: float, y: float, w: float, h: float) -> None:
    """What canv.drawImage(ImageReader(data), x, y, w, h) draws, with the name
    `_named_jpeg` gave: the picture's XObject made on first use (the JPEG as it is,
    not decoded), then drawn."""
    canv._currentPageHasImages = 1
    doc = canv._doc
    reg = doc.getXObjectName(name)
    obj = doc.idToObject.get(reg, None)
    if not obj:
        obj = pdfdoc.PDFImageXObject(name, ImageReader(io.BytesIO(data)), mask=None)
        obj.name = name
        canv._setXObjects(obj)
        doc.Reference(obj, reg)
        doc.addForm(name, obj)
    x, y, w, h, _ = aspectRatioFix(False, "c", x, y, w, h, obj.width, obj.height, False)
    canv.saveState()
    canv.translate(x, y)
    canv.scale(w, h)
    canv._code.append("/%s Do" % reg)
    canv.restoreState()
    canv._formsinuse.append(name)


def _start_on(plan: P.PagePlan, memo: TextMemo, printing: bool) -> None:
    """Put what this variant needs and another thread can make to a worker
    (render/worker.py), before the pages are drawn: the pictures' names (the first is
    needed on its page) and, for the plan's first variant, the font programs (needed
    when the file is written; the next variant embeds the same).  The other variant's
    pictures wait for its own render: their pixels are not held meanwhile."""
    memo.pictures.clear()
    pictures = [it.data(printing) for page in plan.pages for it in page.items
                if isinstance(it, P.Image)]
    if not pictures and memo.prepared:
        return
    worker = Worker.start()         # without a thread, a job is made when it is asked for
    for data in pictures:
        if id(data) not in memo.pictures:      # a picture on two pages is named once
            memo.pictures[id(data)] = worker.job(_named_jpeg, data)
    if not memo.prepared:
        memo.prepared = True
        prepare(chars_by_face(it for page in plan.pages for it in page.items
                              if isinstance(it, P.TextLine)), worker)
    worker.close()


def _path(canv, it: P.Path) -> None:
    canv.saveState()
    if it.fill is not None:
        fill(canv, it.fill)
    if it.stroke is not None:
        stroke(canv, it.stroke)
        canv.setLineWidth(it.width)
        canv.setLineJoin(it.join)
        if it.dash:
            canv.setDash(list(it.dash))
    p = canv.beginPath()
    p.moveTo(*it.points[0])
    for pt in it.points[1:]:
        p.lineTo(*pt)
    if it.closed:
        p.close()
    canv.drawPath(p, stroke=int(it.stroke is not None), fill=int(it.fill is not None))
    canv.restoreState()


def render_plan(plan: P.PagePlan, *, variant: str = "screen",
                info: dict[str, str] | None = None) -> Rendered:
    """variant: 'screen' (trim-size pages, RGB, links) or 'print' (bleed, marks, CMYK).
    `info`: extra Info keys (render/info.py), e.g. the sources' digest."""
    tw, th = plan.trim
    printing = variant == "print"
    off = plan.bleed + MARK_ROOM if printing else 0.0
    media = (tw + 2 * off, th + 2 * off)
    pdfx = PdfxMarks(plan.title, plan.subject or None, plan.author, plan.date) if printing else None
    memo = _text_memo(plan)
    # Streams are Flate-compressed only: ASCII85 on top makes files larger and costs
    # encoding time (a PDF/X file need not be 7-bit clean).
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    switch = sys.getswitchinterval()     # lowered while font programs are compressed aside
    try:
        _start_on(plan, memo, printing)   # made aside while the pages are drawn
        canv = _canvas(plan, media, printing, pdfx, info)
        trim = (off, off, off + tw, off + th)
        b = plan.bleed
        marks = None        # the crop marks' operators: the same on every page (the same boxes)
        for number, page in enumerate(plan.pages):
            if printing:
                canv.setTrimBox(trim)
                canv.setBleedBox((off - b, off - b, off + tw + b, off + th + b))
            canv.saveState()
            if off:
                canv.translate(off, off)
            draw_items(canv, page.items, links=not printing, memo=memo, page=number)
            canv.restoreState()
            if printing:
                if marks is None:
                    start = len(canv._code)
                    draw_crop_marks(canv, trim, b)    # saves and restores the graphics state
                    marks = canv._code[start:]
                else:
                    canv._code += marks
            canv.showPage()
        data = canv.pdf_bytes()
    finally:
        rl_config.useA85 = a85
        sys.setswitchinterval(switch)
    return Rendered(data, len(plan.pages), plan.article_pages, plan.blank_pages,
                    list(plan.warnings))
