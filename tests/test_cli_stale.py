"""Stale outputs: every PDF records its sources' digest; a command that uses an
existing PDF rebuilds it when the sources changed, and a build that writes some
variants removes the others of the same issue made from older sources."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from bulletin_press.source.digest import source_files, sources_digest, style_file
from conftest import TINY_KEY, run_cli as run

KEY = TINY_KEY


@pytest.fixture
def proj(tiny) -> Path:
    return tiny


def pdf(root: Path, variant: str) -> Path:
    return root / "build" / f"{KEY}-{variant}.pdf"


def recorded(path: Path) -> str | None:
    v = (PdfReader(str(path)).metadata or {}).get("/BulletinPressSources")
    return None if v is None else str(v)


def edit(root: Path) -> None:
    art = root / "issues" / KEY / "01-wenzhang.md"
    art.write_text(art.read_text(encoding="utf-8").replace("初步形成", "基本形成"), encoding="utf-8")


def test_every_pdf_records_its_sources_and_stays_byte_identical(proj, tmp_path_factory):
    res = run(proj, "build", KEY, "--impose")
    assert res.exit_code == 0, res.output
    digest = sources_digest(proj, KEY, proj / "build")
    for v in ("screen", "print", "imposed"):
        assert recorded(pdf(proj, v)) == digest, v
    first = {v: pdf(proj, v).read_bytes() for v in ("screen", "print")}
    other = tmp_path_factory.mktemp("again")
    res = run(proj, "build", KEY, "-o", str(other))
    assert res.exit_code == 0, res.output
    for v, data in first.items():
        assert (other / f"{KEY}-{v}.pdf").read_bytes() == data, v
    edit(proj)
    assert sources_digest(proj, KEY) != digest


def test_the_digest_follows_contents_not_dates(proj):
    d0 = sources_digest(proj, KEY)
    art = proj / "issues" / KEY / "01-wenzhang.md"
    later = time.time() + 3600
    os.utime(art, (later, later))
    assert sources_digest(proj, KEY) == d0
    (proj / "issues" / KEY / ".01-wenzhang.md.swp").write_bytes(b"editor swap")
    (proj / "issues" / KEY / "01-wenzhang.md~").write_bytes(b"backup")
    assert sources_digest(proj, KEY) == d0
    # what a lock records and the archive copy carries leaves them out too
    from bulletin_press.source import load_issue
    from bulletin_press.source.issuefiles import attachments, source_digests
    issue = load_issue(proj, KEY, [])
    kept = set(source_digests(proj, issue)) | {name for name, _, _ in attachments(proj, issue)}
    assert f"issues/{KEY}/01-wenzhang.md" in kept
    assert not any(n.endswith(("~", ".swp")) for n in kept), kept
    names = {p.relative_to(proj).as_posix() for p in source_files(proj, KEY)}
    assert {f"issues/{KEY}/01-wenzhang.md", f"issues/{KEY}/issue.yaml", "issues/publication.yaml",
            "fonts/manifest.json", "fonts/NotoSerifSC-Regular.ttf",
            "issues/2025-04/issue.yaml"} <= names       # 2025-04 gives the serial
    assert style_file(proj, KEY) == proj / "styles" / "chuangxin.yaml"   # hashed by content
    assert "issues/2025-04/01-zhici.md" not in names
    for change in ("issues/publication.yaml", "styles/chuangxin.yaml", "issues/2025-04/issue.yaml"):
        p = proj / change
        old = p.read_bytes()
        p.write_bytes(old + b"\n# changed\n")
        assert sources_digest(proj, KEY) != d0, change
        p.write_bytes(old)
    assert sources_digest(proj, KEY) == d0


def test_impose_rebuilds_a_print_pdf_made_from_older_sources(proj):
    assert run(proj, "build", KEY).exit_code == 0
    old_print = pdf(proj, "print").read_bytes()
    res = run(proj, "impose", KEY)                  # up to date: used as it is
    assert res.exit_code == 0, res.output
    assert pdf(proj, "print").read_bytes() == old_print
    assert "pages →" not in res.output              # no build summary: nothing was rebuilt
    edit(proj)
    res = run(proj, "impose", KEY)
    assert res.exit_code == 0, res.output
    now = sources_digest(proj, KEY, proj / "build")
    assert recorded(pdf(proj, "print")) == now and pdf(proj, "print").read_bytes() != old_print
    assert recorded(pdf(proj, "imposed")) == now


def test_impose_of_a_broken_issue_keeps_the_old_pdfs(proj):
    assert run(proj, "build", KEY, "--impose").exit_code == 0
    before = {p.name: p.read_bytes() for p in (proj / "build").iterdir()}
    (proj / "issues" / KEY / "issue.yaml").write_text("- a\n", encoding="utf-8")
    res = run(proj, "impose", KEY)
    assert res.exit_code == 1 and f"issues/{KEY}/issue.yaml:1" in res.output, res.output
    assert {p.name: p.read_bytes() for p in (proj / "build").iterdir()} == before


@pytest.mark.parametrize("how", ["build --screen-only", "preview", "watch --screen-only"])
def test_a_new_screen_pdf_never_sits_beside_an_old_print_pdf(proj, how):
    assert run(proj, "build", KEY, "--impose").exit_code == 0
    args = {"build --screen-only": ["build", KEY, "--screen-only"],
            "preview": ["preview", KEY, "--dpi", "20"],
            "watch --screen-only": ["watch", KEY, "--screen-only", "--max-builds", "1"]}[how]
    # the sources unchanged: the print PDF is still theirs and stays
    res = run(proj, *args)
    assert res.exit_code == 0, res.output
    assert pdf(proj, "print").is_file() and pdf(proj, "imposed").is_file()
    edit(proj)
    res = run(proj, *args)
    assert res.exit_code == 0, res.output
    assert recorded(pdf(proj, "screen")) == sources_digest(proj, KEY, proj / "build")
    assert not pdf(proj, "print").exists() and not pdf(proj, "imposed").exists()
    assert f"removed {pdf(proj, 'print')}" in res.output and "older sources" in res.output


def test_preview_rebuilds_only_a_stale_screen_pdf(proj):
    assert run(proj, "build", KEY, "--screen-only").exit_code == 0
    screen = pdf(proj, "screen")
    t0 = screen.stat().st_mtime_ns
    res = run(proj, "preview", KEY, "--dpi", "20")
    assert res.exit_code == 0 and screen.stat().st_mtime_ns == t0, res.output
    edit(proj)
    res = run(proj, "preview", KEY, "--dpi", "20")
    assert res.exit_code == 0 and screen.stat().st_mtime_ns != t0, res.output


def test_preflight_says_when_a_pdf_is_older_than_its_sources(proj):
    assert run(proj, "build", KEY).exit_code == 0
    res = run(proj, "preflight", str(pdf(proj, "print")))
    assert res.exit_code == 0 and "older sources" not in res.output, res.output
    edit(proj)
    res = run(proj, "preflight", str(pdf(proj, "print")))
    assert res.exit_code == 0, res.output            # the file itself still passes
    assert "made from older sources" in res.output and f"bulletin-press build {KEY}" in res.output
