"""Reading a Word .docx into plain pieces: paragraphs of formatted text,
tables with their merged cells, pictures, footnotes.

    open_docx(path, shown) -> docx.Document      # BuildError for .doc, encrypted, damaged, not Word
    read_docx(document) -> WDoc                  # DamagedPart for a part that is not XML

python-docx opens the package (parts, relationships, styles); the body XML is
walked here so that what Word really shows is what is read:

- runs: bold / italic / size resolved through the run, its character style,
  the paragraph style chain and the document defaults; hidden text is left out;
- fields: the instruction (HYPERLINK "…", REF …) is dropped, the result
  kept; page numbers and tables of contents (PAGE, NUMPAGES, TOC, PAGEREF)
  are layout and dropped whole;
- hyperlinks, content controls, smart tags: their text kept;
- tracked changes: insertions taken, deletions dropped (counted in a warning);
- comments: dropped (counted in a warning);
- text boxes: their paragraphs follow the paragraph that anchors them;
- automatic list numbering (numPr): the number Word would show (一、 （一） 1.)
  is rebuilt from the numbering definitions;
- pictures (DrawingML and VML): their bytes and format;
- footnote and endnote references: kept in place, the notes' text read from
  their parts.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError, Problem
from ..model import Pos

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# ---------------------------------------------------------------- pieces

@dataclass
class Seg:
    """A stretch of text with one format; `note` marks a footnote reference
    ("f3", "e1") and then text is empty; "\\n" is a soft line break."""

    text: str
    bold: bool = False
    italic: bool = False
    note: str | None = None


@dataclass
class WImage:
    data: bytes
    ext: str            # ".png", ".jpg", …


@dataclass
class WPara:
    segs: list[Seg]
    style: str = ""                 # style name (English built-in names: "Heading 1", "Title")
    outline: int | None = None      # heading level from the style or outline level, 1 = top
    align: str | None = None        # center | left | right | both | …
    size: float | None = None       # largest run size, points
    number: str = ""                # the automatic list number Word shows ("一、", "1.")
    bullet: bool = False
    images: list[WImage] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segs)

    @property
    def all_bold(self) -> bool:
        vis = [s for s in self.segs if s.text.strip()]
        return bool(vis) and all(s.bold for s in vis)


@dataclass
class WCell:
    paras: list[WPara]
    cols: int = 1
    rows: int = 1


@dataclass
class WTable:
    rows: list[list[WCell]]
    header_rows: int = 1


@dataclass
class WDoc:
    items: list                                        # WPara | WTable, in order
    notes: dict[str, list[WPara]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    body_size: float = 10.5


# ---------------------------------------------------------------- opening

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_docx(path: Path, shown: str):
    """The python-docx Document, or a BuildError saying what the file is and what to do."""
    import docx

    pos = Pos(shown)
    save_as = "open it in Word or WPS and save it as a Word document (.docx), then import that file"
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            data = head + fh.read() if head == _OLE else b""
    except FileNotFoundError:
        raise BuildError(Problem(pos, "no such file", "check the file name and folder")) from None
    except IsADirectoryError:
        raise BuildError(Problem(pos, "this is a folder, not a file", "name a .docx file")) from None
    except OSError as exc:
        raise BuildError(Problem(pos, f"cannot read the file: {exc.strerror or exc}",
                                 "check that it exists and that you may read it")) from None
    if head == _OLE:
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise BuildError(Problem(pos, "the document is protected with a password, so it cannot be read",
                                     "open it in Word, remove the password (File → Info → Protect Document → "
                                     "Encrypt with Password, clear it), save it as .docx and import again"))
        raise BuildError(Problem(pos, "this is an old binary Word file (.doc, Word 97–2003), not a .docx",
                                 save_as))
    if head.startswith(b"{\\rtf"):
        raise BuildError(Problem(pos, "this is an RTF file, not a .docx", save_as))
    if not head.startswith(b"PK"):
        raise BuildError(Problem(pos, "this is not a Word .docx file", save_as))
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            bad = zf.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise BuildError(Problem(pos, "the .docx is damaged (its zip container cannot be read)",
                                 "open it in Word (it may offer to repair it) and save it again as .docx, "
                                 "or ask the author for a fresh copy")) from None
    if bad is not None:
        raise BuildError(Problem(pos, f"the .docx is damaged (part {bad} is corrupt)",
                                 "open it in Word (it may offer to repair it) and save it again as .docx"))
    if "word/document.xml" not in names:
        kind = ("an Excel workbook" if any(n.startswith("xl/") for n in names) else
                "a PowerPoint file" if any(n.startswith("ppt/") for n in names) else
                "an OpenDocument file" if "mimetype" in names else "a zip file that is not a Word document")
        raise BuildError(Problem(pos, f"this is {kind}, not a .docx", save_as))
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on broken packages
        what = str(exc).split("\n")[0][:120]
        if "macroEnabled" in what or "template" in what.lower():
            raise BuildError(Problem(pos, "this is a macro-enabled document or a template, not a .docx",
                                     save_as)) from None
        raise BuildError(Problem(pos, f"the .docx is damaged: {what}",
                                 "open it in Word and save it again as .docx")) from None


# ---------------------------------------------------------------- styles

def _flag(rpr, name: str):
    if rpr is None:
        return None
    el = rpr.find(w(name))
    if el is None:
        return None
    return el.get(w("val")) not in ("0", "false", "off", "none")


def _size(rpr):
    if rpr is None:
        return None
    el = rpr.find(w("sz"))
    try:
        return int(el.get(w("val"))) / 2 if el is not None else None
    except (TypeError, ValueError):
        return None


class Styles:
    """Style properties along basedOn chains, from styles.xml."""

    def __init__(self, document):
        self.by_id: dict[str, object] = {}
        root = document.styles.element
        for st in root.iter(w("style")):
            self.by_id[st.get(w("styleId")) or ""] = st
        defaults = root.find(w("docDefaults"))
        rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}") if defaults is not None else None
        self.default_rpr = rpr
        self.default_para = next((sid for sid, st in self.by_id.items()
                                  if st.get(w("type")) == "paragraph" and _flag_attr(st, "default")), None)
        self._cache: dict = {}

    def chain(self, sid: str | None):
        seen = []
        while sid and sid in self.by_id and sid not in seen:
            seen.append(sid)
            based = self.by_id[sid].find(w("basedOn"))
            sid = based.get(w("val")) if based is not None else None
        return [self.by_id[s] for s in seen]

    def name(self, sid: str | None) -> str:
        st = self.by_id.get(sid or "")
        el = st.find(w("name")) if st is not None else None
        return (el.get(w("val")) or "") if el is not None else ""

    def run_prop(self, sid: str | None, what: str):
        key = (sid, what)
        if key not in self._cache:
            val = None
            for st in self.chain(sid):
                rpr = st.find(w("rPr"))
                val = _size(rpr) if what == "sz" else _flag(rpr, what)
                if val is not None:
                    break
            self._cache[key] = val
        return self._cache[key]

    def para_prop(self, sid: str | None, path: str):
        """The first element at `path` under a style's pPr along the chain."""
        for st in self.chain(sid):
            el = st.find(f"{w('pPr')}/{path}")
            if el is not None:
                return el
        return None


def _flag_attr(el, name: str) -> bool:
    return el.get(w(name)) in ("1", "true", "on")


# ---------------------------------------------------------------- numbering

_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting", "ideographDigital"):
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[n - 1] if 1 <= n <= 10 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)   # decimal, decimalFullWidth, decimalHalfWidth and the rest


class Numbering:
    """What Word shows for a numbered paragraph, counted as Word counts."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}   # numId → ilvl → {fmt, text, start}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, dict]] = {}
        for an in root.iter(w("abstractNum")):
            abstract[an.get(w("abstractNumId"))] = self._lvls(an)
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            lv = {k: dict(v) for k, v in abstract.get(ref.get(w("val")) if ref is not None else "", {}).items()}
            for ov in num.iter(w("lvlOverride")):
                ilvl = int(ov.get(w("ilvl")) or 0)
                so = ov.find(w("startOverride"))
                inner = ov.find(w("lvl"))
                if inner is not None:
                    lv[ilvl] = self._lvls_one(inner)
                if so is not None and ilvl in lv:
                    lv[ilvl]["start"] = int(so.get(w("val")) or 1)
            self.levels[num.get(w("numId"))] = lv

    def _lvls(self, an) -> dict[int, dict]:
        return {int(lvl.get(w("ilvl")) or 0): self._lvls_one(lvl) for lvl in an.findall(w("lvl"))}

    @staticmethod
    def _lvls_one(lvl) -> dict:
        def val(tag, default=None):
            el = lvl.find(w(tag))
            return el.get(w("val")) if el is not None else default
        try:
            start = int(val("start", "1"))
        except ValueError:
            start = 1
        return {"fmt": val("numFmt", "decimal"), "text": val("lvlText", ""), "start": start,
                "legal": lvl.find(w("isLgl")) is not None, "suff": val("suff", "tab")}

    def label(self, num_id: str, ilvl: int) -> tuple[str, bool]:
        """(the number text, is it a bullet) for the next paragraph of this list."""
        lv = self.levels.get(num_id)
        if not lv or ilvl not in lv:
            return "", False
        spec = lv[ilvl]
        if spec["fmt"] == "bullet":
            return "", True
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, spec["start"] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]

        def sub(m):
            k = int(m.group(1)) - 1
            s = lv.get(k, {"fmt": "decimal", "start": 1})
            n = counts.get(k, s["start"])
            return format_number(n, "decimal" if spec["legal"] else s["fmt"])
        text = re.sub(r"%(\d)", sub, spec["text"])
        if text and text[-1].isascii() and not text[-1].isalnum() and spec["suff"] != "nothing":
            text += " "
        return text, False


# ---------------------------------------------------------------- reading

_LAYOUT_FIELD = re.compile(r"^\s*(PAGE|NUMPAGES|SECTIONPAGES|TOC|PAGEREF)\b", re.I)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


class _Reader:
    def __init__(self, document):
        self.doc = document
        self.styles = Styles(document)
        self.numbering = Numbering(document)
        self.warnings: list[str] = []
        self.counts = {"deleted": 0, "comments": 0, "charts": 0, "symbols": 0, "external": 0,
                       "objects": 0, "hidden": 0}
        self.sizes: dict[float, int] = {}

    # -------------------------------------------------------- blocks
    def blocks(self, parent, part) -> list:
        out: list = []
        for el in parent:
            tag = local(el)
            if tag == "p":
                out.extend(self.paragraph(el, part))
            elif tag == "tbl":
                out.append(self.table(el, part))
            elif tag == "sdt":
                content = el.find(w("sdtContent"))
                if content is not None:
                    out.extend(self.blocks(content, part))
            elif tag in ("customXml", "ins", "moveTo"):
                out.extend(self.blocks(el, part))
            elif tag in ("del", "moveFrom"):
                self.counts["deleted"] += 1
        return out

    def paragraph(self, p, part) -> list:
        ppr = p.find(w("pPr"))
        sid = None
        if ppr is not None and ppr.find(w("pStyle")) is not None:
            sid = ppr.find(w("pStyle")).get(w("val"))
        sid = sid or self.styles.default_para
        name = self.styles.name(sid)
        para = WPara([], style=name)
        # heading level: outline level (direct or style), or the style's name
        olvl = ppr.find(w("outlineLvl")) if ppr is not None else None
        if olvl is None:
            olvl = self.styles.para_prop(sid, w("outlineLvl"))
        if olvl is not None:
            try:
                lv = int(olvl.get(w("val")))
                if lv < 9:
                    para.outline = lv + 1
            except (TypeError, ValueError):
                pass
        m = re.match(r"^(?:heading|标题)\s*(\d)$", name.strip(), re.I)
        if m:
            para.outline = int(m.group(1))
        jc = ppr.find(w("jc")) if ppr is not None else None
        if jc is None:
            jc = self.styles.para_prop(sid, w("jc"))
        para.align = jc.get(w("val")) if jc is not None else None
        # automatic numbering
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        if numpr is None:
            numpr = self.styles.para_prop(sid, w("numPr"))
        if numpr is not None:
            nid = numpr.find(w("numId"))
            il = numpr.find(w("ilvl"))
            num_id = nid.get(w("val")) if nid is not None else None
            if num_id and num_id != "0":
                para.number, para.bullet = self.numbering.label(num_id, int(il.get(w("val")) or 0)
                                                                if il is not None else 0)
        st = _State(para, sid, part)
        self.inline(p, st)
        for s in st.para.segs:
            s.text = s.text.translate(_INVISIBLE)
        if para.size and para.text.strip():
            self.sizes[para.size] = self.sizes.get(para.size, 0) + len(para.text)
        out = [para]
        for box in st.boxes:
            out.extend(self.blocks(box, part))
        return out

    # -------------------------------------------------------- inline
    def inline(self, parent, st: "_State") -> None:
        for el in parent:
            tag = local(el)
            if tag == "r":
                self.run(el, st)
            elif tag == "fldSimple":
                if not _LAYOUT_FIELD.match(el.get(w("instr")) or ""):
                    self.inline(el, st)
            elif tag in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "dir", "bdo"):
                self.inline(el, st)
            elif tag == "sdt":
                content = el.find(w("sdtContent"))
                if content is not None:
                    self.inline(content, st)
            elif tag in ("del", "moveFrom"):
                self.counts["deleted"] += 1
            elif tag in ("oMath", "oMathPara"):
                st.add("".join(t.text or "" for t in el.iter(f"{{{M}}}t")), False, False)
            elif tag == "AlternateContent":
                choice = next((c for c in el if local(c) == "Choice"), None)
                if choice is not None:
                    self.inline(choice, st)

    def run(self, r, st: "_State") -> None:
        rpr = r.find(w("rPr"))
        if _flag(rpr, "vanish") or _flag(rpr, "webHidden"):
            if any((t.text or "").strip() for t in r.iter(w("t"))):
                self.counts["hidden"] += 1
            return
        rsid = None
        if rpr is not None and rpr.find(w("rStyle")) is not None:
            rsid = rpr.find(w("rStyle")).get(w("val"))

        def prop(name):
            v = _size(rpr) if name == "sz" else _flag(rpr, name)
            if v is None and rsid:
                v = self.styles.run_prop(rsid, name)
            if v is None:
                v = self.styles.run_prop(st.sid, name)
            if v is None:
                v = _size(self.styles.default_rpr) if name == "sz" else _flag(self.styles.default_rpr, name)
            return v
        bold, italic, size = bool(prop("b")), bool(prop("i")), prop("sz")
        for el in r:
            tag = local(el)
            if tag == "t":
                if el.text and st.visible():
                    st.add(el.text, bold, italic)
                    if size and el.text.strip():
                        st.para.size = max(st.para.size or 0, size)
            elif tag in ("tab", "ptab"):
                if st.visible():
                    st.add("\t", bold, italic)
            elif tag in ("br", "cr"):
                if el.get(w("type")) not in ("page", "column") and st.visible():
                    st.add("\n", bold, italic)
            elif tag == "noBreakHyphen":
                st.add("-", bold, italic)
            elif tag == "sym":
                try:
                    code = int(el.get(w("char")) or "", 16)
                except ValueError:
                    continue
                if 0xF000 <= code <= 0xF0FF or 0xE000 <= code <= 0xF8FF:
                    self.counts["symbols"] += 1   # a Wingdings/Symbol glyph: no Unicode meaning
                else:
                    st.add(chr(code), bold, italic)
            elif tag == "fldChar":
                kind = el.get(w("fldCharType"))
                if kind == "begin":
                    st.fields.append("instr")
                    st.instr.append("")
                elif kind == "separate" and st.fields:
                    # a page number or a table of contents is layout, not text
                    st.fields[-1] = "drop" if _LAYOUT_FIELD.match(st.instr[-1]) else "result"
                elif kind == "end" and st.fields:
                    st.fields.pop()
                    st.instr.pop()
            elif tag == "instrText":
                if st.instr:
                    st.instr[-1] += el.text or ""
            elif tag in ("footnoteReference", "endnoteReference"):
                if st.visible():
                    st.para.segs.append(Seg("", bold, italic, note=("f" if tag[0] == "f" else "e") + (el.get(w("id")) or "")))
            elif tag == "commentReference":
                self.counts["comments"] += 1
            elif tag in ("drawing", "pict", "object"):
                self.graphic(el, st)
            elif tag == "AlternateContent":
                choice = next((c for c in el if local(c) == "Choice"), None)
                if choice is not None:
                    for c in choice:
                        if local(c) in ("drawing", "pict", "object"):
                            self.graphic(c, st)

    def graphic(self, el, st: "_State") -> None:
        found = False
        for blip in el.iter(f"{{{A}}}blip"):
            found |= self.image(blip.get(f"{{{R}}}embed"), blip.get(f"{{{R}}}link"), st)
        for img in el.iter(f"{{{V}}}imagedata"):
            found |= self.image(img.get(f"{{{R}}}id"), None, st)
        for box in el.iter(w("txbxContent")):
            st.boxes.append(box)
            found = True
        if any(local(g) == "chart" for g in el.iter()):
            self.counts["charts"] += 1
            found = True
        if not found and local(el) == "object":
            self.counts["objects"] += 1

    def image(self, rid: str | None, link: str | None, st: "_State") -> bool:
        if not rid:
            if link:
                self.counts["external"] += 1
            return bool(link)
        try:
            target = st.part.related_parts[rid]
        except KeyError:
            return False
        ext = Path(str(target.partname)).suffix.lower()
        ext = ".jpg" if ext == ".jpeg" else ext
        st.para.images.append(WImage(target.blob, ext))
        return True

    # -------------------------------------------------------- tables
    def table(self, tbl, part) -> WTable:
        grid: list[list[tuple[int, int, str | None, list[WPara]]]] = []
        header = 0
        counting_header = True
        for tr in tbl.iter(w("tr")):
            if tr.getparent() is not tbl and local(tr.getparent()) not in ("sdtContent", "customXml"):
                continue  # a nested table's row
            trpr = tr.find(w("trPr"))
            if counting_header and trpr is not None and trpr.find(w("tblHeader")) is not None:
                header += 1
            else:
                counting_header = False
            col = 0
            row = []
            before = trpr.find(w("gridBefore")) if trpr is not None else None
            if before is not None:
                col = int(before.get(w("val")) or 0)
                row += [(c, 1, None, []) for c in range(col)]
            for tc in tr:
                if local(tc) == "sdt":
                    tc = tc.find(f"{w('sdtContent')}/{w('tc')}")
                    if tc is None:
                        continue
                if local(tc) != "tc":
                    continue
                tcpr = tc.find(w("tcPr"))
                span, vm = 1, None
                if tcpr is not None:
                    gs = tcpr.find(w("gridSpan"))
                    if gs is not None:
                        span = max(1, int(gs.get(w("val")) or 1))
                    v = tcpr.find(w("vMerge"))
                    if v is not None:
                        vm = "restart" if v.get(w("val")) == "restart" else "continue"
                paras = []
                for b in self.blocks(tc, part):   # a nested table is read as its cells' text
                    paras += [b] if isinstance(b, WPara) else [p for rw in b.rows for c in rw for p in c.paras]
                row.append((col, span, vm, paras))
                col += span
            grid.append(row)
        width = max((c[0] + c[1] for row in grid for c in row), default=0)
        rows: list[list[WCell]] = []
        for r, row in enumerate(grid):
            cells = []
            for col, span, vm, paras in row:
                if vm == "continue" and r > 0 and self._merged_above(grid, r, col):
                    continue
                n = 1
                if vm == "restart":
                    while r + n < len(grid) and any(c[0] == col and c[2] == "continue" for c in grid[r + n]):
                        n += 1
                cells.append(WCell(paras, span, n))
            end = max((c[0] + c[1] for c in row), default=0)
            cells += [WCell([]) for _ in range(width - end)]
            rows.append(cells)
        return WTable(rows, header)

    @staticmethod
    def _merged_above(grid, r: int, col: int) -> bool:
        for k in range(r - 1, -1, -1):
            cell = next((c for c in grid[k] if c[0] == col), None)
            if cell is None:
                return False
            if cell[2] == "restart":
                return True
            if cell[2] != "continue":
                return False
        return False

    # -------------------------------------------------------- notes
    def notes(self, doc: WDoc) -> None:
        for rt, prefix in ((RT_FOOTNOTES, "f"), (RT_ENDNOTES, "e")):
            part = _related(self.doc.part, rt)
            if part is None:
                continue
            root = parse_part(part)
            for note in root:
                if local(note) not in ("footnote", "endnote"):
                    continue
                if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                doc.notes[prefix + (note.get(w("id")) or "")] = [
                    b for b in self.blocks(note, part) if isinstance(b, WPara)]


class _State:
    def __init__(self, para: WPara, sid, part):
        self.para, self.sid, self.part = para, sid, part
        self.fields: list[str] = []   # open complex fields: instr | result | drop
        self.instr: list[str] = []    # their instructions
        self.boxes: list = []

    def visible(self) -> bool:
        return all(f == "result" for f in self.fields)

    def add(self, text: str, bold: bool, italic: bool) -> None:
        if text:
            self.para.segs.append(Seg(text, bold, italic))


class DamagedPart(Exception):
    """A part of the package that is not well-formed XML (its name, what the parser said)."""

    def __init__(self, name: str, why: str):
        super().__init__(name, why)
        self.name, self.why = name, why


def parse_part(part):
    """The XML of a part python-docx leaves unparsed (footnotes, endnotes, comments)."""
    from lxml import etree
    try:
        return etree.fromstring(part.blob)
    except etree.XMLSyntaxError as exc:
        raise DamagedPart(str(part.partname).lstrip("/"), str(exc).splitlines()[0][:100]) from None


def _related(part, reltype):
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


def read_docx(document) -> WDoc:
    rd = _Reader(document)
    body = document.element.body
    items = rd.blocks(body, document.part)
    doc = WDoc(items)
    rd.notes(doc)
    if rd.sizes:
        doc.body_size = max(rd.sizes.items(), key=lambda kv: kv[1])[0]
    c = rd.counts
    comments = _related(document.part, RT_COMMENTS)
    if comments is not None:
        n = sum(1 for el in parse_part(comments) if local(el) == "comment")
        c["comments"] = max(c["comments"], n)
    say = doc.warnings.append
    if c["deleted"]:
        say(f"tracked changes: insertions taken, {c['deleted']} deletion(s) left out "
            "(as Word shows the document with all changes accepted)")
    if c["comments"]:
        say(f"{c['comments']} comment(s) left out: the bulletin prints no comments; read them in Word")
    if c["charts"]:
        say(f"{c['charts']} Word chart(s) not imported: redraw each as a ```chart block (see FORMAT.md)")
    if c["symbols"]:
        say(f"{c['symbols']} symbol-font character(s) (Wingdings, Symbol) left out: they have no "
            "Unicode meaning; retype them if they matter")
    if c["external"]:
        say(f"{c['external']} linked (not embedded) picture(s) left out: insert them into the document")
    if c["objects"]:
        say(f"{c['objects']} embedded object(s) (OLE, equations as pictures) left out")
    if c["hidden"]:
        say(f"{c['hidden']} hidden text run(s) left out, as Word does not print them")
    return doc
