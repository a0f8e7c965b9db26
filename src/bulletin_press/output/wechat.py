"""WeChat-ready article fragments in build/ISSUE-wechat/, and the editor's rules they keep.

    make_wechat(issue, style, fonts) -> (files, fidelity)   # rendered and checked
    check_fragments(files) -> [str]

WeChat's article editor (the rules doocs/md follows) keeps inline style="" only:
no <style>, <script>, <link>, no class or id attributes; it drops SVG defs and
ids, so charts are PNG; images are uploaded files, each under 1 MB and at most
1080 px wide; links inside the text trip its warning, so they are numbered notes;
a title has at most 64 characters, the author field 8 and a digest (摘要) 120.
"""
from __future__ import annotations

import io
import json
import posixpath
from urllib.parse import unquote

from ..render.html import AUTHOR_MAX, DIGEST_MAX, TITLE_MAX, render_wechat
from ..render.html.assets import MAX_BYTES, MAX_PX
from .web import EXTERNAL, Page, verified

BANNED_TAGS = {"style", "script", "link", "svg", "iframe", "form", "input", "meta", "html",
               "head", "body", "a"}
BANNED_ATTRS = {"class", "id"}


def check_fragments(files: dict[str, bytes]) -> list[str]:
    from PIL import Image
    problems = []
    for name, data in files.items():
        if name.endswith(".html"):
            page = Page(data.decode("utf-8"))
            for tag, attrs in page.tags:
                if tag in BANNED_TAGS:
                    problems.append(f"{name}: <{tag}> is not allowed in a WeChat fragment")
                for attr in attrs:
                    if attr in BANNED_ATTRS or attr.startswith("on"):
                        problems.append(f"{name}: <{tag} {attr}=…> is not allowed")
            for tag, attr, value in page.refs:
                if EXTERNAL.match(value) or value.startswith("#"):
                    problems.append(f"{name}: {tag} {attr}={value}: no links or remote files")
                elif posixpath.normpath(unquote(value)) not in files:
                    problems.append(f"{name}: {tag} {attr}={value} points at a file that is missing")
        elif name.endswith((".png", ".jpg")):
            if len(data) >= MAX_BYTES:
                problems.append(f"{name}: {len(data)} bytes, WeChat takes images under 1 MB")
            with Image.open(io.BytesIO(data)) as im:
                if im.width > MAX_PX:
                    problems.append(f"{name}: {im.width} px wide, WeChat shows at most {MAX_PX}")
                if im.format not in ("PNG", "JPEG"):
                    problems.append(f"{name}: {im.format}, WeChat takes JPEG or PNG")
        elif not name.endswith((".txt", ".json")):
            problems.append(f"{name}: not a fragment, an image or its metadata")
    meta = json.loads(files["meta.json"]) if "meta.json" in files else {"articles": []}
    for info in meta["articles"]:
        if len(info["title"]) > TITLE_MAX:
            problems.append(f"{info['file']}: title over {TITLE_MAX} characters")
        if len(info.get("author", "")) > AUTHOR_MAX:
            problems.append(f"{info['file']}: author over {AUTHOR_MAX} characters")
        if not info["digest"] or len(info["digest"]) > DIGEST_MAX:
            problems.append(f"{info['file']}: digest empty or over {DIGEST_MAX} characters")
    return problems


def make_wechat(issue, style, fonts) -> tuple[dict[str, bytes], dict[str, float]]:
    """The checked WeChat fragments and each article's text fidelity."""
    files = render_wechat(issue, style, fonts)
    return files, verified(issue, files, check_fragments(files), "WeChat fragments")
