"""The web edition in build/ISSUE-web/, and the checks it must pass before it is written.

    make_web(issue, style, fonts) -> (files, fidelity)   # rendered and checked
    check_site(files) -> [str]             # problems: external resources, broken local links …
    text_fidelity(model_text, html) -> float  # share of the model's characters found, in order

A check that fails is a bug in bulletin-press (the sources were fine when the
model was made), so the build stops before anything is written.
"""
from __future__ import annotations

import difflib
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote

from ..render.html import article_text, page_name, render_web

EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)
LOADING = {("img", "src"), ("script", "src"), ("link", "href"), ("iframe", "src"),
           ("source", "src"), ("source", "srcset"), ("video", "src"), ("audio", "src"),
           ("object", "data"), ("embed", "src"), ("image", "href"), ("use", "href"),
           ("image", "xlink:href"), ("use", "xlink:href")}


class Page(HTMLParser):
    """What the checks need of one HTML file: text, references, tags."""

    SKIP = {"style", "script", "title"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.refs: list[tuple[str, str, str]] = []     # (tag, attr, value)
        self.tags: list[tuple[str, dict]] = []
        self.ids: set[str] = set()
        self._skip = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in self.SKIP:
            self._skip += 1
        if a.get("id"):
            self.ids.add(a["id"])
        for k, v in attrs:
            if k in ("src", "href", "srcset", "data", "xlink:href", "poster", "action") and v:
                self.refs.append((tag, k, v))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.SKIP:
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def content(self) -> str:
        return "".join(self.text)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_fidelity(model_text: str, html_text: str) -> float:
    """The share of the model's characters (whitespace aside) that the HTML text
    holds in the same order: 1.0 when every character is there."""
    a, b = _squash(model_text), _squash(html_text)
    if not a:
        return 1.0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(blk.size for blk in sm.get_matching_blocks()) / len(a)


def css_urls(html: str) -> list[str]:
    return re.findall(r"url\(\s*['\"]?([^'\")]+)", html)


def check_site(files: dict[str, bytes]) -> list[str]:
    """No external resource, every local reference present, lang and charset set."""
    problems = []
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        html = data.decode("utf-8")
        page = Page(html)
        if not re.search(r'<html lang="zh-CN"', html):
            problems.append(f"{name}: no lang=\"zh-CN\"")
        if '<meta charset="utf-8">' not in html:
            problems.append(f"{name}: no UTF-8 charset")
        refs = [(t, k, v) for t, k, v in page.refs] + [("style", "url", u) for u in css_urls(html)]
        for tag, attr, value in refs:
            loads = (tag, attr) in LOADING or attr == "url"
            if value.startswith("#"):
                if value[1:] not in page.ids:
                    problems.append(f"{name}: {tag} {attr}={value} points at no id")
                continue
            if EXTERNAL.match(value):
                if loads or tag != "a":
                    problems.append(f"{name}: {tag} {attr}={value} is an external resource")
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name),
                                                       unquote(value.split("#")[0])))
            if target not in files:
                problems.append(f"{name}: {tag} {attr}={value} points at a file the edition lacks")
    return problems


def verified(issue, files: dict[str, bytes], problems: list[str], edition: str) -> dict[str, float]:
    """Each article file's text fidelity; raise (a bug) if one is under 99.8 % or the
    edition's own checks found `problems`."""
    fidelity = {}
    for a in issue.articles:
        name = page_name(a) + ".html"
        fidelity[name] = text_fidelity(article_text(a), Page(files[name].decode("utf-8")).content)
        if fidelity[name] < 0.998:
            problems.append(f"{name}: only {fidelity[name]:.2%} of the article's text is in it")
    if problems:
        from ..errors import BuildError, Problem
        raise BuildError([Problem(None, p, f"this is a bug in bulletin-press: the {edition} it "
                                  "made fails its own checks; please report it") for p in problems])
    return fidelity


def make_web(issue, style, fonts) -> tuple[dict[str, bytes], dict[str, float]]:
    """The checked web edition and each article's text fidelity."""
    files = render_web(issue, style, fonts)
    return files, verified(issue, files, check_site(files), "web edition")
