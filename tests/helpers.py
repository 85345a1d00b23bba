"""Helpers the tests share: the mini content, the command run in this process or as its own, the stages run on
content made in memory, and checks that several modules make (fixtures live in conftest.py, browser parts in
browser.py)."""

from __future__ import annotations

import ctypes
import io
import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from explainer.catalogue import Catalogue, choose
from explainer.cli import main
from explainer.load import Document, Loaded, load_catalogues, parse_document
from explainer.model import Explainer
from explainer.pipeline import make_site
from explainer.problems import Position, Problem
from explainer.project import Project
from explainer.rebuild.session import Session
from explainer.resolve import resolve
from explainer.serve import Served, render_now
from explainer.validate import validate

REPO = Path(__file__).resolve().parent.parent

# A small valid content folder (relative path -> text); tests edit copies of it to make them wrong.
MINI = {
    "site.yaml": """\
title: Test headline
dek: A short standfirst.
description: A short description.
language: en
bylines:
  - name: Ann Writer
    role: Staff writer
publisher:
  name: Test News
published: 2022-09-21T20:00:00+00:00
sides:
  - {id: russia, label: Russia}
categories:
  - {id: announcement, label: Announcement}
  - {id: military, label: Military}
regions_page:
  title: The region
  menu: Regions
place_fields:
  - id: vote
    fields:
      - {id: announced, label: Vote announced, type: date}
      - {id: announced_by, label: Announced by, type: text}
      - {id: planned, label: When it was to be held, type: text}
map:
  geodata: map/ukraine.json
  title: Map of the region
  description: Luhansk, in the east.
  legend: The region the story covers
""",
    "map/ukraine.json": (REPO / "content" / "map" / "ukraine.json").read_text(encoding="utf-8"),
    "sources.yaml": """\
- id: nbc
  publisher: NBC News
  title: A report
  url: https://example.com/report
  date: 2022-09-21
""",
    "people.yaml": """\
- id: putin
  name: Vladimir Putin
  role: President of Russia
  affiliation: Russia
  side: russia
""",
    "regions.yaml": """\
- id: luhansk
  name: Luhansk
  kind: province
  area: eastern Ukraine
  status: Held by Russian-backed forces ([NBC](source:nbc)).
  vote:
    announced: 2022-09-20
    announced_by: separatist officials
    planned: over four days starting Friday
  sources: [nbc]
""",
    "timeline.yaml": """\
- id: address
  date: 2022-09-21
  time: 09:00+03:00
  title: The address
  summary: Putin spoke.
  category: announcement
  regions: [luhansk]
  people: [putin]
  featured: true
  sources: [nbc]
- id: counteroffensive
  date: 2022-09
  qualifier: mid
  title: Counteroffensive
  summary: Ukraine advanced.
  category: military
  sources: [nbc]
""",
    "quotes.yaml": """\
- id: bluff
  text: This is not a bluff.
  speaker: putin
  occasion: National address
  date: 2022-09-21
  language: ru
  translated: true
  featured: true
  sources: [nbc]
""",
    "figures.yaml": """\
- id: reservists
  value: "300,000"
  number: 300000
  label: reservists to be called up
  sources: [nbc]
""",
    "updates.yaml": "[]\n",
    "sections/announcement.md": """\
---
title: What was announced
order: 1
---
Putin announced a partial mobilization ([NBC](source:nbc)).
""",
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write files (relative path -> text) under root and return root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def copy_project(root: Path) -> Path:
    """A copy of the whole project at root (default content, layouts, assets, the package and build.py)."""
    for name in ("content", "layouts", "assets", "explainer"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "build.py", root / "build.py")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, by '/'-separated relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def previewed(project: Project, session: Session, changed: set[Path] | None = None) -> Served:
    """The project built into memory as the preview builds it (serve.Preview.rebuild): the pages it renders at
    once, the rest left to render when asked for; a page rendered late must find no problem."""
    site = make_site(project, session, changed)
    rendered, problems = render_now(site)
    assert site.ok and not [problem for problem in problems if problem.severity == "error"], problems
    return Served(site, rendered, late_problems)


def late_problems(problems: tuple[Problem, ...]) -> None:
    raise AssertionError(f"a page rendered late found problems: {problems}")


def everything(served: Served) -> dict[str, bytes]:
    """Every file the preview serves: each page left for later rendered as if asked for, and the files beside
    the pages."""
    for uri in list(served.pending):
        assert served.get(uri) is not None, uri
    served.files.update((output.uri, output.data) for output in served.site.beside())
    return served.files


# The command line, as a user runs it.

@dataclass(frozen=True, slots=True)
class Outcome:
    """What a run of the command left: its exit code and what it printed."""
    returncode: int
    stdout: str
    stderr: str


def command(*args: str, cwd: Path = REPO, checkout: Path | None = None) -> Outcome:
    """`python build.py ARGS` of a checkout (cwd unless given), run from cwd, in this process: the same code as the
    command's own process, without starting Python again."""
    out, err, here = io.StringIO(), io.StringIO(), os.getcwd()
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args), root=checkout or cwd, prog="python build.py")
    finally:
        os.chdir(here)
    return Outcome(code, out.getvalue(), err.getvalue())


def run_build(*args: str, cwd: Path = REPO, **options) -> Outcome:
    """`python build.py ARGS` as its own process, from cwd, for tests whose subject is the process (signals, limits,
    permissions, what a new process finds); options go to subprocess.run."""
    result = subprocess.run([sys.executable, str(cwd / "build.py"), *args], cwd=cwd, capture_output=True, text=True,
                            timeout=120, **options)
    return Outcome(result.returncode, result.stdout, result.stderr)


def build(content: Path, output: Path, *args: str) -> Outcome:
    """The build of a content folder, in this process, with the temp folder cut from the paths it prints (so
    they read 'content/…')."""
    outcome = command("build", "--content", str(content), "--output", str(output), *args)
    return Outcome(outcome.returncode, outcome.stdout, outcome.stderr.replace(f"{content.parent}/", ""))


def build_process(content: Path, output: Path, *args: str, **options) -> Outcome:
    """The same build as its own process, as an editor runs it."""
    outcome = run_build("--content", str(content), "--output", str(output), *args, **options)
    return Outcome(outcome.returncode, outcome.stdout, outcome.stderr.replace(f"{content.parent}/", ""))


# A spreadsheet's column is its letter: content/timeline.csv:14:C.
ERROR = re.compile(r"^(?P<file>content[^:]*?)(?::(?P<line>[1-9]\d*):(?P<col>[1-9]\d*|[A-Z]+))?: error: (?P<message>\S.*)$")
NOTE = re.compile(r"^content[^:]*?(?::[1-9]\d*:(?:[1-9]\d*|[A-Z]+))?: note: \S.*$")  # never fails a build, may come with errors
SUMMARY = re.compile(r"^\d+ errors?; the build stopped and dist/ was left as it was$")


def error_lines(stderr: str) -> list[re.Match[str]]:
    """Every error line, after checking that stderr holds only problem lines (errors and notes) and the closing count."""
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert lines and SUMMARY.match(lines[-1]), stderr
    matches = [ERROR.match(line) for line in lines[:-1] if not NOTE.match(line)]
    assert matches and all(matches), stderr
    return matches  # type: ignore[return-value]


def errors_of(stderr: str) -> list[str]:
    """The problem lines of a command's stderr, as printed."""
    return [match.group(0) for match in error_lines(stderr)]


PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def as_plain_user() -> None:
    """In the child before exec: give up root's power to read and write any file, so permissions mean what they say.

    Tests often run as root in CI containers, where chmod 000 stops nothing. Dropping the two capabilities from the
    bounding set makes the exec'd build an ordinary process for file permissions (uid 0 still owns its own files,
    so tests use modes that shut out the owner too)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


UNSAFE_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
LAYOUT_SCRIPT = re.compile(r"^(\.\./)*assets/[\w-]+\.[0-9a-f]{10}\.js$")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcdoc", "poster", "{http://www.w3.org/1999/xlink}href"}


def assert_inert_html(document: lxml_html.HtmlElement, where: str) -> None:
    """No script but JSON-LD, no frames or objects, no event handler, no script or data URL."""
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in ("iframe", "object", "embed", "frame", "form"), (where, element.tag)
        if element.tag == "script" and element.get("src") is not None:  # the layouts' own scripts, from assets/
            assert LAYOUT_SCRIPT.match(element.get("src")) and not (element.text or "").strip(), where
        elif element.tag == "script":
            assert element.get("type") == "application/ld+json", where
            assert "<" not in (element.text or ""), f"{where}: JSON-LD can close its script element"
            json.loads(element.text)
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, element.tag, name, value)
            assert not (name in URL_ATTRIBUTES and UNSAFE_URL.match(value)), (where, element.tag, name, value)


# The stages on content made in memory.

def document(name: str, text: str) -> Document:
    """A content file as load would read it from content/NAME."""
    made, problems = parse_document(text.encode(), f"content/{name}")
    assert made is not None, problems
    return made


def loaded(files: dict[str, str]) -> Loaded:
    """Content files (name inside content/ -> text) as the load stage gives them, without layouts or assets."""
    return Loaded({name: document(name, text) for name, text in sorted(files.items())}, {}, ())


def explainer_of(files: dict[str, str]) -> tuple[Explainer | None, list[Problem]]:
    """Validate and resolve content made in memory; the problems of both stages."""
    draft, problems = validate(loaded(files))
    made, found = resolve(draft)
    return made, problems + found


def words(language: str = "en") -> Catalogue:
    """The package's interface catalogue for a language."""
    catalogues, problems = load_catalogues(Project.at(REPO))
    found, problems = choose(language, catalogues, ("content/site.yaml", Position(1, 1)))
    assert found is not None, problems
    return found


def build_mini(tmp_path: Path, **files: str) -> tuple[int, list[str], Path]:
    """The real command on MINI with these files: exit code, stderr lines, the output folder."""
    content = write_tree(tmp_path / "content", {**MINI, **files})
    result = command("--content", str(content), "--output", str(tmp_path / "dist"))
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.replace(f"{tmp_path}/", "").splitlines(), tmp_path / "dist"


def page(path: Path) -> lxml_html.HtmlElement:
    """A built page, parsed."""
    return lxml_html.fromstring(path.read_bytes())
