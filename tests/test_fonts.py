"""The committed fonts and their precomputed metrics (fonts/, typeset/fontmetrics.py)."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFontFace

from bulletin_press.typeset.fontmetrics import MetricsFace, load_face, metrics_path, read_metrics
from bulletin_press.typeset.punct import _glyph_xbounds

FONTS = Path(__file__).resolve().parents[1] / "fonts"
MANIFEST = json.loads((FONTS / "manifest.json").read_text(encoding="utf-8"))


def test_every_font_has_metrics_made_from_it():
    for e in MANIFEST["fonts"]:
        got = read_metrics(FONTS / e["file"])
        assert got is not None, f"{e['file']}: no metrics file"
        header, _ = got
        assert header["font"]["sha256"] == e["sha256"], e["file"]
        assert header["font"]["bytes"] == e["bytes"] == (FONTS / e["file"]).stat().st_size


def test_metrics_face_is_what_reportlab_parses():
    """Every attribute reportlab's own parse sets, the same from the metrics."""
    path = str(FONTS / MANIFEST["fonts"][0]["file"])
    fast, slow = load_face(path), TTFontFace(path)
    assert isinstance(fast, MetricsFace)
    for k, v in vars(slow).items():
        if k in ("_ttf_data", "_pos"):
            continue
        if k == "_pdfScale":
            assert fast._pdfScale(517) == v(517)
            continue
        got = getattr(fast, k)
        assert got == v and type(got) is type(v), k
    assert fast._ttf_data[:] == slow._ttf_data
    assert len(fast.ink) > 1000
    for cp, ink in fast.ink.items():
        assert _glyph_xbounds(slow, cp) == ink


def test_faces_of_a_family_share_a_cmap_and_keep_their_own_advances():
    """Regular and Bold of one family share one cmap dict (built once); every face's
    cmap, advances and glyph lists are still what reportlab parses from its own file."""
    from bulletin_press.typeset.fonts import Face
    serif, serif_b, sans, sans_b = (load_face(FONTS / f) for f in (
        "NotoSerifSC-Regular.ttf", "NotoSerifSC-Bold.ttf", "NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"))
    assert serif.charToGlyph is serif_b.charToGlyph and sans.charToGlyph is sans_b.charToGlyph
    assert serif.charToGlyph is not sans.charToGlyph
    for fast in (serif_b, sans_b):
        slow = TTFontFace(fast.filename)
        assert fast.charToGlyph == slow.charToGlyph and fast.glyphToChar == slow.glyphToChar
        assert fast.charWidths == slow.charWidths and fast.charWidths != serif.charWidths
        # the engine's view: widths.get(cp, default), only the exceptions stored
        face = Face("t-" + Path(fast.filename).stem, Path(fast.filename))
        assert 0 < len(face.widths) < len(slow.charWidths) // 10
        assert all(face.widths.get(cp, face.default) == w for cp, w in slow.charWidths.items())
        assert face.widths.get(0x2252, face.default) == slow.defaultWidth   # not in the face


def test_advances_unlike_the_default_are_found_in_any_em():
    """`wide` is every character whose advance is not the default, whatever the
    values (one in the UTF-16 surrogate range too) and the em (scaled to 1/1000)."""
    from array import array

    from bulletin_press.typeset.fontmetrics import _unlike
    codes = [0x20, 0x41, 0x4E00, 0x4E01, 0x4E02, 0x3001, 0xFF0C, 0x1F600]
    adv = array("H", [500, 1000, 1000, 0xD800, 1000, 1000, 0xFFFF, 0])
    raw = array("H", adv)          # as the metrics store them: big-endian
    if sys.byteorder == "little":
        raw.byteswap()
    for default, scale in ((1000, lambda x: x), (500, lambda x: x), (1000 * 1000 / 2048, lambda x: x * 1000 / 2048)):
        want = {cp: scale(a) for cp, a in zip(codes, adv) if scale(a) != default}
        assert _unlike(codes, raw.tobytes(), default, scale) == want


def test_metrics_of_another_file_are_not_used(tmp_path):
    """A font whose metrics file was made from a different font is parsed instead."""
    a, b = (FONTS / e["file"] for e in MANIFEST["fonts"][:2])
    shutil.copy(a, tmp_path / "x.ttf")
    shutil.copy(metrics_path(b), metrics_path(tmp_path / "x.ttf"))
    face = load_face(tmp_path / "x.ttf")
    assert not isinstance(face, MetricsFace)
    assert face.charWidths == TTFontFace(str(a)).charWidths
    # and a font without metrics at all is parsed too
    shutil.copy(a, tmp_path / "y.ttf")
    assert not isinstance(load_face(tmp_path / "y.ttf"), MetricsFace)


def test_kai_sets_digits_and_latin_in_the_song_face():
    """The sample style's 楷体 leaves digits and Latin to Song (`latin: song`): a byline
    date is set Kai for the Han, Song for 2025 and the Latin, and coverage agrees."""
    from bulletin_press.model import Run
    from bulletin_press.source import load_style
    from bulletin_press.typeset.fonts import FontSet
    from bulletin_press.typeset.paragraph import layout_paragraph

    root = FONTS.parent
    style = load_style(root, "chuangxin")
    assert style.fonts["kai"].latin == "song"
    fonts = FontSet(style, FONTS)
    kai, song = fonts.face("kai"), fonts.face("song")
    assert "Kai" in kai.name and ord("2") not in kai.glyphs and ord("年") in kai.glyphs
    (line,) = layout_paragraph([Run("2025年1月21日 AI")], style.text["byline"], style, fonts, 400)
    faces = {line.text[a:b]: f for a, b, f in line.runs}
    assert all(f is song for t, f in faces.items() if any(c.isascii() and c.isalnum() for c in t))
    assert all(f is kai for t, f in faces.items() if "年" in t)
    assert fonts.missing("2025年AI", "kai") == set()
    assert fonts.missing("2025年\u2252", "kai") == {"\u2252"}


def test_latin_must_name_another_family(tmp_path):
    from bulletin_press.errors import BuildError
    from bulletin_press.source import load_style
    root = FONTS.parent
    (tmp_path / "styles").mkdir()
    (tmp_path / "fonts").symlink_to(FONTS)
    text = (root / "styles" / "chuangxin.yaml").read_text(encoding="utf-8")
    (tmp_path / "styles" / "chuangxin.yaml").write_text(text.replace("latin: song", "latin: sng"),
                                                        encoding="utf-8")
    try:
        load_style(tmp_path, "chuangxin")
    except BuildError as e:
        assert any("kai.latin is 'sng'" in p.what for p in e.problems)
    else:
        raise AssertionError("a latin: naming no family was accepted")
