"""Proof images: every page of a PDF as a PNG, and a contact sheet.

    render_pages(pdf, out_dir, dpi=100) -> [Path]      # out_dir/page-01.png …
    contact_sheet(pngs, path, columns=None) -> Path    # all pages as thumbnails, numbered

Rendering is pypdfium2; the contact sheet is Pillow.  Old page images in
out_dir are removed first, so a shorter issue leaves no stale pages behind.
"""
from __future__ import annotations

import math
from pathlib import Path

THUMB_WIDTH = 240
GAP = 16
LABEL = 22


def render_pages(pdf: Path, out_dir: Path, dpi: float = 100) -> list[Path]:
    """Write each page of `pdf` as out_dir/page-NN.png at `dpi`; return the paths."""
    import pypdfium2 as pdfium

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("page-*.png"):
        old.unlink()
    doc = pdfium.PdfDocument(str(pdf))
    paths: list[Path] = []
    try:
        n = len(doc)
        width = max(2, len(str(n)))
        for i in range(n):
            page = doc[i]
            try:
                bitmap = page.render(scale=dpi / 72)
                try:
                    image = bitmap.to_pil()
                finally:
                    bitmap.close()
            finally:
                page.close()
            path = out_dir / f"page-{i + 1:0{width}d}.png"
            image.save(path, "PNG")
            paths.append(path)
    finally:
        doc.close()
    return paths


def contact_sheet(pngs: list[Path], path: Path, columns: int | None = None,
                  thumb_width: int = THUMB_WIDTH) -> Path:
    """All pages as thumbnails on one image, in reading order, each with its page number."""
    from PIL import Image, ImageDraw, ImageFont

    if not pngs:
        raise ValueError("no pages to put on a contact sheet")
    thumbs = []
    for p in pngs:
        with Image.open(p) as im:
            im = im.convert("RGB")
            h = max(1, round(im.height * thumb_width / im.width))
            thumbs.append(im.resize((thumb_width, h), Image.LANCZOS))
    n = len(thumbs)
    columns = columns or min(n, 4 if n > 2 else n)
    rows = math.ceil(n / columns)
    th = max(t.height for t in thumbs)
    sheet = Image.new("RGB", (GAP + columns * (thumb_width + GAP), GAP + rows * (th + LABEL + GAP)),
                      (210, 210, 210))
    draw = ImageDraw.Draw(sheet)
    try:
        font = ImageFont.load_default(size=16)
    except TypeError:  # pragma: no cover - older Pillow
        font = ImageFont.load_default()
    for i, t in enumerate(thumbs):
        r, c = divmod(i, columns)
        x = GAP + c * (thumb_width + GAP)
        y = GAP + r * (th + LABEL + GAP)
        sheet.paste(t, (x, y))
        draw.rectangle([x - 1, y - 1, x + t.width, y + t.height], outline=(120, 120, 120))
        label = str(i + 1)
        box = draw.textbbox((0, 0), label, font=font)
        draw.text((x + (thumb_width - (box[2] - box[0])) / 2, y + t.height + 3), label,
                  fill=(0, 0, 0), font=font)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path, "PNG")
    return path
