"""A read Word document (docx_read.WDoc) → an article: front matter and Markdown.

    to_article(doc, fallback_title) -> Converted

What Chinese Word practice means here:

- title: the first paragraph in the Title style, else the first paragraph if
  it is centred, bold, larger than the body text or in a heading style; a
  following paragraph opening with —— is its subtitle (joined with ——);
- byline: the short paragraph(s) under it: names (张三　李四, 作者：张三), or
  "affiliation　name" or "name（affiliation）" (`affiliation_at: byline`); a
  closing （作者：…） or （作者系…） paragraph becomes `affiliation` (end);
- headings: typed (or Word-numbered) 一、 → ##, （一） → ###, 1. / 1、 → ####
  when the paragraph is short and has no 。！？；; Word heading styles
  without typed numbers take their level relative to the highest one used;
  【…】 lead-ins and bold runs become **…**, italics *…*;
- text: indentation (full-width spaces, tabs) and the spaces Word leaves
  between Chinese characters are dropped, soft line breaks joined;
- tables: a pipe table, or a ```table block when cells are merged or a
  资料来源/注 line follows; 表1 … (or a short centred line, or a bold one
  ending in 表) above becomes the caption;
- pictures: files named by their content, placed as figures with the 图1 …
  (or short centred) paragraph under them as the caption;
- footnotes and endnotes: [^1] references and definitions at the end.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from .cjk import is_cjkish
from .docx_read import Seg, WDoc, WPara, WTable
from .paths import IMAGE_SUFFIXES

CN = "一二三四五六七八九十百零〇"
H2 = re.compile(rf"^[{CN}]+[、．.]")
H3 = re.compile(rf"^[（(][{CN}]+[）)]")
H4 = re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))")
SENTENCE = re.compile(r"[。！？；!?;]")
LEAD_IN = re.compile(r"^【[^】]{1,30}】")
TABLE_CAP = re.compile(rf"^(?:续)?表\s*[\d{CN}]+(?:[-—.．]\d+)?(?:[\s：:、.．]|$)")
FIG_CAP = re.compile(rf"^图\s*[\d{CN}]+(?:[-—.．]\d+)?(?:[\s：:、.．]|$)")
TABLE_NOTE = re.compile(r"^(?:资料来源|数据来源|来源|注|说明)[：:]")
END_AUTHOR = re.compile(r"^[（(]\s*作者(?:[：:]|系|单位[：:]|简介[：:])\s*(.+?)\s*[）)]$")
NAME = re.compile(r"^[\u3400-\u9fff·•]{2,5}$")
SPACES = " \t\u3000\u00a0\n"
PUNCT_CN = "，。、；：？！“”‘’（）《》【】「」『』〔〕…—～·"


@dataclass
class Converted:
    front: dict
    body: str
    images: dict[str, bytes] = field(default_factory=dict)    # "images/x.png" → bytes
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- text

def _chars(segs: list[Seg], marks: dict[str, str]) -> list[tuple[str, bool, bool]]:
    """Segments → (char, bold, italic); a note reference becomes one private-use
    placeholder char that carries the formatting of the text before it."""
    out: list[tuple[str, bool, bool]] = []
    for s in segs:
        if s.note is not None:
            if s.note in marks:
                b, i = (out[-1][1], out[-1][2]) if out else (False, False)
                out.append((marks[s.note], b, i))
            continue
        for ch in s.text:
            out.append((" " if ch == "\u00a0" else ch, s.bold, s.italic))
    return out


def _is_cn(ch: str) -> bool:
    return bool(ch) and (is_cjkish(ch) or ch in PUNCT_CN or "\ue000" <= ch <= "\ue0ff")


def clean(chars: list[tuple[str, bool, bool]], keep_cjk_space: bool = False) -> list[tuple[str, bool, bool]]:
    """Drop indentation and edges, spaces between Chinese characters and next to
    Chinese punctuation; other white space runs (soft breaks, tabs) become one space."""
    out: list[tuple[str, bool, bool]] = []
    i, n = 0, len(chars)
    while i < n:
        c = chars[i]
        if c[0] not in SPACES:
            out.append(c)
            i += 1
            continue
        j = i
        while j < n and chars[j][0] in SPACES:
            j += 1
        left = out[-1][0] if out else ""
        right = chars[j][0] if j < n else ""
        run = "".join(ch for ch, _, _ in chars[i:j])
        if left and right:
            cn_l, cn_r = _is_cn(left), _is_cn(right)
            drop = (cn_l and cn_r and not keep_cjk_space) or left in PUNCT_CN or right in PUNCT_CN
            if "\n" in run and (cn_l or cn_r):
                drop = True
            if not drop:
                bold = c[1] and out[-1][1] and chars[j][1]
                ital = c[2] and out[-1][2] and chars[j][2]
                out.append((" ", bold, ital))
        i = j
    return out


_ESC_INLINE = re.compile(r"([\\`*_\[\]<>|])")


def escape(text: str, pipes: bool = False) -> str:
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    text = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text)
    return text.replace("|", "\\|") if pipes else text


def escape_line_start(md: str) -> str:
    """Keep a paragraph from being read as Markdown block syntax."""
    m = re.match(r"^(\d{1,9})([.)])(\s|$)", md)
    if m:
        return m.group(1) + "\\" + md[len(m.group(1)):]
    if md.startswith("Table:"):
        return "Table\\" + md[5:]
    if md.startswith("Table："):   # not a caption line: the T as an entity
        return "&#84;" + md[1:]
    if re.match(r"^(#|>|[-+*](\s|$)|=+\s*$|-{3,}\s*$|~~~|```)", md):
        return "\\" + md
    return md


def render(chars, *, bold_ok: bool = True, pipes: bool = False, notes: dict | None = None) -> str:
    """(char, bold, italic) → Markdown inline text."""
    groups: list[list] = []
    for ch, b, i in chars:
        b = b and bold_ok
        if groups and groups[-1][1] == b and groups[-1][2] == i:
            groups[-1][0] += ch
        else:
            groups.append([ch, b, i])
    out = []
    for text, b, i in groups:
        mark = ("**" if b else "") + ("*" if i else "")
        core = text.strip(" ")
        lead = text[: len(text) - len(text.lstrip(" "))]
        trail = text[len(text.rstrip(" ")):]
        if not core or not mark:
            out.append(escape(text, pipes))
            continue
        out.append(lead + mark + escape(core, pipes) + mark[::-1] + trail)
    md = "".join(out)
    if notes:
        md = re.sub("[\ue000-\ue0ff]", lambda m: f"[^{notes[m.group()]}]", md)
    return md


# ---------------------------------------------------------------- structure

def _typed_level(text: str) -> int | None:
    if H2.match(text):
        return 1
    if H3.match(text):
        return 2
    if H4.match(text):
        return 3
    return None


def _heading_like(text: str, limit: int = 40) -> bool:
    return 0 < len(text) <= limit and not SENTENCE.search(text)


class _Converter:
    def __init__(self, doc: WDoc):
        self.doc = doc
        self.notes: dict[str, str] = {}        # docx note key → placeholder char
        self.labels: dict[str, int] = {}       # placeholder → label number
        self.defs: list[tuple[int, str]] = []
        self.images: dict[str, bytes] = {}
        self.warnings = list(doc.warnings)
        self.counts = {"headings": 0, "tables": 0, "figures": 0, "notes": 0, "paragraphs": 0}
        self.style_top = min((p.outline for p in doc.items[1:] if isinstance(p, WPara) and p.outline), default=1)

    # -------------------------------------------------------- inline
    def chars(self, para: WPara, prefix: bool = True, keep_space: bool = False):
        segs = ([Seg(para.number)] if prefix and para.number else []) + para.segs
        for s in segs:
            if s.note is not None and s.note not in self.notes and self.doc.notes.get(s.note):
                if any(p.text.strip() for p in self.doc.notes[s.note]):
                    self.notes[s.note] = chr(0xE000 + len(self.notes))
        return clean(_chars(segs, self.notes), keep_cjk_space=keep_space)

    def md(self, chars, **kw) -> str:
        text = render(chars, notes=self._labels_for(chars), **kw)
        return text

    def _labels_for(self, chars) -> dict:
        for ch, _, _ in chars:
            if "\ue000" <= ch <= "\ue0ff" and ch not in self.labels:
                self.labels[ch] = len(self.labels) + 1
                key = next(k for k, v in self.notes.items() if v == ch)
                self.defs.append((self.labels[ch], key))
        return self.labels

    @staticmethod
    def plain(chars) -> str:
        return "".join(c for c, _, _ in chars)

    # -------------------------------------------------------- front matter
    def front(self, items: list) -> tuple[dict, list]:
        paras = [(k, it) for k, it in enumerate(items) if isinstance(it, WPara) and (it.text.strip() or it.images)]
        front: dict = {}
        used: set[int] = set()
        title_at = None
        for k, p in paras[:8]:
            if p.style.lower() in ("title", "标题") and p.text.strip():
                title_at = k
                break
        if title_at is None and paras:
            def fits(p):
                return _heading_like(p.text.strip(), 80) and not p.images
            # the first large paragraph near the top (a small label such as 专报 may stand above it) …
            big = [k for k, p in paras[:3] if p.size and p.size >= self.doc.body_size + 2 and fits(p)]
            k, p = paras[0]
            if big:
                title_at = big[0]
            elif (p.align in ("center", "distribute") or p.all_bold or p.outline) and fits(p):   # … or a centred, bold first one
                title_at = k
        if title_at is None:
            return front, items
        title_para = items[title_at]
        if title_para.outline:
            self.style_top = min((p.outline for p in items[title_at + 1:]
                                  if isinstance(p, WPara) and p.outline), default=1)
        title = self.plain(self.chars(title_para, keep_space=True))
        used.add(title_at)
        after = [(k, p) for k, p in paras if k > title_at][:4]
        rest = list(after)
        while rest and _same_look(rest[0][1], title_para) and _byline(rest[0][1].text.strip()) is None \
                and _heading_like(rest[0][1].text.strip(), 40) and not _typed_level(rest[0][1].text.strip()):
            title += self.plain(self.chars(rest[0][1], keep_space=True)).strip()   # a title set in two paragraphs
            used.add(rest[0][0])
            rest = rest[1:]
        if rest and re.match(r"^[—―－-]{1,2}", rest[0][1].text.strip()):
            title += self.plain(self.chars(rest[0][1], keep_space=True)).strip()
            used.add(rest[0][0])
            rest = rest[1:]
        front["title"] = re.sub(r"\s+", " ", title).strip()
        # the byline: one or two short lines of names / affiliation and name
        for k, p in rest[:2]:
            text = self.plain(_chars(p.segs, {})).strip()
            if not text or SENTENCE.search(text) or len(text) > 60 or p.images or END_AUTHOR.match(text):
                break
            got = _byline(text)
            if got is None:
                if "author" in front and re.match(r"^[（(].+[）)]$", text) and "affiliation" not in front \
                        and not re.search(r"\d{4}\s*年|\d+月\d+日", text):
                    front["affiliation"] = text[1:-1].strip()
                    front["affiliation_at"] = "byline"
                    used.add(k)
                break
            if "author" in front:
                break
            authors, affiliation = got
            front["author"] = authors[0] if len(authors) == 1 else authors
            if affiliation:
                front["affiliation"] = affiliation
                front["affiliation_at"] = "byline"
            used.add(k)
        # a closing （作者：…）
        if paras:
            k, p = paras[-1]
            m = END_AUTHOR.match(p.text.strip())
            if m and k not in used:
                front["affiliation"] = re.sub(r"\s+", " ", m.group(1)).strip()
                front.pop("affiliation_at", None)
                used.add(k)
        return front, [it for k, it in enumerate(items) if k not in used]

    # -------------------------------------------------------- body
    def body(self, items: list) -> list[str]:
        blocks: list[str] = []
        kinds: list[str] = []
        i = 0
        pending_list: list[str] = []

        def flush_list():
            if pending_list:
                blocks.append("\n".join(pending_list))
                kinds.append("list")
                pending_list.clear()

        while i < len(items):
            it = items[i]
            nxt = items[i + 1] if i + 1 < len(items) else None
            i += 1
            if isinstance(it, WTable):
                flush_list()
                caption = None
                if kinds and kinds[-1] == "caption":
                    caption = blocks.pop()
                    kinds.pop()
                    caption = caption[len("CAPTION:"):]
                note = None
                if isinstance(nxt, WPara) and TABLE_NOTE.match(self.plain(self.chars(nxt)).strip()):
                    note = self.md(self.chars(nxt), bold_ok=False)
                    i += 1
                blocks.extend(self.table(it, caption, note))
                kinds.append("table")
                continue
            if it.images:
                flush_list()
                caption = ""
                text = self.plain(self.chars(it)).strip()
                if text and FIG_CAP.match(text):
                    caption, text = self.md(self.chars(it), bold_ok=False), ""
                elif isinstance(nxt, WPara) and not nxt.images and self._fig_caption(nxt):
                    caption = self.md(self.chars(nxt), bold_ok=False)
                    i += 1
                if text:
                    blocks.append(self.paragraph(it))
                    kinds.append("para")
                for n, img in enumerate(it.images):
                    path = self.image(img)
                    cap = caption if n == len(it.images) - 1 else ""
                    blocks.append(f"![{cap}]({path})")
                    kinds.append("figure")
                    self.counts["figures"] += 1
                continue
            chars = self.chars(it)
            text = self.plain(chars).strip()
            if not text:
                continue
            if it.style.lower().startswith("toc"):
                self.warnings.append(f"a table-of-contents line left out: {text[:30]}")
                continue
            if it.bullet:
                pending_list.append("- " + self.md(chars))
                continue
            flush_list()
            level = self.heading_level(it, text)
            if level:
                blocks.append("#" * (level + 1) + " " + self.md(chars, bold_ok=False))
                kinds.append("heading")
                self.counts["headings"] += 1
                continue
            if isinstance(nxt, WTable) and (TABLE_CAP.match(text) or (
                    (it.all_bold and text.endswith("表") or it.align == "center") and _heading_like(text, 60))):
                blocks.append("CAPTION:" + self.md(chars, bold_ok=False))
                kinds.append("caption")
                continue
            blocks.append(self.paragraph(it, chars))
            kinds.append("para")
        flush_list()
        return [b[len("CAPTION:"):] if k == "caption" else b for b, k in zip(blocks, kinds)]

    def _fig_caption(self, p: WPara) -> bool:
        text = self.plain(self.chars(p)).strip()
        return bool(FIG_CAP.match(text)) or (p.align == "center" and _heading_like(text, 60)
                                             and not TABLE_NOTE.match(text))

    def heading_level(self, p: WPara, text: str) -> int | None:
        typed = _typed_level(text)
        if typed and _heading_like(text, 60 if p.all_bold or p.outline else 40):
            return typed
        if p.outline and len(text) <= 100 and not (typed and SENTENCE.search(text)):
            return max(1, min(3, p.outline - self.style_top + 1))
        return None

    def paragraph(self, p: WPara, chars=None) -> str:
        chars = chars if chars is not None else self.chars(p)
        m = LEAD_IN.match(self.plain(chars))
        if m:   # 【…】 lead-in: a bold run-in
            n = m.end()
            chars = [(c, True, i) for c, _, i in chars[:n]] + chars[n:]
        self.counts["paragraphs"] += 1
        return escape_line_start(self.md(chars))

    def image(self, img) -> str:
        digest = hashlib.sha256(img.data).hexdigest()[:12]
        path = f"images/docx-{digest}{img.ext or '.bin'}"
        if img.ext not in IMAGE_SUFFIXES:
            self.warnings.append(f"{path} is a {img.ext or 'unknown'} picture, which cannot be printed "
                                 f"(a Windows metafile, often a chart pasted from Excel): export it as PNG "
                                 f"at 300 dpi, save it in the images folder and change the figure's path")
        self.images[path] = img.data
        return path

    # -------------------------------------------------------- tables
    def cell_md(self, cell, head: bool, pipes: bool) -> str:
        pics = sum(len(p.images) for p in cell.paras)
        if pics:
            self.warnings.append(f"{pics} picture(s) inside a table cell left out: the bulletin prints no "
                                 "pictures in tables; place them as figures below the table by hand")
        parts = [self.md(self.chars(p), bold_ok=not head, pipes=pipes) for p in cell.paras]
        return "<br>".join(x for x in parts if x.strip())

    def table(self, t: WTable, caption: str | None, note: str | None) -> list[str]:
        rows = [r for r in t.rows if any(any(p.text.strip() for p in c.paras) for c in r) or
                any(c.rows > 1 for c in r)]
        if not rows:
            return []
        if len(rows) == 1 and len(rows[0]) == 1:   # a framed box, not a table
            return [self.paragraph(p) for p in rows[0][0].paras if p.text.strip()]
        self.counts["tables"] += 1
        header = max(1, t.header_rows)
        k = 0
        while k < header and k < len(rows):
            header = max(header, k + max(c.rows for c in rows[k]))
            k += 1
        if header >= len(rows):
            header = 1
        merged = any(c.cols > 1 or c.rows > 1 for r in rows for c in r)
        width = max(sum(c.cols for c in r) for r in rows)
        if not merged and header == 1 and note is None:
            lines = [f"Table: {caption}", ""] if caption else []
            for r, row in enumerate(rows):
                cells = [self.cell_md(c, r == 0, True) for c in row]
                cells += [""] * (width - len(cells))
                lines.append("| " + " | ".join(cells) + " |")
                if r == 0:
                    lines.append("|" + "|".join(["---"] * width) + "|")
            return ["\n".join(lines)]

        def cell_yaml(c, head):
            text = json.dumps(self.cell_md(c, head, False), ensure_ascii=False)
            extra = (f", cols: {c.cols}" if c.cols > 1 else "") + (f", rows: {c.rows}" if c.rows > 1 else "")
            return "{text: " + text + extra + "}" if extra else text
        lines = ["```table"]
        if caption:
            lines.append("caption: " + json.dumps(caption, ensure_ascii=False))
        clipped = [self._clip(rows[:header]), self._clip(rows[header:])]
        lines.append("header:")
        lines += ["  - [" + ", ".join(cell_yaml(c, True) for c in row) + "]" for row in clipped[0]]
        lines.append("rows:")
        lines += ["  - [" + ", ".join(cell_yaml(c, False) for c in row) + "]" for row in clipped[1]]
        if note:
            lines.append("note: " + json.dumps(note, ensure_ascii=False))
        lines.append("```")
        return ["\n".join(lines)]

    @staticmethod
    def _clip(rows):
        """Row spans that run past the section's end are cut back to it."""
        for r, row in enumerate(rows):
            for c in row:
                c.rows = min(c.rows, len(rows) - r)
        return rows

    # -------------------------------------------------------- notes
    def definitions(self) -> list[str]:
        out = []
        for n, key in self.defs:
            paras = [self.md(self.chars(p)) for p in self.doc.notes[key]]
            paras = [p.strip() for p in paras if p.strip()]
            if not paras:
                continue
            text = f"[^{n}]: " + escape_line_start(paras[0])
            for more in paras[1:]:
                text += "\n\n    " + more
            out.append(text)
            self.counts["notes"] += 1
        return out


def _same_look(p: WPara, q: WPara) -> bool:
    return (p.style == q.style and p.align == q.align and p.all_bold == q.all_bold and p.size == q.size
            and (p.style.lower() in ("title", "标题") or p.align == "center" or p.all_bold))


def _byline(text: str) -> tuple[list[str], str | None] | None:
    """(authors, affiliation) from a byline, or None when it does not look like one."""
    text = re.sub(r"^(?:作者|文|撰文|执笔)\s*[：:/｜|]\s*", "", text).strip()
    m = re.match(r"^(.+?)\s*[（(]([^（）()]{4,})[）)]$", text)   # 张三（河南省社会科学院）
    if m:
        got = _byline(m.group(1))
        if got is not None and got[1] is None:
            return got[0], m.group(2).strip()
    parts = [x for x in re.split(r"[\s\u3000]+", text) if x]
    if not parts:
        return None
    names: list[str] = []
    while parts:   # names from the end: 张三 or 张三、李四
        group = [x for x in re.split(r"[、，,；;]+", parts[-1]) if x]
        if not group or not all(NAME.match(x) for x in group):
            break
        names[:0] = group
        parts.pop()
    if not names:
        return None
    if not parts:
        return names, None
    affiliation = " ".join(parts)
    if len(affiliation) < 4:
        return None
    return names, affiliation


def to_article(doc: WDoc, fallback_title: str) -> Converted:
    c = _Converter(doc)
    front, items = c.front(doc.items)
    if "title" not in front:
        front["title"] = fallback_title
        c.warnings.append(f"no title found (no Title style, no centred, bold or large first paragraph): "
                          f"title: is the file name “{fallback_title}”; correct it in the front matter")
    if "author" not in front:
        front["author"] = ""
        c.warnings.append("no byline found under the title: fill in author: in the front matter")
    body = c.body(items)
    body += c.definitions()
    ordered = {k: front[k] for k in ("title", "author", "affiliation", "affiliation_at") if k in front}
    return Converted(ordered, "\n\n".join(body) + "\n", c.images, c.warnings, c.counts)
