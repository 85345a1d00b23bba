"""Hostile and broken content: one clear line per problem, exit 1, nothing executed, the last good dist/ untouched."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html

from explainer.typography import smarten
from helpers import (MINI, Outcome, as_plain_user, assert_inert_html, build, build_process, command, error_lines,
                     snapshot, write_tree)

Edits = dict[str, "str | bytes | tuple[str, str] | None"]


@dataclass(frozen=True, slots=True)
class Site:
    content: Path
    output: Path
    before: dict[str, bytes]  # the last good dist/, byte for byte


def assert_refused(outcome: Outcome, site: Site, where: str, pattern: str) -> None:
    """Exit 1; a line at `where` ('content/f', 'content/f:3' or 'content/f:3:9') says `pattern`; dist/ untouched."""
    assert outcome.returncode == 1, outcome
    found = [m for m in error_lines(outcome.stderr)
             if f"{m['file']}:{m['line']}:{m['col']}:".startswith(where + ":")]
    assert any(re.search(pattern, m["message"], re.IGNORECASE) for m in found), outcome.stderr
    assert snapshot(site.output) == site.before


def apply(content: Path, edits: Edits) -> None:
    """Change the mini content: a pair replaces text in the file, a str or bytes is the whole file, None deletes it."""
    for name, change in edits.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if change is None:
            path.unlink()
        elif isinstance(change, tuple):
            old, new = change
            assert old in MINI[name], f"fixture drifted: {old!r} not in {name}"
            path.write_text(MINI[name].replace(old, new, 1), encoding="utf-8")
        elif isinstance(change, bytes):
            path.write_bytes(change)
        else:
            path.write_text(change, encoding="utf-8")


@pytest.fixture
def site(mini_site: Path, tmp_path: Path) -> Site:
    """The mini content and a copy of its built site: the last good dist/ every case must leave alone."""
    content = write_tree(tmp_path / "content", MINI)
    output = shutil.copytree(mini_site, tmp_path / "dist")
    return Site(content, output, snapshot(output))


def first_event(text: str) -> str:
    return MINI["timeline.yaml"].split("- id: counteroffensive")[0].replace("id: address", text)


# name: (edits, where, what the message says)
YAML_CASES: dict[str, tuple[Edits, str, str]] = {
    "unclosed bracket": ({"timeline.yaml": ("title: The address", "title: [The address")}, "content/timeline.yaml:5",
                         r"expected ',' or ']'"),
    "unclosed quote": ({"people.yaml": ("name: Vladimir Putin", 'name: "Vladimir Putin')}, "content/people.yaml",
                       r"found unexpected end of stream|quote"),
    "text with ': ' unquoted": ({"people.yaml": ("role: President of Russia", "role: Note: President")},
                                "content/people.yaml:3:13", r"mapping values are not allowed"),
    "tab indentation": ({"people.yaml": ("  name: Vladimir Putin", "\tname: Vladimir Putin")},
                        "content/people.yaml:2:1", r"tab"),
    "duplicate key in an item": ({"people.yaml": ("  side: russia", "  side: russia\n  name: V. Putin")},
                                 "content/people.yaml:6:3", r"duplicate key 'name' \(first on line 2\)"),
    "duplicate key at the top": ({"site.yaml": ("language: en", "language: en\ntitle: Again")},
                                 "content/site.yaml:5:1", r"duplicate key 'title' \(first on line 1\)"),
    "a list where a mapping belongs": ({"people.yaml": "putin:\n  name: Vladimir Putin\n"}, "content/people.yaml:1:1",
                                       r"expected a list of people, got a mapping"),
    "text where a list belongs": ({"figures.yaml": ("sources: [nbc]", "sources: nbc")}, "content/figures.yaml:5:12",
                                  r"sources: expected a list, got 'nbc'"),
    "text where a number belongs": ({"sections/announcement.md": ("order: 1", "order: first")},
                                    "content/sections/announcement.md:3:8", r"order: expected a whole number, got 'first'"),
    "yes/no where a mapping belongs": ({"regions.yaml": ("  vote:\n    announced: 2022-09-20\n    announced_by: "
                                                         "separatist officials\n    planned: over four days starting "
                                                         "Friday\n", "  vote: yes\n")},
                                       "content/regions.yaml:6:9", r"vote: expected its fields \(announced, "
                                       r"announced_by, planned\), got 'yes'"),
    "yes is not a boolean": ({"quotes.yaml": ("featured: true", "featured: yes")}, "content/quotes.yaml:8:13",
                             r"featured: expected true or false, got 'yes'"),
    "on is not a boolean": ({"timeline.yaml": ("featured: true", "featured: on")}, "content/timeline.yaml:9:13",
                            r"featured: expected true or false, got 'on'"),
    "off is not a boolean": ({"quotes.yaml": ("translated: true", "translated: off")}, "content/quotes.yaml:7:15",
                             r"translated: expected true or false, got 'off'"),
    "a quoted boolean": ({"quotes.yaml": ("translated: true", 'translated: "true"')}, "content/quotes.yaml:7:15",
                         r"expected true or false, got 'true'"),
    "12:30 is a time without its zone, not 750": ({"timeline.yaml": ("time: 09:00+03:00", "time: 12:30")},
                                                  "content/timeline.yaml:3:9", r"time: the time '12:30' has no UTC offset"),
    "a number where text belongs": ({"people.yaml": ("role: President of Russia", "role: 1984")},
                                    "content/people.yaml:3:9", r"role: expected text, got '1984' \(read as a number\)"),
    "true where text belongs": ({"people.yaml": ("affiliation: Russia", "affiliation: true")},
                                "content/people.yaml:4:16", r"expected text, got true \(read as a yes/no value\)"),
    "leading zero number": ({"figures.yaml": ("number: 300000", "number: 0300000")}, "content/figures.yaml:3:11",
                            r"number: expected a whole number, got '0300000'"),
    "hex number": ({"figures.yaml": ("number: 300000", "number: 0x1f")}, "content/figures.yaml:3:11",
                   r"expected a whole number, got '0x1f'"),
    "a fraction where a whole number belongs": ({"figures.yaml": ("number: 300000", "number: 3.5")},
                                                "content/figures.yaml:3:11", r"expected a whole number, got '3.5'"),
    "a number too long for Python": ({"figures.yaml": ("number: 300000", "number: " + "9" * 5000)},
                                     "content/figures.yaml:3:11", r"expected a whole number, got '9{60}…'"),
    "an unquoted date where a date and time belongs": ({"site.yaml": ("2022-09-21T20:00:00+00:00", "2022-09-21")},
                                                       "content/site.yaml:10:12", r"published: .*has no UTC offset"),
    "a date with a slash": ({"sources.yaml": ("date: 2022-09-21", "date: 2022/09/21")}, "content/sources.yaml:5:9",
                            r"date: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got '2022/09/21'"),
    "full-width digits in a date": ({"sources.yaml": ("date: 2022-09-21", "date: ２０２２-09-21")},
                                    "content/sources.yaml:5:9", r"expected a date as YYYY-MM-DD"),
    "python object tag": ({"people.yaml": ("role: President of Russia", "role: !!python/object/apply:os.system "
                                                                            "['touch PWNED']")},
                          "content/people.yaml:3:9", r"the tag 'tag:yaml.org,2002:python/object/apply:os.system' "
                                                     r"is not allowed"),
    "python name tag": ({"people.yaml": ("role: President of Russia", "role: !!python/name:os.system")},
                        "content/people.yaml:3:9", r"the tag .*python/name:os.system' is not allowed"),
    "python new tag in a key": ({"people.yaml": ("  side: russia", "  ? !!python/object/new:pathlib.Path [PWNED]\n"
                                                                   "  : x\n  side: russia")},
                                "content/people.yaml:5:5", r"the tag .*python/object/new:pathlib.Path' is not allowed"),
    "a local tag": ({"people.yaml": ("role: President of Russia", "role: !include secrets.yaml")},
                    "content/people.yaml:3:9", r"the tag '!include' is not allowed"),
    "a binary tag": ({"people.yaml": ("role: President of Russia", "role: !!binary aGk=")},
                     "content/people.yaml:3:9", r"the tag 'tag:yaml.org,2002:binary' is not allowed"),
    "a set tag": ({"people.yaml": ("role: President of Russia", "role: !!set {a, b}")},
                  "content/people.yaml:3:9", r"the tag 'tag:yaml.org,2002:set' is not allowed"),
    "an alias": ({"sources.yaml": ("- id: nbc\n  publisher: NBC News", "- id: &a nbc\n  publisher: *a")},
                 "content/sources.yaml:1:7", r"anchors and aliases \(&name, \*name\) are not allowed"),
    "a merge key is just an unknown field": ({"people.yaml": ("  side: russia", "  side: russia\n  <<: {id: x}")},
                                             "content/people.yaml:6:3", r"unknown field '<<'"),
    "an undefined alias": ({"people.yaml": ("role: President of Russia", "role: *nothing")}, "content/people.yaml:3:9",
                           r"found undefined alias"),
    "two documents in one file": ({"people.yaml": MINI["people.yaml"] + "---\n" + MINI["people.yaml"]},
                                  "content/people.yaml:6:1", r"but found another document"),
    "nesting a thousand levels deep": ({"people.yaml": "a: " + "[" * 2000 + "]" * 2000 + "\n"},
                                       "content/people.yaml:1", r"exceeded maximum nesting depth"),
    "an empty file": ({"people.yaml": ""}, "content/people.yaml", r"the file is empty"),
    "a file of blank lines": ({"people.yaml": "\n  \n\n"}, "content/people.yaml", r"the file is empty"),
    "a file of comments only": ({"people.yaml": "# nobody yet\n"}, "content/people.yaml:1:1",
                                r"expected a list of people, got nothing"),
    "an empty section file": ({"sections/announcement.md": ""}, "content/sections/announcement.md", r"the file is empty"),
    "latin-1 bytes": ({"people.yaml": MINI["people.yaml"].replace("Vladimir", "Vl\xe4dimir").encode("latin-1")},
                      "content/people.yaml:2:11", r"byte 0xe4 is not UTF-8"),
    "a UTF-16 file": ({"people.yaml": MINI["people.yaml"].encode("utf-16")}, "content/people.yaml:1:1",
                      r"byte 0xff is not UTF-8"),
    "a NUL byte": ({"people.yaml": ("Vladimir Putin", "Vladimir\x00 Putin")}, "content/people.yaml:2:17",
                   r"the character U\+0000 is not allowed"),
    "a control character after emoji": ({"people.yaml": ("name: Vladimir Putin", "name: 😀😀 Vladimir\x1b Putin")},
                                        "content/people.yaml:2:20", r"the character U\+001B is not allowed"),
    "an escaped control character": ({"people.yaml": ("name: Vladimir Putin", 'name: "Vladimir\\x00Putin"')},
                                     "content/people.yaml:2:9", r"name: the text contains the invisible control "
                                                                r"character U\+0000"),
    "an escaped lone surrogate": ({"people.yaml": ("name: Vladimir Putin", 'name: "Vladimir\\ud800"')},
                                  "content/people.yaml:2", r"invalid Unicode character escape code|U\+D800"),
    "a line break inside a key": ({"people.yaml": ("  side: russia", '  side: russia\n  "si\\nde": x')},
                                  "content/people.yaml:6:3", r"unknown field 'si\\u000ade'"),
    "a number as a key": ({"people.yaml": ("  side: russia", "  side: russia\n  1: x")}, "content/people.yaml:6:3",
                          r"unknown field '1'"),
    "a file over 5 MB": ({"people.yaml": MINI["people.yaml"] + "#" + "x" * 5_000_000 + "\n"}, "content/people.yaml",
                         r"the file is larger than 5 MB"),
    "front matter never closed": ({"sections/announcement.md": "---\ntitle: What\norder: 1\n\nText.\n"},
                                  "content/sections/announcement.md:1:1", r"the file has no front matter"),
    "front matter that is a list": ({"sections/announcement.md": "---\n- title\n---\nText.\n"},
                                    "content/sections/announcement.md:1:1",
                                    r"front matter: expected a mapping of fields, got a list"),
    "a YAML error inside front matter": ({"sections/announcement.md": ("order: 1", "order: [1")},
                                         "content/sections/announcement.md:4", r"expected ',' or ']'"),
}


@pytest.mark.parametrize("case", YAML_CASES, ids=list(YAML_CASES))
def test_broken_yaml_is_one_clear_line_and_runs_nothing(case, site, monkeypatch):
    edits, where, pattern = YAML_CASES[case]
    monkeypatch.chdir(site.content.parent)  # a tag that ran would leave PWNED here
    apply(site.content, edits)
    assert_refused(build(site.content, site.output), site, where, pattern)
    assert not (site.content.parent / "PWNED").exists()


MODEL_CASES: dict[str, tuple[Edits, str, str]] = {
    "missing title in site.yaml": ({"site.yaml": ("title: Test headline\n", "")}, "content/site.yaml:1:1",
                                   r"missing required field 'title'"),
    "missing speaker": ({"quotes.yaml": ("  speaker: putin\n", "")}, "content/quotes.yaml:1:3",
                        r"missing required field 'speaker'"),
    "missing sources": ({"figures.yaml": ("  sources: [nbc]\n", "")}, "content/figures.yaml:1:3",
                        r"missing required field 'sources'"),
    "an empty list of sources": ({"figures.yaml": ("sources: [nbc]", "sources: []")}, "content/figures.yaml:5:12",
                                 r"sources: the list is empty"),
    "unknown field with did-you-mean": ({"quotes.yaml": ("speaker: putin", "speakr: putin")}, "content/quotes.yaml:3:3",
                                        r"unknown field 'speakr'.*did you mean 'speaker'"),
    "unknown field in site.yaml": ({"site.yaml": ("title:", "titel:")}, "content/site.yaml:1:1",
                                   r"unknown field 'titel'.*did you mean 'title'"),
    "unknown field in front matter": ({"sections/announcement.md": ("order: 1", "order: 1\nordre: 2")},
                                      "content/sections/announcement.md:4:1", r"unknown field 'ordre'.*'order'"),
    "an unknown category": ({"timeline.yaml": ("category: military", "category: militray")},
                            "content/timeline.yaml:16:13",
                            r"category: 'militray' is not one of the categories in site\.yaml; did you mean 'military'"),
    "duplicate id in one file": ({"people.yaml": MINI["people.yaml"] * 2}, "content/people.yaml:6:7",
                                 r"duplicate people id 'putin'.*already used at content/people.yaml:1"),
    "duplicate id across files": ({"timeline/more.yaml": first_event("id: address")}, "content/timeline.yaml:1:7",
                                  r"duplicate timeline id 'address'.*content/timeline/more.yaml:1"),
    "dangling speaker": ({"quotes.yaml": ("speaker: putin", "speaker: puttin")}, "content/quotes.yaml:3:12",
                         r"speaker: 'puttin' is not in people.*did you mean 'putin'"),
    "dangling region": ({"timeline.yaml": ("regions: [luhansk]", "regions: [luhansk, donetsk]")},
                        "content/timeline.yaml:7:22", r"regions: 'donetsk' is not in regions"),
    "dangling source": ({"figures.yaml": ("sources: [nbc]", "sources: [nbc, abc]")}, "content/figures.yaml:5:18",
                        r"sources: 'abc' is not in sources"),
    "dangling source link in Markdown": ({"sections/announcement.md": ("(source:nbc)", "(source:nbcc)")},
                                         "content/sections/announcement.md:5", r"'source:nbcc' is not in sources"),
    "30 February": ({"timeline.yaml": ("date: 2022-09-21", "date: 2022-02-30")}, "content/timeline.yaml:2:9",
                    r"'2022-02-30' is not a real day; February 2022 has no day 30"),
    "month 13": ({"sources.yaml": ("date: 2022-09-21", "date: 2022-13-01")}, "content/sources.yaml:5:9",
                 r"13 is not a month"),
    "day zero": ({"sources.yaml": ("date: 2022-09-21", "date: 2022-09-00")}, "content/sources.yaml:5:9",
                 r"'2022-09-00' is not a real day"),
    "year zero": ({"sources.yaml": ("date: 2022-09-21", "date: 0000-09-21")}, "content/sources.yaml:5:9",
                  r"'0000-09-21' is not a real date"),
    "a time without a zone": ({"timeline.yaml": ("time: 09:00+03:00", "time: 09:00")}, "content/timeline.yaml:3:9",
                              r"the time '09:00' has no UTC offset"),
    "a date and time without a zone": ({"site.yaml": ("20:00:00+00:00", "20:00:00")}, "content/site.yaml:10:12",
                                       r"'2022-09-21T20:00:00' has no UTC offset"),
    "an hour that does not exist": ({"timeline.yaml": ("time: 09:00+03:00", "time: 24:30+03:00")},
                                    "content/timeline.yaml:3:9", r"expected a time as HH:MM\+HH:MM, got '24:30\+03:00'"),
    "updated before published": ({"updates.yaml": "- date: 2022-09-21T19:59:00+00:00\n  kind: update\n  text: Early.\n"},
                                 "content/updates.yaml:1:3", r"dated before the explainer was published"),
    "updated before published, by its offset": ({"updates.yaml": "- date: 2022-09-21T22:00:00+03:00\n  kind: "
                                                                 "correction\n  text: Early.\n"},
                                                "content/updates.yaml:1:3", r"this correction .* is dated before"),
    "empty quote text": ({"quotes.yaml": ("text: This is not a bluff.", 'text: ""')}, "content/quotes.yaml:2:9",
                         r"text: expected text, got an empty value"),
    "blank quote text": ({"quotes.yaml": ("text: This is not a bluff.", "text: '   '")}, "content/quotes.yaml:2:9",
                         r"text: expected text, got an empty value"),
    "no quote text": ({"quotes.yaml": ("text: This is not a bluff.", "text:")}, "content/quotes.yaml:2",
                      r"text: expected text, got nothing"),
    "a quote in quotation marks": ({"quotes.yaml": ("text: This is not a bluff.", "text: “This is not a bluff.”")},
                                   "content/quotes.yaml:2:9", r"wrapped in quotation marks"),
    "an id with ../": ({"timeline.yaml": ("id: address", "id: ../../etc/passwd")}, "content/timeline.yaml:1:7",
                       r"'\.\./\.\./etc/passwd' is not a valid id"),
    "an id with a slash": ({"quotes.yaml": ("id: bluff", "id: a/b")}, "content/quotes.yaml:1:7", r"'a/b' is not a valid id"),
    "an id with a backslash": ({"quotes.yaml": ("id: bluff", "id: a\\b")}, "content/quotes.yaml:1:7",
                               r"'a\\b' is not a valid id"),
    "an id with a space": ({"quotes.yaml": ("id: bluff", "id: no bluff")}, "content/quotes.yaml:1:7",
                           r"'no bluff' is not a valid id"),
    "an id that differs only in case": ({"people.yaml": MINI["people.yaml"] + MINI["people.yaml"].replace(
        "id: putin", "id: Putin")}, "content/people.yaml:6:7", r"'Putin' is not a valid id"),
    "an id with a non-ASCII letter": ({"quotes.yaml": ("id: bluff", "id: blüff")}, "content/quotes.yaml:1:7",
                                      r"'blüff' is not a valid id"),
    "an id that is a dot": ({"quotes.yaml": ("id: bluff", "id: '.'")}, "content/quotes.yaml:1:7", r"'\.' is not a valid id"),
    "a section file name with a space": ({"sections/what next.md": MINI["sections/announcement.md"]},
                                         "content/sections/what next.md", r"the file name 'what next.md' is not a valid id"),
    "a section file name that differs only in case": ({"sections/Announcement.md": MINI["sections/announcement.md"]},
                                                      "content/sections/Announcement.md", r"not a valid id"),
    "a section file name with a non-ASCII letter": ({"sections/événements.md": MINI["sections/announcement.md"]},
                                                    "content/sections/événements.md", r"not a valid id"),
    "a page named like the list of pages": ({"pages/index.md": "---\ntitle: Index\n---\nText.\n"},
                                            "content/pages/index.md", r"the file name 'index.md' is taken by the list"),
    "a page file name that differs only in case": ({"pages/About.md": "---\ntitle: About\n---\nText.\n"},
                                                   "content/pages/About.md", r"the file name 'About.md' is not a valid id"),
    "a section that sets its own id": ({"sections/announcement.md": ("order: 1", "order: 1\nid: ../x")},
                                       "content/sections/announcement.md:4:1", r"unknown field 'id'"),
    "a control character in Markdown": ({"sections/announcement.md": ("partial", "partial\x01")},
                                        "content/sections/announcement.md:5:1",
                                        r"body: the text contains the invisible control character U\+0001"),
    "a file the model does not know": ({"notes.yaml": "- a\n"}, "content/notes.yaml",
                                       r"this file is not part of the content model"),
    "a .yml file": ({"extra.yml": "- a\n"}, "content/extra.yml", r"content files end in \.yaml"),
    "a URL that is not a web address": ({"sources.yaml": ("url: https://example.com/report", "url: file:///etc/passwd")},
                                        "content/sources.yaml:4:8", r"'file:///etc/passwd' is not a web address"),
    "a javascript URL": ({"sources.yaml": ("url: https://example.com/report", "url: javascript:alert(1)")},
                         "content/sources.yaml:4:8", r"is not a web address"),
    "a URL with a quote in it": ({"sources.yaml": ("url: https://example.com/report",
                                                   "url: 'https://example.com/\"onmouseover=\"alert(1)'")},
                                 "content/sources.yaml:4:8", r"is not a web address"),
}


@pytest.mark.parametrize("case", MODEL_CASES, ids=list(MODEL_CASES))
def test_content_that_breaks_the_model_is_one_clear_line(case, site):
    edits, where, pattern = MODEL_CASES[case]
    apply(site.content, edits)
    assert_refused(build(site.content, site.output), site, where, pattern)


UNSAFE_LINKS = {
    "javascript link": "[x](javascript:alert(1))",
    "mixed-case scheme": "[x](JaVaScRiPt:alert(1))",
    "scheme hidden by a character reference": "[x](java&#115;cript:alert(1))",
    "scheme hidden by a hex reference": "[x](&#x6A;avascript:alert(1))",
    "colon as a named reference": "[x](javascript&colon;alert(1))",
    "scheme in angle brackets": "[x](<javascript:alert(1)>)",
    "reference-style javascript link": "[x][r]\n\n[r]: javascript:alert(1)\n",
    "data link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript link": "[x](vbscript:msgbox(1))",
    "file link": "[x](file:///etc/passwd)",
    "data image": "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "remote image": "![x](https://tracker.example/pixel.png)",
    "protocol-relative image": "![x](//tracker.example/pixel.png)",
    "an address that does not parse": "[x](http://[broken)",
}


@pytest.mark.parametrize("case", UNSAFE_LINKS, ids=list(UNSAFE_LINKS))
def test_unsafe_links_in_markdown_are_refused_with_their_line(case, site):
    body = f"Intro ([NBC](source:nbc)).\n\nSee:\n{UNSAFE_LINKS[case]}\n"
    apply(site.content, {"sections/announcement.md": ("Putin announced a partial mobilization ([NBC](source:nbc)).\n",
                                                      body)})
    line = 8 + UNSAFE_LINKS[case].rstrip().count("\n")  # the line that holds the address
    assert_refused(build(site.content, site.output), site, f"content/sections/announcement.md:{line}",
                   r"link: .* is not allowed")


# A link inside the site that leads nowhere: (the Markdown, where its target is written, the whole message).
DEAD_LINKS = {
    "a page that does not exist": ("[x](nope.html)", "8:5", "link: 'nope.html' leads to no file of the site; "
                                   "did you mean 'index.html'?"),
    "a standalone page that does not exist": ("[y](pages/nope.html)", "8:5", "link: 'pages/nope.html' leads to no "
                                              "file of the site; write the path of a file of the site from its root, "
                                              "e.g. 'timeline.html'"),
    "an event that does not exist": ("[z](timeline.html#event-nope)", "8:5", "link: 'timeline.html#event-nope' leads "
                                     "to no element on timeline.html; did you mean 'timeline.html#event-address'?"),
    "an id that is not on the page": ("[v](#nowhere)", "8:5", "link: '#nowhere' leads to no element on index.html, "
                                      "the page it is on; expected one of '#announcement', '#contents-heading', "
                                      "'#featured-quotes', '#featured-quotes-heading', '#figure-reservists', "
                                      "'#figures', '#figures-heading', '#in-brief-heading', …"),
    "a reference-style source link": ("[r][ref]\n\n[ref]: source:no-such-source", "10:8",
                                      "link: 'source:no-such-source' is not in sources; expected one of 'nbc'"),
    "a source link with spaces": ("([NBC](source: nbcc ))", "8:8", "link: 'source: nbcc' is not in sources; "
                                  "did you mean 'nbc'?"),
}


@pytest.mark.parametrize("case", DEAD_LINKS, ids=list(DEAD_LINKS))
def test_a_link_that_leads_nowhere_is_an_error_at_its_line_and_column(case, site):
    link, where, message = DEAD_LINKS[case]
    apply(site.content, {"sections/announcement.md": ("Putin announced a partial mobilization ([NBC](source:nbc)).\n",
                                                      f"Intro ([NBC](source:nbc)).\n\nSee:\n{link}\n")})
    outcome = build(site.content, site.output)
    assert outcome.returncode == 1 and snapshot(site.output) == site.before
    assert [m.group(0) for m in error_lines(outcome.stderr)] == [
        f"content/sections/announcement.md:{where}: error: {message}"]


def test_links_that_lead_somewhere_build_and_point_there(site):
    links = ("[a](timeline.html#event-address) [b](timeline.html#day-2022-09-21) [c](feed.xml) [d](#announcement) "
             "[e](quotes.html#quote-bluff) [f](source: nbc ) [g](pages/) [h](data/timeline.csv) [i](#figures-heading) [j](#top)")
    apply(site.content, {"sections/announcement.md": ("Putin announced", f"{links}\n\nPutin announced"),
                         "pages/about.md": "---\ntitle: About\n---\nSee [the timeline](timeline.html#event-address).\n"})
    outcome = build(site.content, site.output)
    assert outcome.returncode == 0, outcome.stderr
    index = lxml_html.fromstring((site.output / "index.html").read_bytes())
    hrefs = index.xpath("//section[@id='announcement']//a/@href")
    assert hrefs[:10] == ["timeline.html#event-address", "timeline.html#day-2022-09-21", "feed.xml", "#announcement",
                         "quotes.html#quote-bluff", "sources.html#source-nbc", "pages/", "data/timeline.csv",
                         "#figures-heading", "#top"]
    about = (site.output / "pages" / "about.html").read_text(encoding="utf-8")
    assert 'href="../timeline.html#event-address"' in about


SECTION = "Putin announced a partial mobilization ([NBC](source:nbc)).\n"

# Markdown that would take Python-Markdown minutes, gigabytes or its recursion limit at a larger size, each just
# over its limit: (edits, where, what the message says). The section's body starts at line 5.
MARKDOWN_BOMBS: dict[str, tuple[Edits, str, str]] = {
    "a value over the size cap": ({"sections/announcement.md": ("Putin announced", "word " * 20_001 + "\n\nPutin")},
                                  "content/sections/announcement.md:5:1",
                                  r"body: the Markdown is 100,\d{3} characters long; a value holds at most 100,000"),
    "many entities": ({"sections/announcement.md": ("Putin announced", "&amp; " * 5_001 + "\n\nPutin")},
                      "content/sections/announcement.md:5:1",
                      r"body: the Markdown holds 5,\d{3} characters that start inline markup .*at most 5,000"),
    "nested brackets": ({"sections/announcement.md": (SECTION, SECTION + "\n" + "[" * 17 + "a" + "]" * 17 + "\n")},
                        "content/sections/announcement.md:7:17", r"body: more than 16 '\[' are open at once here"),
    "brackets never closed, in a summary": ({"timeline.yaml": ("summary: Putin spoke.",
                                                              "summary: Putin spoke" + " [then" * 17)},
                                            "content/timeline.yaml:5:120",
                                            r"summary: more than 16 '\[' are open at once here"),
    "links never closed": ({"sections/announcement.md": (SECTION, SECTION + "\n" + "[a](" * 17 + "\n")},
                           "content/sections/announcement.md:7:68", r"body: more than 16 '\(' are open at once here"),
    "nested block quotes": ({"sections/announcement.md": (SECTION, SECTION + "\n" + ">" * 17 + " a\n")},
                            "content/sections/announcement.md:7:1",
                            r"body: the line nests more than 16 block quotes and lists"),
    "lists nested on one line": ({"sections/announcement.md": (SECTION, SECTION + "\n" + "+ " * 1_000 + "a\n")},
                                 "content/sections/announcement.md:7:1",
                                 r"body: the line nests more than 16 block quotes and lists"),
    "emphasis nested past the recursion limit": ({"sections/announcement.md": (
        SECTION, SECTION + "\n" + "*a " * 1_000 + "b" + "*" * 1_000 + "\n")}, "content/sections/announcement.md:5:1",
        r"the Markdown nests too deeply to convert"),
}


@pytest.mark.parametrize("case", MARKDOWN_BOMBS, ids=list(MARKDOWN_BOMBS))
def test_a_markdown_bomb_is_one_line_at_its_content_file(case, site):
    edits, where, pattern = MARKDOWN_BOMBS[case]
    apply(site.content, edits)
    outcome = build(site.content, site.output)
    assert_refused(outcome, site, where, pattern)
    assert len(error_lines(outcome.stderr)) == 1, outcome.stderr


def test_an_alias_bomb_fails_fast_within_a_memory_limit(site):
    """'Billion laughs': nine levels of ten aliases; refused at the first alias, in a process capped at 1 GiB."""
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    apply(site.content, {"people.yaml": "\n".join(levels) + "\n"})
    cap = 1 << 30
    outcome = build_process(site.content, site.output,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap)))
    assert_refused(outcome, site, "content/people.yaml:1:5", r"anchors and aliases .* are not allowed")


def test_a_byte_order_mark_is_read_and_dropped(site):
    apply(site.content, {"site.yaml": "\ufeff" + MINI["site.yaml"], "sections/announcement.md": "\ufeff" +
                         MINI["sections/announcement.md"]})
    assert build(site.content, site.output).returncode == 0
    index = (site.output / "index.html").read_text(encoding="utf-8")
    assert "<title>Test headline" in index and "\ufeff" not in index


def test_windows_line_endings_read_like_unix_ones(site):
    apply(site.content, {name: MINI[name].replace("\n", "\r\n").encode() for name in MINI})
    assert build(site.content, site.output).returncode == 0
    assert snapshot(site.output) == site.before


def test_a_large_file_under_the_limit_builds(site):
    """A 4 MB comment (pasted notes) is fine: the C loader reads it quickly and nothing of it reaches the site."""
    apply(site.content, {"people.yaml": MINI["people.yaml"] + "# " + "notes " * 700_000 + "\n"})
    assert build(site.content, site.output).returncode == 0
    assert snapshot(site.output) == site.before


def test_yaml_1_1_words_numbers_and_dates_stay_the_text_the_editor_wrote(site):
    apply(site.content, {"people.yaml": MINI["people.yaml"].replace("role: President of Russia", "role: yes")
                         .replace("affiliation: Russia", "affiliation: NO"),
                         "figures.yaml": ("value: \"300,000\"", "value: 010"),
                         "quotes.yaml": ("occasion: National address", "occasion: 12:30"),
                         "timeline.yaml": ("title: The address", "title: 2022-09-21")})
    assert build(site.content, site.output).returncode == 0
    text = {page: (site.output / page).read_text(encoding="utf-8") for page in ("index.html", "quotes.html",
                                                                                "timeline.html")}
    assert ">010<" in text["index.html"]
    assert '"role">yes<' in text["quotes.html"] and '"occasion">12:30<' in text["quotes.html"]
    assert '"affiliation":{"@type":"Organization","name":"NO"}' in text["quotes.html"]
    assert ">2022-09-21</a>" in text["timeline.html"]


def test_an_unreadable_file_is_named_with_the_reason(site):
    path = site.content / "people.yaml"
    path.chmod(0)
    try:
        outcome = build_process(site.content, site.output, preexec_fn=as_plain_user)
    finally:
        path.chmod(0o644)
    assert_refused(outcome, site, "content/people.yaml", r"cannot read the file: Permission denied")


def make_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def make_folder(path: Path) -> None:
    path.unlink()
    (path / "inside.yaml").mkdir(parents=True)


def link_outside(path: Path) -> None:
    outside = path.parent.parent / "elsewhere.yaml"
    outside.write_text(path.read_text())
    path.unlink()
    path.symlink_to(outside)


def link_to_itself(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.name)


def link_to_nothing(path: Path) -> None:
    path.unlink()
    path.symlink_to("missing.yaml")


FILE_CASES = {
    "a link to a file outside content/": (link_outside, r"the file links to a place outside content/"),
    "a link to itself": (link_to_itself, r"outside content/ \(or to itself\)"),
    "a broken link": (link_to_nothing, r"not a file that can be read"),
    "a pipe where a file belongs": (make_fifo, r"not a file that can be read"),
    "a folder where a file belongs": (make_folder, r"not a file that can be read"),
}


@pytest.mark.parametrize("case", FILE_CASES, ids=list(FILE_CASES))
def test_odd_files_in_content_are_refused_by_the_real_command(case, site):
    make, pattern = FILE_CASES[case]
    make(site.content / "quotes.yaml")
    assert_refused(build(site.content, site.output), site, "content/quotes.yaml", pattern)


def test_a_missing_content_folder_is_one_clear_error(site):
    shutil.rmtree(site.content)
    outcome = build(site.content, site.output)
    assert [m.group(0) for m in error_lines(outcome.stderr)] == [
        "content: error: the content folder does not exist; create it, or pass --content with the right folder"]
    assert_refused(outcome, site, "content", r"the content folder does not exist")


def test_an_empty_content_folder_asks_for_the_site_file(site, tmp_path):
    (tmp_path / "empty").mkdir()
    outcome = build(tmp_path / "empty", site.output)
    assert outcome.returncode == 1
    assert [m.group(0) for m in error_lines(outcome.stderr)] == [
        "content/site.yaml: error: the site file is missing; "
        "create content/site.yaml with the title, dek, bylines and dates"]
    assert snapshot(site.output) == site.before


def test_file_names_with_spaces_and_non_ascii_letters_build(site):
    """Outside sections/ (where the name is the anchor) a content file may have any name."""
    apply(site.content, {"timeline/week one.yaml": first_event("id: week-one"),
                         "timeline/тиждень два.yaml": first_event("id: week-two")})
    outcome = build(site.content, site.output)
    assert outcome.returncode == 0, outcome.stderr
    timeline = (site.output / "timeline.html").read_text(encoding="utf-8")
    assert 'id="event-week-one"' in timeline and 'id="event-week-two"' in timeline


EVIL = ('<script>alert(1)</script></script><img src=x onerror=alert(2)><a href="javascript:alert(3)">j</a> '
        '<iframe src="data:text/html,<svg/onload=alert(4)>"></iframe> {{ 7*7 }} &lt;b&gt;')
# Raw HTML in Markdown is an error (test_embeds.py): Markdown carries it as code, where it must stay text.
EVIL_MARKDOWN = f"`{EVIL}`" + '\n\n    <script>\n    alert(5)\n    </script>\n\n[ok](https://example.com/?q="><script>alert(6)</script>)'


def hostile_content() -> dict[str, str]:
    """The mini content with EVIL (after a spreadsheet-formula start) in every text field and Markdown value."""
    files = dict(MINI)

    def put(name: str, old: str, key: str, value: str, *extra: str) -> None:
        assert old in files[name], old
        lines = [f"{key}: {json.dumps(value)}", *extra]
        files[name] = files[name].replace(old, "\n  ".join(lines) if name != "site.yaml" else lines[0], 1)

    for name, old, key, start in [
            ("site.yaml", "title: Test headline", "title", "="), ("site.yaml", "dek: A short standfirst.", "dek", "@"),
            ("site.yaml", "description: A short description.", "description", "+"),
            ("sources.yaml", "publisher: NBC News", "publisher", "="), ("sources.yaml", "title: A report", "title", "-"),
            ("people.yaml", "name: Vladimir Putin", "name", "="), ("people.yaml", "role: President of Russia", "role", "+"),
            ("people.yaml", "affiliation: Russia", "affiliation", "@"), ("regions.yaml", "area: eastern Ukraine", "area", "-"),
            ("regions.yaml", "kind: province", "kind", "+"),
            ("regions.yaml", "name: Luhansk", "name", "="), ("timeline.yaml", "title: The address", "title", "="),
            ("timeline.yaml", "summary: Putin spoke.", "summary", "+"),
            ("quotes.yaml", "text: This is not a bluff.", "text", "="),
            ("quotes.yaml", "occasion: National address", "occasion", "@"),
            ("figures.yaml", 'value: "300,000"', "value", "="),
            ("figures.yaml", "label: reservists to be called up", "label", "-")]:
        put(name, old, key, f"{start}{key.upper()} " + (f"`{EVIL}`" if key == "summary" else EVIL))  # Markdown: as code
    files["site.yaml"] = files["site.yaml"].replace("name: Ann Writer", f"name: {json.dumps('-BYLINE ' + EVIL)}") \
        .replace("role: Staff writer", f"role: {json.dumps('ROLE ' + EVIL)}") \
        .replace("name: Test News", f"name: {json.dumps('=PUBLISHER ' + EVIL)}")
    put("sources.yaml", "date: 2022-09-21", "note", "NOTE " + EVIL, "date: 2022-09-21")
    files["regions.yaml"] = files["regions.yaml"].replace("sources: [nbc]", f"local_names:\n    uk: "
                                                          f"{json.dumps('LOCAL ' + EVIL)}\n  open_questions: "
                                                          f"[{json.dumps('OPEN ' + EVIL)}]\n  sources: [nbc]", 1)
    files["regions.yaml"] = files["regions.yaml"].replace(
        "announced_by: separatist officials", f"announced_by: {json.dumps('BY ' + EVIL)}").replace(
        "planned: over four days starting Friday", f"planned: {json.dumps('PLANNED ' + EVIL)}").replace(
        "status: Held by Russian-backed forces ([NBC](source:nbc)).", f"status: {json.dumps('STATUS ' + EVIL_MARKDOWN)}")
    put("quotes.yaml", "sources: [nbc]", "context", "CONTEXT " + EVIL_MARKDOWN, "sources: [nbc]")
    put("figures.yaml", "sources: [nbc]", "detail", "DETAIL " + EVIL_MARKDOWN, "sources: [nbc]")
    files["updates.yaml"] = ("- date: 2022-09-22T10:00:00+00:00\n  kind: correction\n  text: "
                             f"{json.dumps('=UPDATE ' + EVIL_MARKDOWN)}\n")
    files["sections/announcement.md"] = (f"---\ntitle: {json.dumps('SECTION ' + EVIL)}\norder: 1\n---\n"
                                         f"{EVIL_MARKDOWN}\n\n    {EVIL}\n\n`{EVIL}`\n")
    files["pages/about.md"] = (f"---\ntitle: {json.dumps('PAGE ' + EVIL)}\ndescription: {json.dumps('-PAGEDESC ' + EVIL)}"
                               f"\n---\n# `{EVIL}`\n\n{EVIL_MARKDOWN}\n")
    return files


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile content, built by the real command with a base URL (so the feed and sitemap carry links)."""
    root = tmp_path_factory.mktemp("hostile")
    content = write_tree(root / "content", hostile_content())
    outcome = build(content, root / "dist", "--base-url", "https://example.com/explainer/")
    assert outcome.returncode == 0, outcome.stderr
    return root / "dist"


def test_hostile_text_is_inert_in_every_page(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 10 and (hostile_site / "pages" / "about.html") in pages
    for page in pages:
        assert_inert_html(lxml_html.fromstring(page.read_bytes()), page.name)
    index = lxml_html.fromstring((hostile_site / "index.html").read_bytes())
    assert "=TITLE <script>alert(1)</script></script><img" in index.findtext(".//title")
    for script in index.xpath("//script"):  # the structured data: a hashed file name there may hold '49'
        script.getparent().remove(script)
    assert "{{ 7*7 }}" in index.text_content() and "49" not in index.text_content()


def test_html_in_markdown_code_is_shown_as_text(hostile_site):
    body = lxml_html.fromstring((hostile_site / "index.html").read_bytes()).text_content()
    assert "<script>\nalert(5)\n</script>" in body and "<iframe src=" in body


def test_hostile_text_is_inert_in_the_feed(hostile_site):
    feed = ET.parse(hostile_site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.findtext(f"{atom}title").startswith("=TITLE <script>")
    contents = feed.findall(f"{atom}entry/{atom}content")
    assert len(contents) == 2 and all(c.get("type") == "html" for c in contents)
    for content in contents:
        assert_inert_html(lxml_html.fragment_fromstring(content.text, create_parent="div"), "feed.xml")


def test_hostile_text_is_data_in_the_json_exports(hostile_site):
    files = sorted(f for f in hostile_site.glob("data/*.json") if f.name not in ("timelinejs.json", "source-cards.json"))
    assert len(files) == 6
    records = {f.stem: json.loads(f.read_text(encoding="utf-8"))["records"] for f in files}
    timelinejs = json.loads((hostile_site / "data" / "timelinejs.json").read_text(encoding="utf-8"))
    assert timelinejs["title"]["text"]["headline"].startswith("=TITLE <script>alert(1)</script>")
    assert records["quotes"][0]["text"] == "=TEXT " + EVIL
    assert records["people"][0]["name"] == smarten("=NAME " + EVIL)  # a name gets typographic quotes, nothing else
    assert records["figures"][0]["detail"].startswith("DETAIL <script>alert(1)</script>")


def test_spreadsheet_formulas_are_neutralised_in_the_csv_exports(hostile_site):
    files = sorted(hostile_site.glob("data/*.csv"))
    assert len(files) == 6
    cells = [cell for f in files for row in csv.reader(io.StringIO(f.read_text(encoding="utf-8"))) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=TEXT " + EVIL in cells and "'" + smarten("=NAME " + EVIL) in cells and "'" + smarten("-TITLE " + EVIL) in cells


# Inputs from outside the project: a link that leads out is refused, naming the link, before anything is read.

def move_out(project: Path, name: str) -> Path:
    """The project's folder `name` moved out of the project (made if missing) with a secret beside its files, and a
    link left in its place."""
    outside = project.parent / "elsewhere" / name
    outside.parent.mkdir(exist_ok=True)
    if (project / name).exists():
        shutil.move(project / name, outside)
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("SECRET\n", encoding="utf-8")
    (project / name).symlink_to(outside, target_is_directory=True)
    return outside


@pytest.mark.parametrize("name", ["static", "assets", "layouts", "catalogues", "content"])
def test_a_top_folder_linking_out_of_the_project_is_refused_and_one_linking_inside_is_followed(project, name):
    outside = move_out(project, name)
    outcome = command(cwd=project)
    assert outcome.returncode == 1 and not (project / "dist").exists(), outcome
    assert outcome.stderr.splitlines() == [
        f"{name}: error: the folder links to a place outside the project; replace the link with the real folder and "
        "its files", "1 error; the build stopped and dist/ was left as it was"]
    (project / name).unlink()
    shutil.move(outside, project / "kept")
    (project / name).symlink_to("kept", target_is_directory=True)
    outcome = command(cwd=project)
    assert outcome.returncode == 0, outcome.stderr
    assert ((project / "dist" / "secret.txt").exists()) == (name == "static")


def link(path: Path, target: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target, target_is_directory=target.is_dir())


# a link made in the project to a file or folder outside it: (where, what the line says)
LINK_CASES = {
    "a layout file": ("layouts/partials/extra.html", "the file links outside layouts/; copy the file into layouts/ "
                      "instead of linking to it"),
    "a layout folder": ("layouts/more", "the folder links outside layouts/; copy the folder into layouts/ instead "
                        "of linking to it"),
    "a catalogue file": ("catalogues/en.yaml", "the file links outside catalogues/; copy the file into catalogues/ "
                         "instead of linking to it"),
    "a folder in static/": ("static/keys", "the folder links outside static/; copy the folder into static/ instead "
                            "of linking to it"),
    "a folder in assets/": ("assets/keys", "the folder links outside assets/; copy the folder into assets/ instead "
                            "of linking to it"),
    "a folder in content/": ("content/timeline", "the folder links to a place outside content/; copy its files into "
                             "content/ instead of linking to it"),
}


@pytest.mark.parametrize("case", LINK_CASES, ids=list(LINK_CASES))
def test_a_file_or_folder_linking_out_of_its_folder_is_refused_naming_the_link(project, case):
    where, message = LINK_CASES[case]
    outside = write_tree(project.parent / "elsewhere", {"en.yaml": "{}\n", "timeline/more.yaml": "[]\n",
                                                          "secret.html": "SECRET\n"})
    link(project / where, outside / ("secret.html" if where.endswith(".html") else "en.yaml"
                                     if where.endswith(".yaml") else "timeline"))
    outcome = command(cwd=project)
    assert outcome.returncode == 1 and not (project / "dist").exists(), outcome
    assert outcome.stderr.splitlines() == [f"{where}: error: {message}",
                                           "1 error; the build stopped and dist/ was left as it was"]


NAMES = {"a backslash": (b"a\\b.txt", "a\\b.txt: error: the file name holds a backslash (\\), which web addresses "
                         "do not take; rename the file without it"),
         "bytes that are not UTF-8": (b"caf\xe9.txt", "caf\\udce9.txt: error: the file name is not UTF-8; rename the "
                                      "file: type its name again, or use only ASCII letters")}


@pytest.mark.parametrize("folder", ["static", "assets"])
@pytest.mark.parametrize("case", NAMES, ids=list(NAMES))
def test_a_published_file_whose_name_cannot_be_a_web_address_is_refused(project, folder, case):
    name, line = NAMES[case]
    (project / folder).mkdir(exist_ok=True)
    with open(os.path.join(os.fsencode(project / folder), name), "wb") as file:
        file.write(b"x\n")
    outcome = command(cwd=project)
    assert outcome.returncode == 1 and not (project / "dist").exists(), outcome
    assert outcome.stderr.splitlines() == [f"{folder}/{line}", "1 error; the build stopped and dist/ was left as it was"]
