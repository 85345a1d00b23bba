"""Property tests: random edits to the mini content and random content trees either build a valid site or fail with
clean 'file:line:col: error:' lines and exit 1, leaving the last good dist/ as it was; never a traceback."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from helpers import MINI, assert_inert_html, build, error_lines, snapshot, write_tree

SETTINGS = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Pieces an editor (or a paste from the web) might put anywhere.
TOKENS = [":", ": ", "- ", "  ", "\t", "\n", "[", "]", "{", "}", ",", "#", "&a ", "*a", "<<: ", "|", ">", "'", '"',
          "\\", "%", "@", "`", "---", "yes", "no", "on", "off", "~", "null", "12:30", "010", "0x1f", "1e3", "-1",
          "2022-02-30", "2022-09", "2022-09-21T20:00:00", "+03:00", "Z", "!!python/object/apply:os.system ['touch PWNED']",
          "!include x", "!!binary aGk=", "source:nbc", "source:", "(source:nope)", "<script>alert(1)</script>",
          "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "[x](java&#115;cript:alert(1))",
          "![x](data:x)", "\ufeff", "\x00", "\x85", "\u2028", "é", "😀", "id: x", "speaker: ", "sources: [nbc]",
          '"\\x00"', '"\\n"', "=HYPERLINK(1)", "{{ 7*7 }}", "9" * 30]
PIECES = st.one_of(st.sampled_from(TOKENS), st.text(max_size=8))


def lines_of(text: str) -> list[str]:
    return text.split("\n")


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, str]:
    """One file of the mini content, changed by one to three random edits."""
    name = draw(st.sampled_from(sorted(MINI)))
    text = MINI[name]
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["insert", "delete", "replace-line", "duplicate-line", "drop-line", "swap-lines"]))
        lines = lines_of(text)
        at = draw(st.integers(0, len(text)))
        row = draw(st.integers(0, len(lines) - 1))
        other = draw(st.integers(0, len(lines) - 1))
        if kind == "insert":
            text = text[:at] + draw(PIECES) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)):]
        elif kind == "replace-line":
            lines[row] = draw(st.text(max_size=3)) + draw(PIECES) + draw(PIECES)
            text = "\n".join(lines)
        elif kind == "duplicate-line":
            text = "\n".join(lines[:row + 1] + lines[row:])
        elif kind == "drop-line":
            text = "\n".join(lines[:row] + lines[row + 1:])
        else:
            lines[row], lines[other] = lines[other], lines[row]
            text = "\n".join(lines)
    return name, text


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The mini content's site, built once: each example starts from a copy of it as its last good dist/."""
    root = tmp_path_factory.mktemp("good")
    content = write_tree(root / "content", MINI)
    assert build(content, root / "dist").returncode == 0
    return root / "dist", snapshot(root / "dist")


def assert_valid_site(output: Path) -> None:
    """Every page parses and is inert; the feed is XML; the JSON and CSV exports parse."""
    pages = sorted(output.rglob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        assert_inert_html(lxml_html.fromstring(page.read_bytes()), page.name)
    ET.parse(output / "feed.xml")
    for path in output.glob("data/*.json"):  # TimelineJS's file has its events where ours have records
        data = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "source-cards.json":  # not open data: the source cards' list, one source each
            assert isinstance(data, list) and all(card["uri"] for card in data)
        else:
            assert data["events" if path.name == "timelinejs.json" else "records"] is not None
    for path in output.glob("data/*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert all(not cell[:1] or cell[0] not in "=+-@" for row in rows[1:] for cell in row if not is_number(cell))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def check_build(files: dict[str, str | bytes], good: tuple[Path, dict[str, bytes]]) -> None:
    """Build files over a copy of the last good site: a valid new site, or clean errors and the old site."""
    good_output, good_site = good
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, data in files.items():
            path = root / "content" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        output = root / "dist"
        shutil.copytree(good_output, output)
        outcome = build(root / "content", output)
        event(f"exit {outcome.returncode}")
        assert not (root / "PWNED").exists() and not Path("PWNED").exists()
        if outcome.returncode == 0:
            assert_valid_site(output)
        else:
            assert outcome.returncode == 1, outcome
            error_lines(outcome.stderr)
            assert snapshot(output) == good_site


@SETTINGS
@given(change=edits())
def test_random_edits_build_a_valid_site_or_fail_cleanly(change, good):
    name, text = change
    check_build({**MINI, name: text}, good)


@SETTINGS
@given(change=edits(), raw=st.binary(min_size=1, max_size=4))
def test_random_bytes_in_a_file_fail_cleanly_or_build(change, raw, good):
    name, text = change
    data = text.encode("utf-8")
    check_build({**MINI, name: data[:len(data) // 2] + raw + data[len(data) // 2:]}, good)


# Random content trees: items that start valid and are then broken a little, dumped as YAML.
SOURCE_IDS = ["nbc", "bbc", "tass"]
PERSON_IDS = ["putin", "zelensky", "Bad Id"]
REGION_IDS = ["luhansk", "donetsk", "kherson", "crimea"]
TEXT = st.one_of(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30),
                 st.sampled_from(TOKENS))
DATES = st.one_of(st.dates().map(lambda d: d.isoformat()), st.sampled_from(["2022-09", "2022", "2022-02-30", "09/21"]))
MOMENTS = st.builds(lambda day, minutes: datetime.combine(day, datetime.min.time(), timezone(timedelta(minutes=minutes)))
                    .isoformat(), st.dates(), st.integers(-23 * 60, 23 * 60))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT, st.just([]), st.just({}))


def ids(pool: list[str]) -> st.SearchStrategy[list[str]]:
    """References, most often to the first id of the pool (the one every tree has)."""
    return st.lists(st.sampled_from([pool[0]] * 3 + pool), min_size=1, max_size=3)


# One valid fact of each referable kind, so that references have something to point at.
ANCHORS = {
    "sources": {"id": "nbc", "publisher": "NBC News", "title": "A report", "url": "https://example.com/report",
                "date": "2022-09-21"},
    "people": {"id": "putin", "name": "Vladimir Putin", "role": "President", "affiliation": "Russia", "side": "russia"},
    "regions": {"id": "luhansk", "name": "Luhansk", "kind": "province", "area": "east", "status": "Held.",
                "sources": ["nbc"]},
}


TEMPLATES: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "sources": st.fixed_dictionaries({"id": st.sampled_from(SOURCE_IDS), "publisher": TEXT, "title": TEXT,
                                      "url": st.sampled_from(["https://example.com/a", "http://x.test/?q=<b>", "ftp://x"]),
                                      "date": DATES}),
    "people": st.fixed_dictionaries({"id": st.sampled_from(PERSON_IDS), "name": TEXT, "role": TEXT,
                                     "affiliation": TEXT, "side": st.sampled_from(["russia", "ukraine", "united-states", "civil-society", "nato"])}),
    "regions": st.fixed_dictionaries({"id": st.sampled_from(REGION_IDS), "name": TEXT, "kind": TEXT, "area": TEXT,
                                      "status": TEXT, "sources": ids(SOURCE_IDS)}),
    "timeline": st.fixed_dictionaries({"id": st.sampled_from(["a", "b", "c-d"]), "date": DATES, "title": TEXT,
                                       "summary": TEXT, "category": st.sampled_from(["military", "protest", "legal", "context", "war"]),
                                       "sources": ids(SOURCE_IDS)},
                                      optional={"time": st.sampled_from(["09:00+03:00", "12:30", "23:59Z"]),
                                                "regions": ids(REGION_IDS), "people": ids(PERSON_IDS),
                                                "featured": st.booleans()}),
    "quotes": st.fixed_dictionaries({"id": st.sampled_from(["q", "r"]), "text": TEXT,
                                     "speaker": st.sampled_from(PERSON_IDS), "occasion": TEXT, "date": DATES,
                                     "language": st.sampled_from(["en", "ru", "uk", "und", "EN"]), "sources": ids(SOURCE_IDS)},
                                    optional={"context": TEXT, "translated": st.booleans(), "featured": st.booleans()}),
    "figures": st.fixed_dictionaries({"id": st.sampled_from(["f", "g"]), "value": TEXT, "label": TEXT,
                                      "sources": ids(SOURCE_IDS)}, optional={"number": st.integers(), "detail": TEXT}),
    "updates": st.fixed_dictionaries({"date": MOMENTS, "kind": st.sampled_from(["update", "correction"]),
                                      "text": TEXT}),
}
SITE = st.fixed_dictionaries({"title": TEXT, "dek": TEXT, "description": TEXT, "language": st.just("en"),
                              "bylines": st.just([{"name": "Ann Writer"}]), "publisher": st.just({"name": "News"}),
                              "published": MOMENTS})


@st.composite
def broken(draw: st.DrawFn, item: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """An item with, sometimes, one field dropped, one replaced by a random value, or one unknown field added."""
    data = draw(item)
    change = draw(st.sampled_from(["none"] * 6 + ["drop", "retype", "add"]))
    key = draw(st.sampled_from(sorted(data)))
    if change == "drop":
        del data[key]
    elif change == "retype":
        data[key] = draw(SCALARS)
    elif change == "add":
        data[draw(st.sampled_from(["speakr", "titel", "notes", key.upper()]))] = draw(SCALARS)
    return data


def dumped(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def trees(draw: st.DrawFn) -> dict[str, str]:
    """A whole content folder: the site file, every collection (some split across files), a few sections."""
    files = {"site.yaml": dumped(draw(broken(SITE)))}
    for name, item in TEMPLATES.items():
        items = ([ANCHORS[name]] if name in ANCHORS else []) + draw(st.lists(broken(item), max_size=3))
        if items and draw(st.booleans()):
            files[f"{name}/part one.yaml"] = dumped(items[:1])
            items = items[1:]
        files[f"{name}.yaml"] = dumped(items)
    for stem in draw(st.lists(st.sampled_from(["intro", "what-next", "more", "Bad Name", "été"]), max_size=3, unique=True)):
        front = dumped(draw(broken(st.fixed_dictionaries({"title": TEXT, "order": st.integers(0, 9)}))))
        files[f"sections/{stem}.md"] = f"---\n{front}---\n{draw(TEXT)} [src](source:{draw(st.sampled_from(SOURCE_IDS))})\n"
    for stem in draw(st.lists(st.sampled_from(["about", "index", "How"]), max_size=2, unique=True)):
        front = dumped(draw(broken(st.fixed_dictionaries({"title": TEXT}, optional={"description": TEXT}))))
        files[f"pages/{stem}.md"] = f"---\n{front}---\n# {draw(TEXT)}\n\n{draw(TEXT)}\n"
    return files


@SETTINGS
@given(files=trees())
def test_random_content_trees_build_a_valid_site_or_fail_cleanly(files, good):
    check_build(files, good)
