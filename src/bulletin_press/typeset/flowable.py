"""Flowable: the base of the typeset stage's blocks (paragraphs, tables, charts, …).

The measuring half of reportlab.platypus.Flowable's protocol (wrap, split, the
space and keep hints a platypus frame asks for; the methods below follow
reportlab 5.1's), so the year index can still pour these objects into a
platypus document.  They are never drawn here: each gives its page-plan items
(`typeset/placed.py` `items_of`), which the render stage draws (render/pdf.py;
the year index wraps them in render/indexpdf.py).
Importing reportlab.platypus costs a cold build ~60 ms (its paragraph module
compiles a large pattern) that the page engine does not need: only the year
index (render/indexpdf.py) and reportlab's graphics (the HTML edition's charts and
QR code) load it, when used.
"""
from __future__ import annotations


class Flowable:
    _fixedWidth = 0
    _fixedHeight = 0

    def __init__(self):
        self.width = 0
        self.height = 0
        self.wrapped = 0
        self.hAlign = "LEFT"
        self.vAlign = "BOTTOM"
        self._traceInfo = None
        self._showBoundary = None
        self.encoding = None

    def wrapOn(self, canv, aW, aH):
        self.canv = canv
        w, h = self.wrap(aW, aH)
        del self.canv
        return w, h

    def wrap(self, availWidth, availHeight):
        return (self.width, self.height)

    def minWidth(self):
        return getattr(self, "_minWidth", self.width)

    def splitOn(self, canv, aW, aH):
        self.canv = canv
        S = self.split(aW, aH)
        del self.canv
        return S

    def split(self, availWidth, availheight):
        return []

    def _style_hint(self, name):
        if hasattr(self, name):
            return getattr(self, name)
        if hasattr(self, "style") and hasattr(self.style, name):
            return getattr(self.style, name)
        return 0

    def getKeepWithNext(self):
        return self._style_hint("keepWithNext")

    def getSpaceAfter(self):
        return self._style_hint("spaceAfter")

    def getSpaceBefore(self):
        return self._style_hint("spaceBefore")

    def isIndexing(self):
        return 0

    def identity(self, maxLen=None):
        if hasattr(self, "getPlainText"):
            r = self.getPlainText(identify=1)
        elif hasattr(self, "text"):
            r = str(self.text)
        else:
            r = "..."
        if r and maxLen:
            r = r[:maxLen]
        return "<%s at %s%s>%s" % (self.__class__.__name__, hex(id(self)), self._frameName(), r)

    @property
    def _doctemplate(self):
        return getattr(getattr(self, "canv", None), "_doctemplate", None)

    def _doctemplateAttr(self, a):
        return getattr(self._doctemplate, a, None)

    def _frameName(self):
        f = getattr(self, "_frame", None)
        if not f:
            f = self._doctemplateAttr("frame")
        if f and f.id:
            return " frame=%s" % f.id
        return ""
