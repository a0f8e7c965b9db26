#!/usr/bin/env python3
"""Make the committed fonts in fonts/ from the system's Debian font packages.

    python fonts/make_fonts.py           rebuild the six .ttf files, LICENSES/ and manifest.json
    python fonts/make_fonts.py --check   verify the committed files against manifest.json (no rebuild)
    python fonts/make_fonts.py --jobs 1  rebuild without multiprocessing
    python fonts/make_fonts.py --metrics only rewrite the .metrics files from the committed fonts

This is run by hand, once, when the fonts change; builds of the bulletin never run it.
The sources are the installed Debian packages (apt-get install fonts-noto-cjk fonts-lxgw-wenkai
fonts-arphic-gkai00mp fonts-arphic-ukai):

  * Noto Serif/Sans CJK (OpenType collections with CFF outlines).  The Simplified Chinese
    face is picked from each collection by its name table ("Noto Serif CJK SC"), its
    glyphs are subset, then converted to quadratic TrueType outlines (reportlab embeds
    glyf outlines only) following fontTools' otf2ttf recipe.
  * LXGW WenKai (already TrueType): subset only.
  * AR PL KaitiM GB (TrueType, 1024 units per em): scaled to 1000 units, the GBK ideographs
    it lacks filled in from AR PL UKai CN, ideographs enlarged a little (see FACES), subset.

Before subsetting, the cmap entries of a few punctuation marks are pointed at their
Simplified Chinese forms (CJK_FORMS, remap_cjk_forms): reportlab applies no OpenType
features, so without this it would use the fonts' default, Western-style glyphs.

Every face is subset to the GBK repertoire plus the punctuation and symbol blocks in
EXTRA_RANGES; hinting, layout (GSUB/GPOS/GDEF/BASE), vertical metrics and every other
table reportlab does not read are dropped.  The name table is rewritten with a family
and PostScript name of our own (the result is an OFL "Modified Version": LXGW WenKai
reserves the names "LXGW" and "霞鹜", so they must not appear as the font name).

Next to each font goes FONT.metrics: what a build needs from the font (cmap, advances,
the ink extents of punctuation, names and vertical metrics) precomputed by
bulletin_press.typeset.fontmetrics, so a build reads it in one go instead of parsing the
font; it records the font's sha256, size and table checksums, and a build uses it only
for that very file.

The output is deterministic: the same sources and the same fontTools version give
byte-identical files (no timestamps; head.modified is fixed to HEAD_MODIFIED).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.json"
LICENSE_DIR = HERE / "LICENSES"

NOTO_DIR = "/usr/share/fonts/opentype/noto"
WENKAI_DIR = "/usr/share/fonts/truetype/lxgw-wenkai"
ARPHIC_GKAI = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"
ARPHIC_UKAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"

# The pinned sources.  A different package version gives different fonts; the script
# refuses to run on other sources unless --allow-other-sources is given.
PACKAGES = {
    "fonts-noto-cjk": {
        "version": "1:20220127+repack1-1",
        "copyright": "/usr/share/doc/fonts-noto-cjk/copyright",
        "license_block": "SIL-1.1",
        "upstream": "Noto CJK (notofonts/noto-cjk)",
        "license": "OFL-1.1",
        "license_file": "LICENSES/OFL-NotoCJK.txt",
    },
    "fonts-lxgw-wenkai": {
        "version": "1.250+repack-1",
        "copyright": "/usr/share/doc/fonts-lxgw-wenkai/copyright",
        "license_block": "OFL-1.1",
        "upstream": "LXGW WenKai (lxgw/LxgwWenKai)",
        "license": "OFL-1.1",
        "license_file": "LICENSES/OFL-LXGWWenKai.txt",
    },
    # The Arphic Public License: modified versions are allowed (with a notice in the file
    # saying how and when it was changed), embedding too; the licence text goes unaltered.
    "fonts-arphic-gkai00mp": {
        "version": "2.11-16",
        "copyright": "/usr/share/doc/fonts-arphic-gkai00mp/copyright",
        "license_text": "/usr/share/doc/fonts-arphic-gkai00mp/license/english/ARPHICPL.TXT.gz",
        "upstream": "AR PL KaitiM GB (Arphic Technology Co., Ltd.)",
        "license": "Arphic-1999",
        "license_file": "LICENSES/ARPHICPL.txt",
    },
    "fonts-arphic-ukai": {
        "version": "0.2.20080216.2-5",
        "copyright": "/usr/share/doc/fonts-arphic-ukai/copyright",
        "license_text": "/usr/share/doc/fonts-arphic-ukai/license/english/ARPHICPL.TXT.gz",
        "upstream": "AR PL UKai (Arphic Technology Co., Ltd.; CJK Unifonts)",
        "license": "Arphic-1999",
        "license_file": "LICENSES/ARPHICPL.txt",
    },
}

# file -> how to make it.  "face" is the family name (name ID 1) of the wanted face in a
# collection; "family"/"style"/"psname" are the names written into the output.
FACES = [
    {"file": "NotoSerifSC-Regular.ttf", "package": "fonts-noto-cjk",
     "source": f"{NOTO_DIR}/NotoSerifCJK-Regular.ttc",
     "source_sha256": "a04178ec485dffdff7cc0c0c20e1fce9202d7e2160d805e8e44a4c8841c58481",
     "face": "Noto Serif CJK SC", "style": "Regular",
     "family": "Bulletin Noto Serif SC", "psname": "BulletinNotoSerifSC-Regular"},
    {"file": "NotoSerifSC-Bold.ttf", "package": "fonts-noto-cjk",
     "source": f"{NOTO_DIR}/NotoSerifCJK-Bold.ttc",
     "source_sha256": "a5d4b046c127da3d7c72f98b46c41489cd29bf52abfdf18aba920903e920d4ac",
     "face": "Noto Serif CJK SC", "style": "Bold",
     "family": "Bulletin Noto Serif SC", "psname": "BulletinNotoSerifSC-Bold"},
    {"file": "NotoSansSC-Regular.ttf", "package": "fonts-noto-cjk",
     "source": f"{NOTO_DIR}/NotoSansCJK-Regular.ttc",
     "source_sha256": "b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a",
     "face": "Noto Sans CJK SC", "style": "Regular",
     "family": "Bulletin Noto Sans SC", "psname": "BulletinNotoSansSC-Regular"},
    {"file": "NotoSansSC-Bold.ttf", "package": "fonts-noto-cjk",
     "source": f"{NOTO_DIR}/NotoSansCJK-Bold.ttc",
     "source_sha256": "faa5f3656a78b2e2d450d27fe8382c778bc2b6bb5ea29c986664a6a435056ceb",
     "face": "Noto Sans CJK SC", "style": "Bold",
     "family": "Bulletin Noto Sans SC", "psname": "BulletinNotoSansSC-Bold"},
    {"file": "LXGWWenKai-Regular.ttf", "package": "fonts-lxgw-wenkai",
     "source": f"{WENKAI_DIR}/LXGWWenKai-Regular.ttf",
     "source_sha256": "bbf534b0ca093928f94d1782855e65a19a32cde82b075d495d072025521953c8",
     "face": "LXGW WenKai", "style": "Regular",
     "family": "Bulletin WenKai", "psname": "BulletinWenKai-Regular"},
    {"file": "LXGWWenKai-Bold.ttf", "package": "fonts-lxgw-wenkai",
     "source": f"{WENKAI_DIR}/LXGWWenKai-Bold.ttf",
     "source_sha256": "2a24551c5c4fb42507aafa4773b08a5ea55d538a8d449032663ec9e3027a707e",
     "face": "LXGW WenKai", "style": "Bold",
     "family": "Bulletin WenKai", "psname": "BulletinWenKai-Bold"},
    # The conventional 楷体 (GB2312, GB-style punctuation) of Arphic, its em scaled to 1000
    # units; the ideographs of the GBK repertoire it lacks are filled in from AR PL UKai CN,
    # Arphic's later Kai of the same lineage and licence.  Its ideographs are drawn smaller
    # in the em than Noto's (median ink 0.84 em against 0.92), so they are scaled by 1.06
    # about the centre of the ideographic em box (punctuation keeps its place).  Digits and
    # Latin are not merged
    # in: the style sets them in the Song face (`latin: song`), since Noto's OFL glyphs
    # and Arphic's licence cannot share one file.
    {"file": "ARPLKaitiMGB.ttf", "package": "fonts-arphic-gkai00mp",
     "source": ARPHIC_GKAI,
     "source_sha256": "61519fb9bdda4a1a3aa02a12cbb76c2ef897ce879775d7ea2265d0a65fe54d16",
     "face": "AR PL KaitiM GB", "style": "Regular",
     "family": "Bulletin Kai", "psname": "BulletinKai-Regular",
     "ideograph_scale": 1.06,
     "fill": {"package": "fonts-arphic-ukai", "source": ARPHIC_UKAI,
              "source_sha256": "cfc758e69386a21bade8cb3b373fda20d7f2fac6e8904ced2ded98588b63e274",
              "face": "AR PL UKai CN"}},
]
MODIFIED = "2026-12-01"       # the date the notices in modified Arphic fonts give (APL 2a)

ONLY = {f["file"] for f in FACES}   # the faces this run makes (--only)
FONTTOOLS_VERSION = "4.68.0"   # the version that made the committed files
HEAD_MODIFIED = "Wed Jan  1 00:00:00 2025"   # fixed head.modified (no build timestamps)
MAX_ERR = 1.0                  # cu2qu: max distance of quadratic from cubic, font units
KEEP_TABLES = {"cmap", "hmtx", "glyf", "loca", "head", "hhea", "maxp", "name", "OS/2", "post"}

# Added to the GBK repertoire; a face keeps whatever of these it has.
EXTRA_RANGES = [
    (0x0020, 0x007E, "ASCII"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A (pinyin tone marks)"),
    (0x01CD, 0x01DC, "pinyin caron/diaeresis vowels"),
    (0x02C6, 0x02DD, "spacing modifier letters"),
    (0x0391, 0x03C9, "Greek"),
    (0x0401, 0x0451, "Cyrillic"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2070, 0x209F, "superscripts and subscripts"),
    (0x20A0, 0x20CF, "currency symbols"),
    (0x2100, 0x214F, "letterlike symbols (℃ № ™)"),
    (0x2150, 0x218F, "number forms (Ⅰ–Ⅻ)"),
    (0x2190, 0x21FF, "arrows"),
    (0x2460, 0x24FF, "enclosed alphanumerics (①–⑳)"),
    (0x2500, 0x257F, "box drawing"),
    (0x2580, 0x259F, "block elements"),
    (0x25A0, 0x25FF, "geometric shapes (●○■□◆◇▲△)"),
    (0x2605, 0x2606, "★☆"),
    (0x2E3A, 0x2E3B, "two-em and three-em dash"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0xFE10, 0xFE1F, "vertical forms"),
    (0xFE30, 0xFE4F, "CJK compatibility forms"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
]
EXTRA_CHARS = "·—…‰№§℃●○■□◆◇▲△★☆\u00b7\u2014\u2026\u2e3a"

# Punctuation whose default glyph is not the one Chinese text wants, and the advance the
# Chinese form has (units per em 1000).  remap_cjk_forms() points each at the font's own
# Simplified Chinese form: the single substitutions of the GSUB feature 'locl' under script
# 'hani', language 'ZHS ' (what a shaper does for zh-Hans text), then, if the glyph is still
# not that wide, 'fwid' (full-width forms) under the same language system.  A substitute is
# taken only if its advance is the one given here.  Quotes a face has no full-width form of
# at all (LXGW WenKai) get a synthesised one: the proportional glyph moved into a 1000-unit
# advance, flush right for the opening “ ‘ and flush left for the closing ” ’ (SYNTH_QUOTES).
CJK_FORMS = {
    0x2014: 1000,   # — EM DASH (two make the Chinese dash ——)
    0x2015: 1000,   # ― HORIZONTAL BAR
    0x2E3A: 2000,   # ⸺ TWO-EM DASH
    0x2026: 1000,   # … HORIZONTAL ELLIPSIS
    0x00B7: 1000,   # · MIDDLE DOT (间隔号)
    0x2018: 1000,   # ‘
    0x2019: 1000,   # ’
    0x201C: 1000,   # “
    0x201D: 1000,   # ”
}
SYNTH_QUOTES = {0x2018: "right", 0x2019: "left", 0x201C: "right", 0x201D: "left"}


def gbk_repertoire() -> set[int]:
    """Every character Python's 'gbk' codec decodes from a two-byte code 0x8140-0xFEFE."""
    cps = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                cps.add(ord(bytes((lead, trail)).decode("gbk")))
            except UnicodeDecodeError:
                pass
    return cps


def wanted_unicodes() -> set[int]:
    cps = gbk_repertoire()
    for lo, hi, _ in EXTRA_RANGES:
        cps.update(range(lo, hi + 1))
    cps.update(ord(c) for c in EXTRA_CHARS)
    return cps


def sha256_file(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def subset_description(face: dict) -> str:
    steps = ["GBK repertoire (all two-byte codes 0x8140-0xFEFE that Python's 'gbk' codec decodes)",
             "plus " + "; ".join(name for _, _, name in EXTRA_RANGES),
             "keeping only the characters the face has",
             "no hinting, no layout tables, no vertical metrics",
             "tables kept: " + ", ".join(sorted(KEEP_TABLES)),
             "post format 3 (no glyph names)",
             "cmap: one Unicode BMP subtable (format 4)",
             "cmap entries of " + " ".join(f"U+{cp:04X}" for cp in CJK_FORMS) +
             " pointed at the face's Simplified Chinese forms (GSUB locl hani/ZHS, then fwid; "
             "synthesised full-width quotes where the face has none), see cjk_forms"]
    if face["source"].endswith(".ttc"):
        steps.append(f"CFF outlines converted to quadratic TrueType (cu2qu, max error {MAX_ERR:g} unit, "
                     "contours reversed)")
    return "; ".join(steps)


# --------------------------------------------------------------------------- sources

def check_sources(allow_other: bool) -> dict[str, str]:
    """Check that the Debian packages are installed and the source files are the pinned ones.
    Returns {package: installed version}."""
    sources = [f for f in FACES if f["file"] in ONLY] + [f["fill"] for f in FACES
                                                          if f["file"] in ONLY and "fill" in f]
    missing = [f["source"] for f in sources if not os.path.exists(f["source"])]
    missing += sorted({PACKAGES[f["package"]]["copyright"] for f in sources
                       if not os.path.exists(PACKAGES[f["package"]]["copyright"])})
    if missing:
        sys.exit("make_fonts: source files are missing:\n  " + "\n  ".join(missing) +
                 "\nInstall the Debian font packages first:\n"
                 "  apt-get install " + " ".join(PACKAGES))
    versions = {}
    for pkg, info in PACKAGES.items():
        if not any(f["package"] == pkg for f in sources):
            continue
        try:
            v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], check=True,
                               capture_output=True, text=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            v = "unknown"
        versions[pkg] = v
        if v != info["version"]:
            msg = f"make_fonts: {pkg} is version {v}, the pinned version is {info['version']}"
            if not allow_other:
                sys.exit(msg + " (pass --allow-other-sources to build anyway)")
            print("warning: " + msg, file=sys.stderr)
    for f in sources:
        digest = sha256_file(f["source"])
        if digest != f["source_sha256"]:
            msg = f"make_fonts: {f['source']} has sha256 {digest}, not the pinned {f['source_sha256']}"
            if not allow_other:
                sys.exit(msg + " (pass --allow-other-sources to build anyway)")
            print("warning: " + msg, file=sys.stderr)
    import fontTools
    if fontTools.version != FONTTOOLS_VERSION:
        print(f"warning: fontTools {fontTools.version} is not {FONTTOOLS_VERSION}, which made the "
              "committed files; the output may differ byte-wise", file=sys.stderr)
    return versions


def find_face(path: str, family: str) -> int | None:
    """Index of the face whose family name (name ID 1) is `family`; None for a plain font."""
    from fontTools.ttLib import TTCollection, TTFont
    if not path.endswith((".ttc", ".otc")):
        name = TTFont(path, lazy=True)["name"].getDebugName(1)
        if name != family:
            raise SystemExit(f"make_fonts: {path} is {name!r}, expected {family!r}")
        return None
    coll = TTCollection(path, lazy=True)
    hits = [i for i, f in enumerate(coll.fonts) if f["name"].getDebugName(1) == family]
    if len(hits) != 1:
        names = [f["name"].getDebugName(1) for f in coll.fonts]
        raise SystemExit(f"make_fonts: {len(hits)} faces named {family!r} in {path}: {names}")
    return hits[0]


# --------------------------------------------------------------------------- building

def cff_to_glyf(font) -> None:
    """Replace CFF outlines with quadratic TrueType ones (fontTools Snippets/otf2ttf.py)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    assert font.sfntVersion == "OTTO" and "CFF " in font
    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt_pen = TTGlyphPen(None)
        glyphset[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = tt_pen.glyph(dropImpliedOnCurves=True)
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)          # computes bounding boxes
    hmtx = font["hmtx"]
    for name, g in glyf.glyphs.items():   # TrueType wants lsb == xMin
        hmtx[name] = (hmtx[name][0], getattr(g, "xMin", 0))
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    maxp.maxComponentDepth = 0
    maxp.numGlyphs = len(order)
    maxp.recalc(font)
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def rewrite_names(font, face: dict) -> None:
    """A fresh name table (Windows, US English): our family/PostScript names, the
    original copyright, trademark, designer and licence records."""
    src = font["name"]
    keep = {nid: src.getDebugName(nid) for nid in (0, 7, 8, 9, 11, 12, 13, 14)}
    orig_full = src.getDebugName(4)
    orig_version = src.getDebugName(5) or ""
    m = re.match(r"Version ([0-9.]+)", orig_version)
    version = m.group(1) if m else orig_version
    full = f"{face['family']} {face['style']}"
    records = {
        0: keep[0],
        1: face["family"],
        2: face["style"],
        3: f"{version};{face['psname']};bulletin-press",
        4: full,
        5: f"Version {version}; bulletin-press subset of {orig_full}",
        6: face["psname"],
        7: keep[7],
        8: keep[8],
        9: keep[9],
        10: (f"Modified Version of {orig_full} {version} (upstream: "
             f"{PACKAGES[face['package']]['upstream']}) made by bulletin-press fonts/make_fonts.py: "
             "subset to the GBK repertoire and punctuation, punctuation mapped to its Simplified "
             "Chinese forms, hinting and OpenType layout removed"
             + (", CFF outlines converted to TrueType" if face["source"].endswith(".ttc") else "")
             + (f", the em scaled to {UPEM} units, ideographs enlarged by {face.get('ideograph_scale')}"
                f", the GBK ideographs it lacks filled in from "
                f"{face['fill']['face']} ({face['fill']['package']}); modified on {MODIFIED}"
                if "fill" in face else "")
             + "."),
        11: keep[11],
        12: keep[12],
        13: keep[13],
        14: keep[14],
    }
    src.names = []
    for nid, text in sorted(records.items()):
        if text:
            src.setName(text, nid, 3, 1, 0x409)


def keep_bmp_cmap(font) -> None:
    """One Unicode BMP cmap (format 4), under platform 0 and platform 3."""
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
    best = font.getBestCmap()
    if any(cp > 0xFFFF for cp in best):
        raise SystemExit("make_fonts: characters beyond the BMP; a format 12 cmap is needed")
    tables = []
    for plat, enc in ((0, 3), (3, 1)):
        t = CmapSubtable.newSubtable(4)
        t.platformID, t.platEncID, t.language = plat, enc, 0
        t.cmap = dict(best)
        tables.append(t)
    font["cmap"].tables = tables


def zhs_single_substs(font, feature: str) -> list[dict[str, str]]:
    """The single-substitution mappings of GSUB `feature` under script 'hani', language
    'ZHS ' (the default language system if there is no ZHS one), in lookup order."""
    if "GSUB" not in font:
        return []
    gsub = font["GSUB"].table
    if not gsub.ScriptList or not gsub.FeatureList or not gsub.LookupList:
        return []
    langsys = None
    for rec in gsub.ScriptList.ScriptRecord:
        if rec.ScriptTag == "hani":
            langsys = next((l.LangSys for l in rec.Script.LangSysRecord if l.LangSysTag == "ZHS "),
                           rec.Script.DefaultLangSys)
    if langsys is None:
        return []
    indices = sorted({li for fi in langsys.FeatureIndex
                      if gsub.FeatureList.FeatureRecord[fi].FeatureTag == feature
                      for li in gsub.FeatureList.FeatureRecord[fi].Feature.LookupListIndex})
    mappings = []
    for li in indices:
        lookup = gsub.LookupList.Lookup[li]
        merged: dict[str, str] = {}
        for st in lookup.SubTable:
            if lookup.LookupType == 7:
                st = st.ExtSubTable
            if st.LookupType == 1:
                for a, b in st.mapping.items():
                    merged.setdefault(a, b)     # the first subtable that covers a glyph wins
        if merged:
            mappings.append(merged)
    return mappings


def apply_substs(glyph: str, mappings: list[dict[str, str]]) -> str:
    for m in mappings:
        glyph = m.get(glyph, glyph)
    return glyph


def synth_fullwidth(font, glyph: str, side: str, width: int) -> str:
    """Add a glyph that is `glyph` (a TrueType outline) moved into a `width`-unit advance,
    flush with the `side` edge: it keeps its own side bearing on that side.  Returns its name."""
    import copy
    from fontTools.ttLib.tables import ttProgram

    glyf, hmtx = font["glyf"], font["hmtx"]
    adv = hmtx[glyph][0]
    dx = width - adv if side == "right" else 0
    new = copy.deepcopy(glyf[glyph])
    if new.isComposite():
        for comp in new.components:
            comp.x += dx
    elif new.numberOfContours > 0:
        new.coordinates.translate((dx, 0))
    if hasattr(new, "program"):
        new.program = ttProgram.Program()
        new.program.fromBytecode(b"")
    new.recalcBounds(glyf)
    lo, hi = (width // 2, width) if side == "right" else (0, width // 2)
    if not (lo <= new.xMin and new.xMax <= hi):
        raise SystemExit(f"make_fonts: synthesised {glyph} ink {new.xMin}..{new.xMax} is not in {lo}..{hi}")
    name = f"{glyph}.full"
    order = list(font.getGlyphOrder())
    assert name not in order
    glyf[name] = new
    order.append(name)
    font.setGlyphOrder(order)
    glyf.setGlyphOrder(order)
    hmtx[name] = (width, new.xMin)
    if "vmtx" in font:
        font["vmtx"][name] = font["vmtx"][glyph]
    font["maxp"].numGlyphs = len(order)
    return name


def remap_cjk_forms(font) -> list[dict]:
    """Point the cmap entries of CJK_FORMS at the face's Simplified Chinese forms (see the
    comment at CJK_FORMS).  Returns one row per code point the face has, for the report."""
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    locl = zhs_single_substs(font, "locl")
    fwid = zhs_single_substs(font, "fwid")
    rows, new_map = [], {}
    for cp, want in CJK_FORMS.items():
        old = cmap.get(cp)
        if old is None:
            continue
        glyph, how = old, "default"
        g = apply_substs(old, locl)
        if g != old and hmtx[g][0] == want:
            glyph, how = g, "locl hani/ZHS"
        if hmtx[glyph][0] != want:
            g = apply_substs(glyph, fwid)
            if g != glyph and hmtx[g][0] == want:
                glyph, how = g, "fwid hani/ZHS"
        if hmtx[glyph][0] != want and cp in SYNTH_QUOTES and "glyf" in font:
            glyph, how = synth_fullwidth(font, glyph, SYNTH_QUOTES[cp], want), \
                f"synthesised (ink flush {SYNTH_QUOTES[cp]})"
        if glyph != old:
            new_map[cp] = glyph
        rows.append({"cp": cp, "before": hmtx[old][0], "after": hmtx[glyph][0], "how": how})
    for table in font["cmap"].tables:
        m = getattr(table, "cmap", None)
        if m:
            for cp, glyph in new_map.items():
                if cp in m:
                    m[cp] = glyph
    return rows


UPEM = 1000
# tables dropped before the em is scaled (hinting, vertical and AAT layout: none is kept)
_UNUSED = ("mort", "morx", "cvt ", "fpgm", "prep", "gasp", "vhea", "vmtx", "VORG", "FFTM", "hdmx",
           "LTSH", "VDMX", "kern", "DSIG")


def to_upem(font) -> None:
    """Scale a TrueType font to UPEM units per em (fontTools scale_upem), so its advances
    compare with the others' (a full-width form is 1000 units)."""
    from fontTools.ttLib.scaleUpem import scale_upem
    for tag in _UNUSED:
        if tag in font:
            del font[tag]
    scale_upem(font, UPEM)


def _ideograph(cp: int) -> bool:
    return 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF


def fill_ideographs(font, fill: dict, wanted: set[int]) -> list[int]:
    """Add to `font` the ideographs of `wanted` it lacks, drawn from the fill face (a
    font of the same design lineage), scaled to the same em; components are flattened.
    Returns the code points added."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    index = find_face(fill["source"], fill["face"])
    donor = TTFont(fill["source"], fontNumber=index if index is not None else -1, lazy=False)
    if donor["head"].unitsPerEm != UPEM:
        to_upem(donor)
    have = font.getBestCmap()
    dcmap = donor.getBestCmap()
    dglyphs = donor.getGlyphSet()
    adds = sorted(cp for cp in wanted if _ideograph(cp) and cp not in have and cp in dcmap)
    glyf, hmtx = font["glyf"], font["hmtx"]
    order = list(font.getGlyphOrder())
    names = {}
    for cp in adds:
        src = dcmap[cp]
        name = names.get(src)
        if name is None:
            rec = DecomposingRecordingPen(dglyphs)
            dglyphs[src].draw(rec)
            pen = TTGlyphPen(None)
            rec.replay(pen)
            g = pen.glyph()
            name = names[src] = f"uni{cp:04X}.fill"
            glyf[name] = g
            order.append(name)
            g.recalcBounds(glyf)
            hmtx[name] = (donor["hmtx"][src][0], getattr(g, "xMin", 0))
    font.setGlyphOrder(order)
    glyf.setGlyphOrder(order)
    font["maxp"].numGlyphs = len(order)
    for table in font["cmap"].tables:
        if table.isUnicode():
            for cp in adds:
                if cp <= 0xFFFF or table.format in (12, 13):
                    table.cmap[cp] = names[dcmap[cp]]
    donor.close()
    return adds


def scale_ideographs(font, factor: float, centre=(500, 380)) -> None:
    """Scale the outlines of the ideographs by `factor` about `centre` (the middle of
    the ideographic em box, -120..880 units); advances stay, side bearings follow."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    glyf, hmtx = font["glyf"], font["hmtx"]
    gs = font.getGlyphSet()
    cx, cy = centre
    names = sorted({g for cp, g in font.getBestCmap().items() if _ideograph(cp)})
    new = {}
    for name in names:
        rec = DecomposingRecordingPen(gs)
        gs[name].draw(rec)
        pen = TTGlyphPen(None)
        rec.replay(TransformPen(pen, (factor, 0, 0, factor, cx * (1 - factor), cy * (1 - factor))))
        new[name] = pen.glyph()
    for name, g in new.items():
        glyf[name] = g
        g.recalcBounds(glyf)
        hmtx[name] = (hmtx[name][0], getattr(g, "xMin", 0))


def build_face(face: dict) -> dict:
    """Make one output file; returns facts for the manifest and the summary."""
    from fontTools import subset
    from fontTools.misc.timeTools import timestampFromString
    from fontTools.ttLib import TTFont

    t0 = time.monotonic()
    index = find_face(face["source"], face["face"])
    font = TTFont(face["source"], fontNumber=index if index is not None else -1, lazy=False,
                  recalcTimestamp=False)   # else save() stamps head.modified with "now"
    orig_names = {nid: font["name"].getDebugName(nid) for nid in (1, 2, 4, 5, 6)}
    source_glyphs = len(font.getGlyphOrder())
    is_cff = "CFF " in font
    source_upem = font["head"].unitsPerEm
    wanted = wanted_unicodes()
    gbk = gbk_repertoire()
    if source_upem != UPEM:
        to_upem(font)
    filled = fill_ideographs(font, face["fill"], wanted) if "fill" in face else []
    if face.get("ideograph_scale"):
        scale_ideographs(font, face["ideograph_scale"])
    source_cmap = font.getBestCmap()
    cjk_forms = remap_cjk_forms(font)     # before subsetting drops GSUB
    have = wanted & set(source_cmap)

    opts = subset.Options()
    opts.layout_features = []
    opts.layout_closure = False
    opts.hinting = False
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.legacy_kern = False
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.recalc_bounds = True
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = True
    opts.canonical_order = True
    opts.drop_tables = sorted(set(opts.drop_tables) | {
        "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "vhea", "vmtx", "VORG", "gasp",
        "DSIG", "STAT", "meta", "kern", "hdmx", "LTSH", "VDMX", "cvt ", "fpgm", "prep", "PCLT"})
    sub = subset.Subsetter(options=opts)
    sub.populate(unicodes=sorted(have))
    sub.subset(font)

    if is_cff:
        cff_to_glyf(font)
    for tag in list(font.keys()):
        if tag != "GlyphOrder" and tag not in KEEP_TABLES:
            del font[tag]

    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None
    keep_bmp_cmap(font)
    rewrite_names(font, face)
    head = font["head"]
    head.modified = timestampFromString(HEAD_MODIFIED)

    out = HERE / face["file"]
    tmp = out.with_suffix(".tmp")
    font.save(str(tmp), reorderTables=True)
    font.close()
    os.replace(tmp, out)

    # Re-read the result for the report.
    res = TTFont(str(out))
    res_cmap = res.getBestCmap()
    for row in cjk_forms:      # the result really has the advances the report claims
        got = res["hmtx"][res_cmap[row["cp"]]][0]
        if got != row["after"]:
            raise SystemExit(f"make_fonts: {face['file']} U+{row['cp']:04X} is {got} wide, "
                             f"expected {row['after']}")
    fact = {
        "file": face["file"],
        "face_index": index,
        "orig_names": orig_names,
        "source_glyphs": source_glyphs,
        "glyphs": len(res.getGlyphOrder()),
        "chars": len(res_cmap),
        "gbk_missing": sorted(gbk - set(res_cmap)),
        "extra_missing": sorted((wanted - gbk) - set(res_cmap)),
        "converted": is_cff,
        "unitsPerEm": res["head"].unitsPerEm,
        "tables": sorted(t for t in res.keys() if t != "GlyphOrder"),
        "seconds": round(time.monotonic() - t0, 1),
        "cjk_forms": cjk_forms,
        "source_upem": source_upem,
        "filled": len(filled),
    }
    res.close()
    return fact


# --------------------------------------------------------------------------- licences

def ofl_text(package: str) -> str:
    """The OFL text from the package's copyright file (a deb822 'License:' paragraph)."""
    info = PACKAGES[package]
    text = Path(info["copyright"]).read_text(encoding="utf-8")
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.strip() == f"License: {info['license_block']}"
                 and i + 1 < len(lines) and lines[i + 1].startswith(" "))
    body = []
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    while body and not body[-1].strip():
        body.pop()
    if "SIL OPEN FONT LICENSE Version 1.1" not in "\n".join(body):
        raise SystemExit(f"make_fonts: no OFL 1.1 text in {info['copyright']}")
    return "\n".join(body) + "\n"


def write_licenses(copyrights: dict[str, list[str]]) -> None:
    LICENSE_DIR.mkdir(exist_ok=True)
    notes = {
        "fonts-noto-cjk": [
            "Noto Serif CJK and Noto Sans CJK are derived from Source Han Serif / Source Han Sans,",
            "with Reserved Font Name 'Source'. Noto is a trademark of Google Inc.",
        ],
        "fonts-lxgw-wenkai": [
            "LXGW WenKai is derived from Klee (Fontworks). Klee is a trademark of Fontworks Inc.",
            "Reserved Font Names: \"霞鹜\" and \"LXGW\" (the upstream README: fonts modified",
            "from the original may not use these names).",
        ],
    }
    for pkg, info in PACKAGES.items():
        if pkg not in copyrights:
            continue     # not made in this run
        if info["license"] != "OFL-1.1":
            # the Arphic Public License goes unaltered, as the licence asks (section 1)
            import gzip
            (HERE / info["license_file"]).write_bytes(gzip.decompress(Path(info["license_text"]).read_bytes()))
            continue
        files = [f["file"] for f in FACES if f["package"] == pkg]
        head = []
        head += copyrights[pkg]
        head.append("")
        head += notes[pkg]
        head += [
            "",
            "This Font Software is licensed under the SIL Open Font License, Version 1.1,",
            "copied below.",
            "",
            f"It applies to the Modified Versions in this directory: {', '.join(files)}",
            f"(made by fonts/make_fonts.py from the {info['upstream']} fonts; see fonts/README.md).",
            "Their names in the name table were changed (families \"Bulletin ...\", see",
            "manifest.json); no Reserved Font Name is used as a font name.",
            "",
            "",
        ]
        path = HERE / info["license_file"]
        path.write_text("\n".join(head) + ofl_text(pkg), encoding="utf-8")


# --------------------------------------------------------------------------- manifest

def write_manifest(facts: dict[str, dict], versions: dict[str, str]) -> dict:
    import fontTools
    entries = []
    old = {e["file"]: e for e in json.loads(MANIFEST.read_text(encoding="utf-8"))["fonts"]} \
        if MANIFEST.exists() else {}
    for face in FACES:
        path = HERE / face["file"]
        if face["file"] not in facts:      # not made in this run (--only)
            entries.append(old[face["file"]])
            continue
        fact = facts[face["file"]]
        pkg = PACKAGES[face["package"]]
        entries.append({
            "file": face["file"],
            "sha256": sha256_file(path),
            "bytes": path.stat().st_size,
            "family": face["family"],
            "style": face["style"],
            "postscript_name": face["psname"],
            "units_per_em": fact["unitsPerEm"],
            "glyphs": fact["glyphs"],
            "characters": fact["chars"],
            "origin": {
                "upstream": pkg["upstream"],
                "debian_package": face["package"],
                "debian_version": versions.get(face["package"], pkg["version"]),
                "source_path": face["source"],
                "source_sha256": face["source_sha256"],
                "face_name": fact["orig_names"][4],
                "face_postscript_name": fact["orig_names"][6],
                "face_version": fact["orig_names"][5],
                "collection_index": fact["face_index"],
                "outlines": "CFF, converted to TrueType" if fact["converted"] else "TrueType",
            },
            "license": pkg["license"],
            "license_file": pkg["license_file"],
            "subset": subset_description(face),
            "tables": fact["tables"],
            "gbk_missing": "".join(chr(c) for c in fact["gbk_missing"]),
            **({"filled_from": {
                "debian_package": face["fill"]["package"],
                "debian_version": versions.get(face["fill"]["package"], PACKAGES[face["fill"]["package"]]["version"]),
                "source_path": face["fill"]["source"],
                "source_sha256": face["fill"]["source_sha256"],
                "face_name": face["fill"]["face"],
                "ideographs": fact["filled"]}, "source_units_per_em": fact["source_upem"]}
               if "fill" in face else {}),
            "cjk_forms": {f"U+{r['cp']:04X} {chr(r['cp'])}": f"{r['before']} -> {r['after']} ({r['how']})"
                          for r in fact["cjk_forms"]},
        })
    manifest = {
        "comment": "Fonts for bulletin-press, made by fonts/make_fonts.py; verify with "
                   "`python fonts/make_fonts.py --check`.",
        "made_with": {"fontTools": fontTools.version, "head_modified": HEAD_MODIFIED,
                      "cu2qu_max_err": MAX_ERR},
        "fonts": entries,
    }
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def write_metrics(file: str) -> Path:
    """FONT.metrics for one committed font (see bulletin_press.typeset.fontmetrics)."""
    from bulletin_press.typeset.fontmetrics import compute, metrics_path
    path = HERE / file
    out = metrics_path(path)
    out.write_bytes(compute(path, sha256=sha256_file(path)))
    return out


def check_metrics(e: dict) -> str | None:
    """None when FONT.metrics was made from this font and says what a parse says."""
    from bulletin_press.typeset.fontmetrics import read_metrics, compute, metrics_path
    path = HERE / e["file"]
    got = read_metrics(path)
    if got is None:
        return f"{metrics_path(path).name} is missing or unreadable"
    if got[0]["font"]["sha256"] != e["sha256"]:
        return f"{metrics_path(path).name} was made from another file (sha256 {got[0]['font']['sha256']})"
    if metrics_path(path).read_bytes() != compute(path, sha256=e["sha256"]):
        return f"{metrics_path(path).name} differs from the metrics computed from the font"
    return None


def check() -> int:
    if not MANIFEST.exists():
        print(f"{MANIFEST} is missing", file=sys.stderr)
        return 1
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    bad = 0
    for e in manifest["fonts"]:
        path = HERE / e["file"]
        if not path.exists():
            print(f"MISSING  {e['file']}")
            bad += 1
            continue
        digest = sha256_file(path)
        ok = digest == e["sha256"] and path.stat().st_size == e["bytes"]
        print(f"{'ok      ' if ok else 'MISMATCH'} {e['file']}  {digest}")
        bad += not ok
        problem = check_metrics(e) if ok else None
        if problem:
            print(f"MISMATCH {problem}")
            bad += 1
    listed = {e["file"] for e in manifest["fonts"]}
    for p in sorted(HERE.glob("*.ttf")):
        if p.name not in listed:
            print(f"UNLISTED {p.name}")
            bad += 1
    print("all fonts match the manifest" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


# --------------------------------------------------------------------------- main

def describe_missing(cps: list[int], limit: int = 60) -> str:
    if not cps:
        return "none"
    shown = " ".join(f"{chr(c)}U+{c:04X}" for c in cps[:limit])
    return f"{len(cps)}: {shown}" + (" …" if len(cps) > limit else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="verify the committed fonts against manifest.json and exit")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="faces built in parallel (default: 2)")
    ap.add_argument("--allow-other-sources", action="store_true",
                    help="build even if the installed packages are not the pinned versions")
    ap.add_argument("--only", nargs="+", metavar="FILE",
                    help="make only these fonts (others keep their files and manifest entries)")
    ap.add_argument("--metrics", action="store_true",
                    help="only rewrite the .metrics files from the committed fonts")
    args = ap.parse_args(argv)
    if args.check:
        return check()
    if args.metrics:
        for face in FACES:
            print(f"wrote {write_metrics(face['file']).name}")
        return 0

    t0 = time.monotonic()
    if args.only:
        unknown = set(args.only) - {f["file"] for f in FACES}
        if unknown:
            sys.exit(f"make_fonts: not fonts this script makes: {', '.join(sorted(unknown))}")
        ONLY.clear()
        ONLY.update(args.only)
    faces = [f for f in FACES if f["file"] in ONLY]
    versions = check_sources(args.allow_other_sources)
    if args.jobs > 1 and len(faces) > 1:
        # Biggest faces first so the two workers finish at about the same time.
        order = sorted(faces, key=lambda f: -os.path.getsize(f["source"]))
        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            results = pool.map(build_face, order, chunksize=1)
    else:
        results = [build_face(f) for f in faces]
    facts = {r["file"]: r for r in results}

    from fontTools.ttLib import TTFont
    copyrights: dict[str, list[str]] = {}
    for face in faces:
        c = TTFont(str(HERE / face["file"]), lazy=True)["name"].getDebugName(0) or ""
        for line in c.replace("\r\n", "\n").split("\n"):
            lst = copyrights.setdefault(face["package"], [])
            if line.strip() and line.strip() not in lst:
                lst.append(line.strip())
    write_licenses(copyrights)
    manifest = write_manifest(facts, versions)
    for face in faces:
        write_metrics(face["file"])

    total = 0
    print(f"{'file':26} {'bytes':>10}  glyphs  chars  secs  sha256")
    for e in manifest["fonts"]:
        if e["file"] not in facts:
            continue
        f = facts[e["file"]]
        total += e["bytes"]
        print(f"{e['file']:26} {e['bytes']:>10}  {f['glyphs']:6} {f['chars']:6} {f['seconds']:5}  {e['sha256']}")
    print(f"{'total':26} {total:>10}  ({total / 1e6:.1f} MB)")
    for face in faces:
        f = facts[face["file"]]
        print(f"{face['file']}: GBK characters missing: {describe_missing(f['gbk_missing'])}")
        print(f"{' ' * len(face['file'])}  extra characters not in the face: {len(f['extra_missing'])}")
        if f["filled"]:
            print(f"{' ' * len(face['file'])}  ideographs filled in from {face['fill']['face']}: {f['filled']}")
    print()
    print("advance widths (units, 1000 = 1 em) of the Chinese punctuation, default glyph -> cmap glyph now:")
    cps = list(CJK_FORMS)
    print(f"{'file':26} " + " ".join(f"{'U+%04X %s' % (cp, chr(cp)):>12}" for cp in cps))
    for face in faces:
        rows = {r["cp"]: r for r in facts[face["file"]]["cjk_forms"]}
        cells = [(f"{rows[cp]['before']}->{rows[cp]['after']}" if rows[cp]["before"] != rows[cp]["after"]
                  else f"{rows[cp]['after']}") if cp in rows else "-" for cp in cps]
        print(f"{face['file']:26} " + " ".join(f"{c:>12}" for c in cells))
    for face in faces:
        for r in facts[face["file"]]["cjk_forms"]:
            if r["how"] != "default":
                print(f"  {face['file']}: U+{r['cp']:04X} {chr(r['cp'])} {r['before']} -> {r['after']} ({r['how']})")
    print(f"done in {time.monotonic() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
