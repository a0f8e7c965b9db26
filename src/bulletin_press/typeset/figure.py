"""Figures: an image with its caption under it.

    build_figure(fig, style, fonts, width, make_text, *, warnings) -> [FigureBlock]

Size: the text width; an image with fewer pixels than the text width needs at
300 dpi prints at its 300-dpi size instead, but never narrower than
MIN_WIDTH × the text width (below that it would not read) — which is when it
prints under 300 dpi and a warning names its effective resolution.  A tall image
is held to MAX_HEIGHT × the text block height.

Both encodings are made once (`screen_data`, `print_data`), the print one when a
print PDF first asks for it (a screen-only build never makes it: the CMYK
conversion is most of a photo's cost). Print: the image
is converted to a CMYK JPEG (undercolour removed into K, so greys print on the
black plate only) so the print PDF holds no RGB.
Screen: RGB (JPEG sources stay JPEG, others PNG).  Alpha is flattened onto white.
The bytes are deterministic: no timestamps, no metadata carried over.
"""
from __future__ import annotations

import functools
import io
import math
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageChops, ImageMath, ImageOps

from .. import model as m
from ..errors import BuildError, Problem, fail
from ..model.style import Style
from .flowable import Flowable
from .fonts import FontSet

MIN_DPI = 300
MIN_WIDTH = 0.5          # of the text width
MAX_HEIGHT = 0.75        # of the text block height
MAX_PIXELS = 60_000_000
MAX_BYTES = 200 * 1024 * 1024
JPEG_QUALITY = 92


def _name(path: Path) -> str:
    path = Path(path)
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def rgb_to_cmyk(im: Image.Image) -> Image.Image:
    """RGB → CMYK with full grey-component replacement (neutral greys on K only).

    The inverse of model.style.Color.rgb(), so a colour round-trips.
    """
    if im.mode == "L":
        k = ImageOps.invert(im)
        zero = Image.new("L", im.size, 0)
        return Image.merge("CMYK", (zero, zero, zero, k))
    c, mm, y = (ImageOps.invert(b) for b in im.convert("RGB").split())
    k = ImageChops.darker(ImageChops.darker(c, mm), y)
    table = _gcr_table()

    def part(x):
        # each pixel's pair (k, x) read as one 16-bit number k·256 + x, looked up in the
        # table of _gcr's results: the same bytes as _gcr on the whole picture, 3× faster
        pair = Image.merge("LA", (k, x)).tobytes()
        return Image.frombytes("I", x.size, pair, "raw", "I;16B").point(table, "L")

    return Image.merge("CMYK", (part(c), part(mm), part(y), k))


def _gcr(x: Image.Image, k: Image.Image) -> Image.Image:
    """A colour ink (cyan, magenta or yellow) once the black `k` takes the grey:
    (x − k)·255 / (255 − k), rounded, pixel by pixel."""
    return ImageMath.lambda_eval(
        lambda a: a["convert"](a["float"](a["x"] - a["k"]) * 255.0
                               / a["max"](255 - a["k"], 1) + 0.5, "L"), x=x, k=k)


@functools.lru_cache(maxsize=1)
def _gcr_table() -> tuple[int, ...]:
    """_gcr for every pair of 8-bit values, at index k·256 + x: worked out by _gcr
    itself on a 256 × 256 picture holding each pair once (it is pixel by pixel)."""
    xs = Image.frombytes("L", (256, 256), bytes(range(256)) * 256)
    ks = Image.frombytes("L", (256, 256), b"".join(bytes([v]) * 256 for v in range(256)))
    return tuple(_gcr(xs, ks).tobytes())


def _flatten(im: Image.Image) -> Image.Image:
    """Any mode → RGB or L, transparency composited onto white."""
    if im.mode in ("RGB", "L"):
        return im
    if im.mode in ("1", "I", "I;16", "F"):
        return im.convert("L")
    if im.mode == "CMYK":
        return im          # already print colour
    if im.mode == "P":
        im = im.convert("RGBA")
    if im.mode in ("LA", "RGBA", "PA"):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
        return Image.alpha_composite(bg, im).convert("RGB")
    return im.convert("RGB")


def load_image(fig: m.Figure) -> Image.Image:
    """Open and fully decode the image, or raise a BuildError that says why."""
    path = Path(fig.path)
    name = _name(path)
    if not path.is_file():
        raise fail(fig.pos, f"{name} is not a readable image (no such file)",
                   "check the path: it is relative to the issue folder, e.g. images/x.png")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise fail(fig.pos, f"{name} is {size / 2**20:.0f} MB; images up to "
                   f"{MAX_BYTES // 2**20} MB are accepted",
                   "save it at the printed size and 300 dpi (a few MB is plenty)")
    try:
        with Image.open(path) as im:
            w, h = im.size
            if w * h > MAX_PIXELS:
                raise fail(fig.pos, f"{name} is {w}×{h} pixels ({w * h / 1e6:.0f} megapixels); "
                           f"images up to {MAX_PIXELS // 1_000_000} megapixels are accepted",
                           "scale it down to the printed size at 300 dpi "
                           "(the full text width is about 1750 pixels)")
            im.load()
            fmt = im.format
            im = ImageOps.exif_transpose(im)
            im.info.clear()
            im.source_format = fmt
            return im
    except Image.DecompressionBombError as exc:   # Pillow's own guard, past 179 megapixels
        import re
        px = re.search(r"\((\d+) pixels\)", str(exc))
        size_text = f"{int(px.group(1)) / 1e6:.0f} megapixels" if px else "far too large"
        raise fail(fig.pos, f"{name} is {size_text}; images up to "
                   f"{MAX_PIXELS // 1_000_000} megapixels are accepted",
                   "scale it down to the printed size at 300 dpi "
                   "(the full text width is about 1750 pixels)") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise BuildError([unreadable(fig, exc)]) from None


def unreadable(fig: m.Figure, exc: BaseException) -> Problem:
    """The error for an image Pillow cannot read, in words (no machine paths)."""
    path = Path(fig.path)
    name = _name(path)
    reason = str(exc) or type(exc).__name__
    if "cannot identify image file" in reason:
        reason = "not in a picture format bulletin-press reads"
    reason = reason.replace(f"'{path}'", name).replace(str(path), name)
    return Problem(fig.pos, f"{name} is not a readable image ({reason})",
                   "export it again as PNG or JPEG and check the path in the Markdown")


def image_bytes(im: Image.Image, *, cmyk: bool) -> tuple[bytes, str]:
    """(bytes, kind) to place: a CMYK JPEG for print; for screen RGB/grey, JPEG for photos, else PNG."""
    flat = _flatten(im)
    if cmyk:
        cm = flat if flat.mode == "CMYK" else rgb_to_cmyk(flat)
        buf = io.BytesIO()
        cm.save(buf, "JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=False,
                progressive=False, dpi=(MIN_DPI, MIN_DPI))
        return buf.getvalue(), "jpeg"
    if flat.mode == "CMYK":
        flat = flat.convert("RGB")
    buf = io.BytesIO()
    if getattr(im, "source_format", None) == "JPEG":     # a photo: keep it a JPEG
        flat.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
        return buf.getvalue(), "jpeg"
    flat.save(buf, "PNG", optimize=False, compress_level=6)
    return buf.getvalue(), "png"


def print_encoding(im: Image.Image) -> bytes:
    """The picture's print encoding (a CMYK JPEG): what the print PDF embeds."""
    return image_bytes(im, cmyk=True)[0]


class FigureBlock(Flowable):
    """The image centred, its caption under it; whole pitches high."""

    def __init__(self, screen_data: bytes, print_data, img_w: float, img_h: float, caption,
                 style: Style, width: float, dpi: float, path: Path, pos=None):
        """`print_data`: the print encoding's bytes, or a plan.Encoding that makes them."""
        super().__init__()
        from .plan import Encoding
        self.screen_data = screen_data                # the variants' encodings
        self._print = print_data if isinstance(print_data, Encoding) else Encoding(lambda: print_data)
        self.img_w, self.img_h = img_w, img_h
        self.caption = caption          # (flowable, height) or None
        self.style, self.width, self.dpi, self.path = style, width, dpi, path
        self.pos = pos
        pitch = style.pitch
        self.gap = 0.3 * pitch
        inner = img_h + ((self.gap + caption[1]) if caption else 0)
        self.height = math.ceil((inner + 0.6 * pitch) / pitch - 1e-6) * pitch
        self.top_pad = (self.height - inner) / 2

    @property
    def print_data(self) -> bytes:
        return self._print()

    def wrap(self, availW, availH):
        return self.width, self.height

    def marked(self) -> str:
        """The marked-content properties the image is drawn inside: its source file and
        article line, so the preflight names it by file and line, never by PDF object;
        and the style's policy, so a later `preflight` of this PDF judges it as the
        build did."""
        at = f"{Path(self.pos.file).name}:{self.pos.line}" if self.pos and self.pos.line else ""
        min_ppi, low = figure_policy(self.style)
        return (f"<</BPSource {pdf_name(_name(self.path))}"
                + (f" /BPAt {pdf_name(at)}" if at else "")
                + f" /BPMinPPI {min_ppi:g} /BPLowRes /{low}>>")

    def plan_items(self, x: float, y: float, lines: int | None = None) -> list:
        """The figure as page-plan items, its box's foot at (x, y): the image centred (its
        RGB encoding for the screen, CMYK for print), the caption under it.  `lines`: the page engine gave it that many body lines, fewer
        than its own (set smaller): the image is scaled to fit them."""
        from . import plan as P
        from .placed import paragraph_items
        pitch = self.style.pitch
        h = self.height if lines is None else lines * pitch
        others = self.height - self.img_h          # caption, gap and margins
        scale = min(1.0, (h - others) / self.img_h)
        iw, ih = self.img_w * scale, self.img_h * scale
        inner = ih + (self.height - self.img_h - 2 * self.top_pad) if self.caption else ih
        yi = y + h - (h - inner) / 2 - ih
        out: list = [P.Image(x + (self.width - iw) / 2, yi, iw, ih, self.screen_data,
                             self._print, self.marked())]
        if self.caption:
            f, ch = self.caption
            out += paragraph_items(f, x, yi - self.gap - ch)
        return out


def printed_size(px_w: int, px_h: int, width: float, max_h: float,
                 share: float | None = None) -> tuple[float, float]:
    """Printed width and height in points (see the module text); `share` (0–1]
    is the width the editor asked for (![…](x.png "40%")), of the text width."""
    if share:
        w = width * min(1.0, share)
    else:
        w = px_w / MIN_DPI * 72
        if w > width:
            w = width
        w = max(w, min(width, MIN_WIDTH * width))
    h = w * px_h / px_w
    if h > max_h:
        h = max_h
        w = h * px_w / px_h
    return w, h


def _ppi(ppi: float) -> str:
    return f"{ppi:.0f}" if ppi >= 10 else f"{ppi:.2g}"


def pdf_name(text: str) -> str:
    """`text` as a PDF name token (bytes outside 0x21–0x7E and delimiters as #xx);
    the preflight reads the figure marker's /BPSource and /BPAt back from it."""
    out = []
    for b in text.encode("utf-8"):
        c = chr(b)
        out.append(c if 0x21 < b < 0x7F and c not in "#()<>[]{}/%" else f"#{b:02X}")
    return "/" + "".join(out)


def figure_policy(style: Style) -> tuple[float, str]:
    """(min ppi, "warning" | "error"): the style's `figures: {min_ppi, low_resolution}`."""
    f = style.figures or {}
    return float(f.get("min_ppi", MIN_DPI)), str(f.get("low_resolution", "warning"))


def resolution_problem(fig: m.Figure, px_w: int, px_h: int, printed_w: float, text_w: float,
                       style: Style) -> Problem | None:
    """The low-resolution finding for an image printed `printed_w` points wide, or None.

    Low resolution is a fact about the image, not an error in the source: a
    warning (the style's `figures: low_resolution: error` makes it an error for
    print) with the effective ppi and what would help."""
    min_ppi, severity = figure_policy(style)
    ppi = px_w / (printed_w / 72) if printed_w > 0 else float("inf")
    if ppi >= min_ppi * 0.99:          # 297 ppi passes as 300, as in the preflight
        return None
    need = math.ceil(printed_w / 72 * min_ppi)
    fits = px_w / min_ppi * 72          # the width at which it would reach min_ppi
    smaller = ""
    if fits >= 0.15 * text_w:
        pct = max(1, math.floor(fits / text_w * 100))
        smaller = (f', or print it smaller: ![…]({_name(fig.path)} "{pct}%") '
                   f"sets it at {pct}% of the text width ({fits / 72 * 25.4:.0f} mm)")
    return Problem(
        fig.pos, f"{_name(fig.path)} is {px_w}×{px_h} pixels: printed {printed_w / 72 * 25.4:.0f} mm "
        f"wide it has {_ppi(ppi)} ppi, and print wants {min_ppi:.0f} ppi, so it will look "
        f"soft or blocky [low-resolution]",
        f"use a larger original (at least {need} pixels wide; a photo forwarded through WeChat "
        f"is shrunk, ask for the original file){smaller}",
        severity="error" if severity == "error" else "warning")


def build_figure(fig: m.Figure, style: Style, fonts: FontSet, width: float, make_text, *,
                 warnings: list) -> list[Flowable]:
    im = load_image(fig)
    px_w, px_h = im.size
    w, h = printed_size(px_w, px_h, width, MAX_HEIGHT * style.text_height,
                        getattr(fig, "width", None))
    dpi = px_w / (w / 72)
    low = resolution_problem(fig, px_w, px_h, w, width, style)
    if low is not None:
        if low.severity == "error":      # the style refuses it for print: no PDF then
            raise BuildError([low])
        warnings.append(low)
    from .plan import Encoding
    screen, _ = image_bytes(im, cmyk=False)
    printed = Encoding(lambda: print_encoding(im), str(fig.path))   # when a print PDF asks
    caption = None
    if fig.caption:
        role = replace(style.text.get("caption", style.body), align="center", indent=0.0,
                       space_before=0.0, space_after=0.0)
        f = make_text(list(fig.caption), role, width)
        _, ch = f.wrap(width, 1e6)
        caption = (f, ch)
    return [FigureBlock(screen, printed, w, h, caption, style, width, dpi, fig.path, fig.pos)]


def print_encodings(issue: m.Issue) -> dict[str, bytes]:
    """The print encoding of every figure of the issue that can be read, by file (the
    key of its plan.Encoding): what build_figure's encoding would make, made ahead
    (in the build's child, while the pages are laid out).  A figure that cannot be
    read is left out: setting it says why."""
    out: dict[str, bytes] = {}
    for blk in m.issue_blocks(issue):
        if isinstance(blk, m.Figure) and str(blk.path) not in out:
            try:
                out[str(blk.path)] = print_encoding(load_image(blk))
            except (BuildError, OSError, ValueError):
                pass
    return out
