"""The screen editions drawn from the model: a static web edition and WeChat fragments.

    render_web(issue, style, fonts) -> dict[str, bytes]      # relative path -> file
    render_wechat(issue, style, fonts) -> dict[str, bytes]

Templates (Jinja2) and stylesheets are package data in templates/.  The web
edition is self-contained: every page carries its own <style>, pictures are
local files or inline SVG, the display faces are WOFF2 subsets of our fonts.
The WeChat fragments carry inline style="" only (css-inline applies
wechat.css), charts as PNG, links as numbered notes at the end.
Both are made from the same Issue the PDFs are made from, in a fixed order, so
the same sources give the same bytes.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ... import model as m
from ...model.style import Style
from . import assets

TITLE_MAX = 64      # WeChat: an article title of at most 64 characters
DIGEST_MAX = 120    # WeChat: a digest (摘要) of at most 120 characters
AUTHOR_MAX = 8      # WeChat: the author field takes at most 8 characters
LONG_CELL = 12      # a table cell with more characters may wrap; shorter ones never do


WEB_LINK = re.compile(r"(?i)^(https?://|mailto:)")


def local_links(a: m.Article) -> list[tuple[m.Pos, str]]:
    """Links of the article that are no web address or e-mail (a path, an anchor):
    the web edition shows their text only, WeChat lists them as notes."""
    out: list[tuple[m.Pos, str]] = []

    def walk(blocks, pos):
        for b in blocks:
            here = getattr(b, "pos", pos)
            for runs in _runs_of(b):
                out.extend((here, r.link) for r in runs if r.link and not WEB_LINK.match(r.link))
            if isinstance(b, m.ListBlock):
                for item in b.items:
                    walk(item, here)
            elif isinstance(b, m.Quote):
                walk(b.blocks, here)
    walk(a.blocks, a.pos)
    for note in a.notes if hasattr(a, "notes") else []:
        walk(note.blocks, note.pos)
    return out


def _runs_of(b) -> list[list[m.Run]]:
    if isinstance(b, (m.Paragraph, m.Heading)):
        return [b.runs]
    if isinstance(b, m.Table):
        return [b.caption or [], b.note or []] + [c.runs for row in list(b.header) + list(b.rows)
                                                  for c in row]
    if isinstance(b, (m.Chart, m.Figure)):
        return [b.caption or [], getattr(b, "note", None) or []]
    return []


def _env():
    from jinja2 import Environment, PackageLoader, StrictUndefined
    env = Environment(loader=PackageLoader("bulletin_press.render.html", "templates"),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.tests["kind"] = lambda obj, name: type(obj).__name__ == name
    # a web address or e-mail is a link on the web; a path or an anchor (no page of
    # this edition stands behind it) stays text
    env.tests["web_link"] = lambda link: bool(WEB_LINK.match(link or ""))
    # file names as URL paths: a space or a Han character in an article's file name is
    # percent-encoded, so the link works from a folder and on any host
    env.filters["path"] = lambda name: quote(name, safe="/")
    env.filters["phrased"] = phrased
    env.globals["segments"] = segments
    env.globals["broken"] = broken
    env.globals["note_mark"] = m.note_mark
    from ...typeset.notes import NOTES_TITLE
    env.globals["notes_title"] = NOTES_TITLE
    return env


def _stylesheet(name: str, **values) -> str:
    """A stylesheet from templates/ (CSS is not HTML: no autoescaping)."""
    from importlib.resources import files

    from jinja2 import Environment, StrictUndefined
    text = files("bulletin_press.render.html").joinpath("templates", name).read_text("utf-8")
    env = Environment(autoescape=False, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True)
    return env.from_string(text).render(**values)


# ---------------------------------------------------------------- shared views

def segments(runs: list[m.Run]) -> list[tuple[str | None, list[m.Run]]]:
    """Runs grouped by link, so that one link is one <a> (or one note mark)."""
    out: list[tuple[str | None, list[m.Run]]] = []
    for r in runs or []:
        if getattr(r, "note", None):       # a footnote mark stands alone
            out.append((None, [r]))
        elif out and out[-1][0] == r.link and not getattr(out[-1][1][-1], "note", None):
            out[-1][1].append(r)
        else:
            out.append((r.link, [r]))
    return out


def broken(text: str, breaks) -> list[str]:
    """`text` cut where the editor forced line breaks (offsets into it)."""
    cuts = [0] + sorted(b for b in (breaks or ()) if 0 < b < len(text)) + [len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def phrased(text: str):
    """`text` for a title or heading on the web: escaped, with <wbr> between the
    phrases BudouX is sure of; the stylesheet keeps the characters of a phrase
    together (word-break: keep-all), so a title breaks as the PDF breaks it, at a
    phrase boundary (河南千行百业, not 千行百|业), never inside one but where a
    phrase is wider than the screen."""
    from markupsafe import Markup, escape

    from ...phrases import sure_phrases
    return Markup("<wbr>").join(escape(p) for p in sure_phrases(text))


def plain(runs) -> str:
    return "".join(r.text for r in runs or [])


def page_name(article: m.Article) -> str:
    return Path(article.file).stem


def byline(a: m.Article) -> str | None:
    names = "　".join(a.authors)
    if a.affiliation_at == "byline" and a.affiliation:
        return f"{a.affiliation}　{names}" if names else a.affiliation
    return names or None


def author_end(a: m.Article) -> str | None:
    if a.affiliation_at != "byline" and a.affiliation:
        return f"（作者：{a.affiliation}）"
    return None


@dataclass
class TableView:
    caption: str | None
    caption_runs: list | None
    head: list[list[dict]]
    body: list[list[dict]]
    note: list | None
    ncols: int


def table_view(table: m.Table, number: int | None, style: Style) -> TableView:
    from ...typeset.table import _column_kinds, resolve_grid
    grid = resolve_grid(table)
    kinds = _column_kinds(grid, table)
    rows: list[list[dict]] = [[] for _ in range(grid.nrows)]
    for s in grid.slots:
        align = "center" if s.head else {"decimal": "right"}.get(kinds[s.col], kinds[s.col])
        if s.cols > 1 and not s.head:
            align = "center"
        rows[s.row].append({"runs": s.cell.runs, "colspan": s.cols, "rowspan": s.rows,
                            "head": s.head, "align": align, "long": len(s.text) > LONG_CELL})
    caption = None
    if table.caption:
        prefix = [m.Run(f"表{number} ")] if number and style.tables.get("number") else []
        caption = prefix + list(table.caption)
    return TableView(plain(caption) if caption else None, caption, rows[:grid.head_rows],
                     rows[grid.head_rows:], table.note, grid.ncols)


def article_text(a: m.Article) -> str:
    """Every character of the article as the editors wrote it, in reading order."""
    parts = [a.title, byline(a) or ""]
    parts += [_blocks_text(a.blocks), author_end(a) or ""]
    for note in getattr(a, "notes", None) or []:
        parts.append(m.note_mark(note.number) + _blocks_text(note.blocks))
    return "".join(parts)


def _blocks_text(blocks) -> str:
    out = []
    for b in blocks:
        if isinstance(b, (m.Paragraph, m.Heading)):
            out.append(plain(b.runs))
        elif isinstance(b, m.ListBlock):
            out += [_blocks_text(item) for item in b.items]
        elif isinstance(b, m.Quote):
            out.append(_blocks_text(b.blocks))
        elif isinstance(b, m.Table):
            rows = list(b.header) + list(b.rows)
            out.append(plain(b.caption) + "".join(plain(c.runs) for r in rows for c in r)
                       + plain(b.note))
        elif isinstance(b, m.Chart):
            out.append(plain(b.caption) + plain(b.note))
        elif isinstance(b, m.Figure):
            out.append(plain(b.caption))
    return "".join(out)


def _digest(a: m.Article) -> str:
    """The opening paragraph (past a short salutation), to the last full sentence that
    fits in 120 characters."""
    paras = [plain(b.runs).replace("\n", "") for b in a.blocks if isinstance(b, m.Paragraph)]
    for text in [p for p in paras if len(p) >= 30][:1] or paras[:1]:
        if len(text) > DIGEST_MAX:
            cut = max(text.rfind(mark, 0, DIGEST_MAX) for mark in "。！？")
            text = text[:cut + 1] if cut >= 30 else text[:DIGEST_MAX - 1] + "…"
        return text
    return _wechat_title(a.title)[:DIGEST_MAX]


def _wechat_title(title: str) -> str:
    return title if len(title) <= TITLE_MAX else title[:TITLE_MAX - 1] + "…"


def _wechat_author(authors: list[str]) -> str:
    """The author field (the byline in the fragment keeps every name)."""
    names = "　".join(authors)
    if len(names) <= AUTHOR_MAX or not authors:
        return names
    first = authors[0]
    return (first + "等") if len(first) < AUTHOR_MAX else first[:AUTHOR_MAX]


# ---------------------------------------------------------------- block pass

@dataclass
class _Pictures:
    """Per-page counters and the files the pictures become."""

    prefix: str
    variant: str                  # web | wechat
    style: Style
    fonts: object
    files: dict[str, bytes]
    shared: dict[Path, str] = field(default_factory=dict)   # figure source -> file name
    tables: int = 0
    charts: int = 0
    notes: list[str] = field(default_factory=list)

    def table(self, t: m.Table) -> TableView:
        self.tables += 1
        return table_view(t, self.tables, self.style)

    def chart(self, ch: m.Chart):
        self.charts += 1
        if self.variant == "web":
            return assets.chart_svg(ch, self.style, self.fonts, f"chart-{self.charts}")
        name = f"{self.prefix}/chart-{self.charts}.png"
        self.files[name] = assets.chart_png(ch, self.style, self.fonts)
        return name

    def figure(self, fig: m.Figure) -> str:
        key = Path(fig.path)
        if key in self.shared:
            return self.shared[key]
        data, ext = assets.figure_image(fig)
        name, n = f"{self.prefix}/{Path(fig.path).stem}.{ext}", 1
        while name in self.files:     # two pictures of one name from different folders
            n += 1
            name = f"{self.prefix}/{Path(fig.path).stem}-{n}.{ext}"
        self.files[name] = data
        self.shared[key] = name
        return name

    def note(self, link: str) -> int:
        if link not in self.notes:
            self.notes.append(link)
        return self.notes.index(link) + 1


def _context(issue: m.Issue, style: Style):
    from ...typeset.back import back_lines
    from ...typeset.masthead import date_line, issue_line
    pub = issue.publication
    theme = None
    if issue.theme:
        theme = broken(issue.theme, getattr(issue, "theme_breaks", ()))
        if issue.theme_part:
            theme[-1] += f"（{issue.theme_part}）"
    return {
        "issue": issue, "pub": pub, "style": style, "theme": theme,
        "issue_line": issue_line(issue), "date_line": date_line(issue),
        "back_lines": [plain(line) for line in back_lines(issue.back)],
        "byline": byline, "author_end": author_end, "page_name": page_name,
        "tagline": pub.tagline,
    }


# ---------------------------------------------------------------- web edition

def _display_text(issue: m.Issue, ctx) -> dict[tuple[str, bool], str]:
    """The characters each display face sets: masthead, titles, headings."""
    pub = issue.publication
    want: dict[tuple[str, bool], list[str]] = {}
    T = ctx["style"].text

    def add(role_key, text, masthead=False):
        if not text:
            return
        role = ctx["style"].masthead.get(role_key, {}) if masthead else T.get(role_key)
        if masthead:
            key = (role.get("font", "song"), bool(role.get("bold", False)))
        else:
            key = (role.font, role.bold) if role else ("hei", True)
        want.setdefault(key, []).append(text)

    add("title", pub.title, masthead=True)
    add("theme", "".join(ctx["theme"] or []))
    add("toc_title", "本期目录")
    if issue.note:
        add("note_title", issue.note.title)
    for a in issue.articles:
        add("title", a.title)
        for b in a.blocks:
            if isinstance(b, m.Heading):
                add(f"h{min(b.level, 3)}", plain(b.runs))
    return {k: "".join(v) for k, v in want.items()}


def _web_fonts(issue: m.Issue, style: Style, fonts, ctx, files) -> list[dict]:
    faces = []
    for (family, bold), text in sorted(_display_text(issue, ctx).items()):
        spec = style.fonts.get(family)
        if spec is None:
            continue
        file = spec.bold if (bold and spec.bold) else spec.regular
        path = (Path(fonts.fonts_dir) / file).resolve()
        name = f"fonts/{Path(file).stem}.woff2"
        if name not in files:
            files[name] = assets.web_font(path, text)
        faces.append({"family": f"bp-{family}", "src": name, "weight": 700 if bold else 400})
    return faces


def _role_font(style: Style, faces: list[dict]):
    """role_font(key) -> CSS font-family and font-weight for a text role (or masthead role)."""
    have = {f["family"] for f in faces}

    def role_font(key: str, masthead: bool = False, own: bool = True) -> str:
        if masthead:
            spec = style.masthead.get(key, {})
            family, bold = spec.get("font", "song"), bool(spec.get("bold", False))
        else:
            role = style.text.get(key, style.body)
            family, bold = role.font, role.bold
        ours = f'"bp-{family}", ' if own and f"bp-{family}" in have else ""
        return (f"font-family: {ours}{assets.family_stack(family)}; "
                f"font-weight: {700 if bold else 400};")
    return role_font


def render_web(issue: m.Issue, style: Style, fonts) -> dict[str, bytes]:
    env = _env()
    ctx = _context(issue, style)
    files: dict[str, bytes] = {}
    faces = _web_fonts(issue, style, fonts, ctx, files)
    css = _stylesheet("web.css", faces=faces, stacks=assets.STACKS, style=style,
                      font=_role_font(style, faces))
    back = issue.back
    qr = None
    if back.qr_image:
        files["images/qr.png"] = assets.qr_png(back.qr_image)
        qr = {"src": "images/qr.png", "svg": None}
    elif back.qr:
        qr = {"svg": assets.qr_svg(back.qr, style.color("black")), "src": None}
    shared: dict[Path, str] = {}
    pages = [page_name(a) + ".html" for a in issue.articles]
    pics = _Pictures("images", "web", style, fonts, files, shared)
    files["index.html"] = env.get_template("index.html").render(
        ctx, css=css, qr=qr, pages=pages, pics=pics,
        title=issue.publication.title).encode("utf-8")
    for i, a in enumerate(issue.articles):
        pics = _Pictures("images", "web", style, fonts, files, shared)
        html = env.get_template("article.html").render(
            ctx, css=css, a=a, pics=pics, index=i, pages=pages,
            prev=(issue.articles[i - 1], pages[i - 1]) if i > 0 else None,
            next=(issue.articles[i + 1], pages[i + 1]) if i + 1 < len(issue.articles) else None,
            title=f"{a.title} — {issue.publication.title}")
        files[pages[i]] = html.encode("utf-8")
    return dict(sorted(files.items()))


# ---------------------------------------------------------------- WeChat fragments

def render_wechat(issue: m.Issue, style: Style, fonts) -> dict[str, bytes]:
    import css_inline
    env = _env()
    ctx = _context(issue, style)
    css = _stylesheet("wechat.css", stacks=assets.STACKS, style=style)
    inliner = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False,
                                    load_remote_stylesheets=False)
    files: dict[str, bytes] = {}
    meta = []
    for i, a in enumerate(issue.articles):
        name = page_name(a)
        pics = _Pictures(name, "wechat", style, fonts, files)
        html = env.get_template("wechat.html").render(ctx, a=a, pics=pics)
        fragment = inliner.inline_fragment(html, css)
        files[f"{name}.html"] = fragment.encode("utf-8")
        info = {"file": f"{name}.html", "title": _wechat_title(a.title),
                "author": _wechat_author(a.authors), "digest": _digest(a),
                "images": sorted(k for k in files if k.startswith(name + "/"))}
        files[f"{name}.txt"] = (f"标题：{info['title']}\n作者：{info['author']}\n"
                                f"摘要：{info['digest']}\n").encode("utf-8")
        meta.append(info)
    files["meta.json"] = (json.dumps({"issue": issue.key, "articles": meta}, ensure_ascii=False,
                                     indent=2, sort_keys=True) + "\n").encode("utf-8")
    return dict(sorted(files.items()))
