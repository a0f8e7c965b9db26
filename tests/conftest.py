import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample issue 2025-04, built once for the whole session (both variants)."""
    from bulletin_press.pipeline import build
    out = tmp_path_factory.mktemp("build")
    res = build(ROOT, "2025-04", out)
    return res


def copy_project(dst: Path) -> Path:
    """A throwaway copy of the project's sources (issues, styles, fonts as links)."""
    shutil.copytree(ROOT / "issues", dst / "issues")
    shutil.copytree(ROOT / "styles", dst / "styles")
    (dst / "fonts").symlink_to(ROOT / "fonts")
    return dst


def torture_project(dst: Path) -> Path:
    """A project copy with the page engine's torture issue 2099-01 (tests/fixtures):
    eleven articles short and long, tables small and splittable, charts, a speech,
    a paragraph longer than a page."""
    copy_project(dst)
    shutil.copytree(ROOT / "tests" / "fixtures" / "2099-01", dst / "issues" / "2099-01")
    return dst


def allow_blank_pages(root: Path) -> Path:
    """Let a draft issue shorter than a booklet build: the style's page.pad: blank
    (the default, fit, stops with what to cut or add instead of padding)."""
    path = root / "styles" / "chuangxin.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^  pad: \w+", "  pad: blank", text), encoding="utf-8")
    return root


def python_output(code: str, *args: str, env: dict | None = None) -> str:
    """What `python -c code args…` prints, run in a fresh interpreter (this one's):
    for what a process imports or keeps from its start."""
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=True, env=env).stdout


def run_cli(root: Path, *args: str):
    """bulletin-press --root ROOT ARGS…, in process; never a traceback."""
    from click.testing import CliRunner

    from bulletin_press.cli import main
    res = CliRunner().invoke(main, ["--root", str(root), *args])
    assert "Traceback" not in res.output, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res


@pytest.fixture
def proj(tmp_path) -> Path:
    """A throwaway copy of the project to run commands in."""
    return copy_project(tmp_path)


TINY_KEY = "2025-05"
TINY_ARTICLE = """\
---
title: 以制造业数智化转型筑牢产业根基
author: 孟可欣
---
制造业是实体经济的主体，是立省之本、强省之基。

## 一、转型的基础

全省累计建成5G基站超过20万个，工业互联网平台体系初步形成。
"""


def tiny_project(dst: Path) -> Path:
    """copy_project plus a one-article issue 2025-05 (fast to build: 4 pages)."""
    import datetime as dt

    from bulletin_press.source.newissue import create_issue
    allow_blank_pages(copy_project(dst))
    create_issue(dst, TINY_KEY, today=dt.date(2025, 5, 20))
    (dst / "issues" / TINY_KEY / "01-wenzhang.md").write_text(TINY_ARTICLE, encoding="utf-8")
    y = dst / "issues" / TINY_KEY / "issue.yaml"
    y.write_text(y.read_text(encoding="utf-8").replace("本期主题", "制造业数智化转型"), encoding="utf-8")
    return dst


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A throwaway project copy with the one-article issue 2025-05."""
    return tiny_project(tmp_path)


@pytest.fixture(scope="session")
def web_builds(tmp_path_factory):
    """The web and WeChat editions of every sample issue, built once for the session:
    {key: (WebResult, web folder, wechat folder)}."""
    from bulletin_press.pipeline import build_web
    out = tmp_path_factory.mktemp("web")
    built = {}
    for key in ("2024-12", "2025-03", "2025-04"):
        res = build_web(ROOT, key, out)
        built[key] = (res, res.outputs[0], res.outputs[1])
    return built
