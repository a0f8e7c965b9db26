"""issues/YYYY-NN/issue.yaml and everything it names → model.Issue."""
from __future__ import annotations

from pathlib import Path

from ..errors import BuildError, Problem
from ..model import Back, Issue, Note, Pos
from .article import load_article
from .markdown import Ctx, parse_blocks
from .paths import IMAGE_SUFFIXES, resolve_inside
from .placeholders import placeholder_problems
from .publication import BACK, load_publication, read_yaml_mapping
from .root import KEY, require_issue_folder
from .schema import F, check, suggest
from .serial import missing_serial, serial_info
from .titlebreak import split_breaks
from .yamlfile import LDict, LList

ISSUE = {
    "year": F("int"),
    "number": F("int"),
    "serial": F("int"),
    "follows": F("str"),
    "date": F("date", required=True),
    "theme": F("str"),
    "theme_part": F("str"),
    "note": F("map"),
    "articles": F("list", required=True),
    "back": F("map"),
    "style": F("str"),
}
NOTE = {"title": F("str", required=True), "body": F("str", required=True)}
QR_MAX_BYTES = 2953      # the largest QR code (version 40, level L) in byte mode


def shown_issue(key: str) -> str:
    return f"issues/{key}/issue.yaml"


# ---------------------------------------------------------------- back

def merge_back(pub_back: dict, issue_back: LDict | None, folder: Path, issues: Path,
               issue_shown: str, problems: list[Problem]) -> Back:
    """publication.yaml's back, overridden key by key by issue.yaml's back."""
    merged: dict = {}
    where: dict = {}
    for source in (pub_back, issue_back):
        if not isinstance(source, LDict):
            continue
        values = check(source, BACK, [], what="back")  # problems were reported by each file's check
        for key, value in values.items():
            merged[key] = value
            where[key] = source.vat(key)
    qr, qr_image = merged.get("qr"), None
    if qr is not None:
        text = qr.strip()
        looks_like_file = "://" not in text and Path(text).suffix.lower() in IMAGE_SUFFIXES
        if looks_like_file:
            found = None
            for base, inside in ((folder, folder), (issues, issues)):
                found = resolve_inside(inside, text, where["qr"], [], what="qr", base=base)
                if found is not None:
                    break
            if found is None:
                problems.append(Problem(where["qr"], f"qr names an image ({text}) that is in neither the "
                                                     f"issue folder nor issues/",
                                        "save the image there, or give the text (e.g. a web address) to encode"))
            qr_image, qr = found, None
        elif len(text.encode("utf-8")) > QR_MAX_BYTES:
            problems.append(Problem(where["qr"], f"qr: the text is {len(text.encode('utf-8'))} bytes; "
                                                 f"a QR code holds at most {QR_MAX_BYTES}",
                                    "shorten the address (a short link), or give an image of the code"))
    return Back(qr=qr, qr_image=qr_image, qr_caption=merged.get("qr_caption"),
                editor_in_chief=merged.get("editor_in_chief"), reviewers=merged.get("reviewers", []),
                submitted_to=merged.get("submitted_to"), distributed_to=merged.get("distributed_to"),
                address=merged.get("address"), postcode=merged.get("postcode"),
                phone=merged.get("phone"), email=merged.get("email"))


# ---------------------------------------------------------------- issue

def load_issue(root: Path, key: str, warnings: list[Problem] | None = None) -> Issue:
    """Read and validate everything issue `key` is made of.

    Raises BuildError with every problem found; appends warnings (severity
    "warning") to `warnings` when given."""
    root = Path(root)
    problems: list[Problem] = []
    warns: list[Problem] = []
    issues = root / "issues"
    folder = issues / key
    shown = shown_issue(key)
    require_issue_folder(root, key)

    pub = load_publication(root, problems)
    data = read_yaml_mapping(folder / "issue.yaml", shown, problems, shown)
    if data is None:
        raise BuildError(problems)
    v = check(data, ISSUE, problems, what=shown)
    warns.extend(placeholder_problems((folder / "issue.yaml").read_text(encoding="utf-8", errors="replace"),
                                      shown, "issue"))

    year, number = int(key[:4]), int(key[5:])
    if "year" in v and v["year"] != year:
        warns.append(Problem(data.vat("year"), f"year: {v['year']} does not match the folder name {key}",
                             f"rename the folder or write year: {year}", severity="warning"))
    if "number" in v and v["number"] != number:
        warns.append(Problem(data.vat("number"), f"number: {v['number']} does not match the folder name {key}",
                             f"rename the folder or write number: {number}", severity="warning"))
    year, number = v.get("year", year), v.get("number", number)
    if "date" in v and abs(v["date"].year - year) > 0 and not (v["date"].year == year + 1
                                                              and v["date"].month == 1):
        warns.append(Problem(data.vat("date"), f"date: {v['date'].isoformat()} is not in {year}, "
                             f"the year of issue {key}", f"check the year: {year}-…", severity="warning"))

    if "follows" in v:
        f = v["follows"].strip()
        if not KEY.match(f) or f >= key:
            problems.append(Problem(data.vat("follows"), f"follows: {f} is not an earlier issue key",
                                    f"name the issue printed just before {key}, as YYYY-NN (e.g. 2024-12)"))
    if "serial" in v and v["serial"] < 1:
        problems.append(Problem(data.vat("serial"), f"serial: {v['serial']} is not a serial (总第N期)",
                                "the serial counts every issue ever printed, from 1"))
    info = serial_info(root, key, warns)
    serial = info.serial
    if serial is None and data.get("serial") is None:
        problems.append(missing_serial(key, info, data.pos))

    style = v.get("style") or (pub.style if pub else None)
    if style and not (root / "styles" / f"{style}.yaml").is_file():
        names = sorted(p.stem for p in (root / "styles").glob("*.yaml") if p.is_file())
        best = suggest(style, names)
        at = data.vat("style") if "style" in v else Pos("issues/publication.yaml")
        if (root / "styles" / f"{style}.yaml").is_dir():
            what, fix = (f"style '{style}': styles/{style}.yaml is a folder, not a file",
                         f"move the folder away and restore styles/{style}.yaml")
        elif not (root / "styles").is_dir():
            what, fix = (f"style '{style}' not found: there is no styles/ folder",
                         "restore styles/ from the project (e.g. `git checkout -- styles`)")
        else:
            what = f"style '{style}' not found in styles/"
            fix = f"did you mean '{best}'?" if best else "styles: " + (", ".join(names) or "none")
        problems.append(Problem(at, what, fix))

    note = None
    if "note" in v:
        note = _note(v["note"], folder, key, shown, problems, warns)

    back_data = data.get("back")
    if isinstance(back_data, LDict):
        check(back_data, BACK, problems, what=f"back: in {shown}")
    back = merge_back(pub.back if pub else {}, back_data if isinstance(back_data, LDict) else None,
                      folder, issues, shown, problems)

    articles = _articles(data, v, folder, key, problems, warns)

    theme, theme_breaks = v.get("theme"), ()
    if theme:
        theme, theme_breaks = split_breaks(theme, data.vat("theme"), "theme", problems)

    if warnings is not None:
        warnings.extend(warns)
    if problems or pub is None:
        raise BuildError(problems)
    return Issue(folder=folder, key=key, year=year, number=number, serial=serial, date=v["date"],
                 theme=theme, theme_part=v.get("theme_part"), note=note, articles=articles,
                 back=back, style=style, publication=pub, theme_breaks=theme_breaks,
                 theme_pos=data.vat("theme") if "theme" in v else None)


def _note(data: LDict, folder: Path, key: str, shown: str, problems, warns) -> Note | None:
    v = check(data, NOTE, problems, what="note: in " + shown)
    if "body" not in v:
        return None
    vpos = data.vat("body")
    # a block scalar (| or >) starts on the line after its indicator
    line_offset = vpos.line if data.style.get("body") in ("|", ">") else vpos.line - 1
    ctx = Ctx(file=shown, folder=folder, root_display=f"issues/{key}/", line_offset=line_offset)
    blocks = parse_blocks(v["body"], ctx)
    if ctx.notes:
        ctx.error(ctx.notes[0].pos, "a footnote in the editor's note",
                  "footnotes print at the end of an article; write the note's remark in its text")
    problems.extend(ctx.problems)
    warns.extend(ctx.warnings)
    if not blocks:
        problems.append(Problem(vpos, "the note's body is empty", "write the note, or remove note:"))
    return Note(v.get("title", ""), blocks, data.pos)


def _articles(data: LDict, v: dict, folder: Path, key: str, problems, warns):
    out = []
    names = v.get("articles")
    if names is None:
        return out
    if not names:
        problems.append(Problem(data.at("articles"), "the issue lists no articles",
                                "list the article files under articles:, in print order"))
    seen: dict[str, Pos] = {}
    listed: set[Path] = set()
    same_file = _FileNames(folder)
    shown_root = folder.resolve()
    for k, name in enumerate(names):
        pos = names.at(k) if isinstance(names, LList) else data.at("articles")
        if not isinstance(name, str):
            problems.append(Problem(pos, f"article entry {name!r} is not a file name",
                                    "write one file name per line: - 01-name.md"))
            continue
        name = name.strip()
        # one article, two names (./02-x.md, 02-x.md, sub/../02-x.md): compare the files
        same = next((n for n in seen if same_file(n, name)), None)
        if same is not None:
            also = f" (as {same})" if same != name else ""
            problems.append(Problem(pos, f"article {name} is listed twice{also}, first on line "
                                         f"{seen[same].line}", "list each article once"))
            continue
        seen[name] = pos
        path = resolve_inside(folder, name, pos, problems, what=f"article {name}", suffixes=(".md",))
        if path is None:
            continue
        listed.add(path)
        art_shown = f"issues/{key}/{path.relative_to(shown_root).as_posix()}"
        art = load_article(path, folder, art_shown, f"issues/{key}/", problems, warns)
        if art is not None:
            out.append(art)
    for md in sorted(folder.glob("*.md")):
        if md.resolve() not in listed and not any(same_file(n, md.name) for n in seen):
            warns.append(Problem(Pos(f"issues/{key}/{md.name}"), "this article is not listed in issue.yaml, "
                                 "so it is not printed", f"add `- {md.name}` under articles: in issue.yaml, "
                                 "or move the file out of the issue folder", severity="warning"))
    return out


class _FileNames:
    """`same(a, b)`: are two names in issue.yaml the same file in the issue folder?
    The same name, the same path once resolved, or the same file on the disk (device
    and inode, as Path.samefile compares them: a hard link, a folder linked in).
    Each name is resolved and looked up once, not once for every pair of names."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._known: dict[str, tuple[Path, tuple[int, int] | None]] = {}

    def _ident(self, name: str):
        got = self._known.get(name)
        if got is None:
            path = (self.folder / name).resolve()
            try:
                st = path.stat()
                disk = (st.st_dev, st.st_ino)
            except (OSError, ValueError):
                disk = None
            got = self._known[name] = (path, disk)
        return got

    def __call__(self, a: str, b: str) -> bool:
        if a == b:
            return True
        (pa, da), (pb, db) = self._ident(a), self._ident(b)
        return pa == pb or (da is not None and da == db)
