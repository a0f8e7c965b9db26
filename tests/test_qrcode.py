"""The 报尾 QR code: our mask choice (typeset/qrcode.py) is reportlab's, module for module."""
from __future__ import annotations

import random
import string

import pytest

from bulletin_press.typeset import qrcode as Q

ENC = Q._qrencoder()


def _texts() -> list[str]:
    rnd = random.Random(14)
    out = ["https://example.org/chuangxin/follow", "0123456789", "HTTP://EXAMPLE.ORG/A-B",
           "创新资讯 扫码关注", "x",
           # a finder-like run ending at a row's last module (reportlab does not count it)
           "yIgKpaUnAr", "m1x72EsSfU"]
    alphabets = [string.ascii_letters + string.digits + "/:.-?=&_", string.digits,
                 string.ascii_uppercase + " $%*+-./:", "创新资讯报告研究中心一二三四"]
    for k in range(20):
        length = (1, 7, 18, 33, 50, 80)[k % 6]
        out.append("".join(rnd.choice(alphabets[k % 4]) for _ in range(length)))
    return out


def _qr(text: str, level: str):
    qr = ENC.QRCode(None, getattr(ENC.QRErrorCorrectLevel, level))
    qr.addData(text)
    return qr


def test_mask_scores_and_modules_are_reportlabs():
    """For texts of every mode and size (versions 1 to 10, with and without version
    bits) and every error level: each mask's penalty is the one reportlab computes,
    and the symbol made is reportlab's (same version, mask, modules)."""
    versions, masks = set(), set()
    for i, text in enumerate(_texts()):
        for level in "LMQH":
            ours = _qr(text, level)
            Q.make(ours)
            if i % 3 == 0:      # reportlab's own make() (its scoring is slow: not for every text)
                theirs = _qr(text, level)
                theirs.make()
                assert (ours.version, ours.modules) == (theirs.version, theirs.modules), (text, level)
            probe = _qr(text, level)
            probe.version = probe.calculate_version()
            points = []
            for mask in range(8):
                probe.makeImpl(True, mask)
                points.append(ENC.QRUtil.getLostPoint(probe))
            check = _qr(text, level)
            check.version = check.calculate_version()
            assert Q.lost_points(check) == points, (text, level)
            theirs = _qr(text, level)
            theirs.version = probe.version
            theirs.makeImpl(False, points.index(min(points)))     # what make() does with them
            assert ours.modules == theirs.modules, (text, level)
            versions.add(theirs.version)
            masks.add(points.index(min(points)))
    assert min(versions) == 1 and max(versions) >= 7 and len(masks) >= 6


def test_text_too_long_for_a_qr_code_is_a_message():
    from bulletin_press.errors import BuildError
    with pytest.raises(BuildError, match="cannot be encoded"):
        Q.qr_modules("x" * 4000, 60.0, 2, "M")
