"""The line-level figures of the proofreader's check, per issue, read back from the built PDFs.

    .venv/bin/python benchmarks/line_figures.py [2025-04 2025-03 2024-12 numbers]

`numbers` is tests/fixtures/numbers-article.md (numbers, units, Latin and digits) built as
a one-article issue in a scratch copy of the project.  Prints each issue's check summary
and where the splits and the widest spaces are.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from bulletin_press.output.layoutcheck import check_layout  # noqa: E402
from bulletin_press.pipeline import build, load  # noqa: E402
from bulletin_press.typeset.geometry import Geometry  # noqa: E402


def numbers_project(tmp: Path) -> Path:
    shutil.copytree(ROOT / "issues", tmp / "issues")
    shutil.copytree(ROOT / "styles", tmp / "styles")
    (tmp / "fonts").symlink_to(ROOT / "fonts")
    folder = tmp / "issues" / "2099-01"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "numbers-article.md", folder / "01-numbers.md")
    (folder / "issue.yaml").write_text(
        "year: 2099\nnumber: 1\nserial: 900\ndate: 2099-01-10\n"
        "theme: 以数字基础设施建设现代化河南 稳住经济大盘\narticles:\n  - 01-numbers.md\n",
        encoding="utf-8")
    return tmp


def figures(root: Path, key: str, out: Path) -> None:
    res = build(root, key, out, variants=("screen",))
    _, style, _ = load(root, key, [])
    geo = Geometry.for_style(style)
    rep = check_layout(res.outputs[0].read_bytes(), body_size=style.body.size, pitch=style.pitch,
                       left={i: geo.left(i) for i in range(1, res.pages + 1)},
                       width=geo.text_w, block_top=geo.block_top,
                       title_sizes=(style.text["title"].size, style.text["theme"].size))
    print(f"{key} ({res.pages} pages): {rep.summary()}")
    for what, items in (("number|unit", rep.unit_splits), ("亿|元", rep.money_splits),
                        ("title break", rep.title_breaks)):
        for item in items:
            print(f"    {what}: {item}")
    print(f"    widest Han–Latin space: {rep.worst_hl or '-'}; widest Han gap: {rep.worst_han or '-'}")


def main() -> None:
    keys = sys.argv[1:] or ["2025-04", "2025-03", "2024-12", "numbers"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for key in keys:
            if key == "numbers":
                figures(numbers_project(tmp / "proj"), "2099-01", tmp / "out")
            else:
                figures(ROOT, key, tmp / "out")


if __name__ == "__main__":
    main()
