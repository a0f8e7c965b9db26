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
