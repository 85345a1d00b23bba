"""The interface's words: catalogues per language, chosen by site.yaml's language, dates in the right case,
plural forms, a missing key named; and the built site in Ukrainian and Russian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from helpers import REPO, run_build, snapshot
from explainer.catalogue import Catalogue, choose
from explainer.cli import main
from explainer.load import load_document
from explainer.model import PartialDate
from explainer.pipeline import build
from explainer.problems import Position
from explainer.project import CATALOGUES_PATH, Project

LANGUAGES = ("en", "uk", "ru")


def shipped(language: str) -> Catalogue:
    documents = tuple(load_document(path, path.name)[0] for path in sorted(CATALOGUES_PATH.glob("*.yaml")))
    catalogue, problems = choose(language, documents, ("site.yaml", Position(1, 1)))  # type: ignore[arg-type]
    assert catalogue is not None and not problems, problems
    return catalogue


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_catalogue_has_every_key_in_its_shape(language):
    catalogue = shipped(language)
    assert set(catalogue.entries) == set(shipped("en").entries)
    assert catalogue.language == language


@pytest.mark.parametrize("language, day, month, early, late", [
    ("en", "21 September 2022", "September 2022", "early September 2022", "late September 2022"),
    ("uk", "21 вересня 2022", "вересень 2022", "на початку вересня 2022", "наприкінці вересня 2022"),
    ("ru", "21 сентября 2022", "сентябрь 2022", "в начале сентября 2022", "в конце сентября 2022"),
])
def test_month_names_take_the_case_the_date_needs(language, day, month, early, late):
    words = shipped(language)
    assert words.date(PartialDate(2022, 9, 21)) == day
    assert words.date(PartialDate(2022, 9)) == month
    assert words.date(PartialDate(2022, 9), "early") == early
    assert words.date(PartialDate(2022, 9), "late") == late
    assert words.date(PartialDate(2022)) == "2022"


def test_timestamps_keep_the_offset_as_written():
    from datetime import datetime
    moment = datetime.fromisoformat("2022-09-21T20:00:00+03:00")
    assert shipped("en").timestamp(moment) == "21 September 2022, 20:00 UTC+03:00"
    assert shipped("uk").timestamp(datetime.fromisoformat("2022-05-01T09:05:00+00:00")) == "1 травня 2022, 09:05 UTC"


@pytest.mark.parametrize("count, uk, ru", [
    (1, "Цитується 1 раз", "Цитируется 1 раз"), (3, "Цитується 3 рази", "Цитируется 3 раза"),
    (5, "Цитується 5 разів", "Цитируется 5 раз"), (11, "Цитується 11 разів", "Цитируется 11 раз"),
    (21, "Цитується 21 раз", "Цитируется 21 раз"), (22, "Цитується 22 рази", "Цитируется 22 раза"),
    (112, "Цитується 112 разів", "Цитируется 112 раз"),
])
def test_counts_take_their_plural_form(count, uk, ru):
    assert shipped("uk").text("sources.cited", count=count) == uk
    assert shipped("ru").text("sources.cited", count=count) == ru
    assert shipped("en").text("sources.cited", count=count) == f"Cited {count} time{'s' if count != 1 else ''}"


def test_layout_text_is_escaped_and_values_that_are_markup_are_kept():
    from markupsafe import Markup
    words = shipped("en")
    assert words.markup("footer.sources", link=Markup('<a href="sources.html">all sources</a>')) == (
        'Every fact on this site names its source; see <a href="sources.html">all sources</a>.')
    assert words.markup("embed.site", site="<b>", publisher="A & B") == "&lt;b&gt;, A &amp; B"


def starter(tmp_path: Path, language: str) -> Path:
    assert main(["new", str(tmp_path / language)]) == 0
    site = tmp_path / language / "content" / "site.yaml"
    site.write_text(site.read_text().replace("language: en", f"language: {language}"))
    return tmp_path / language


def test_a_language_without_a_catalogue_is_an_error_at_site_yaml(tmp_path):
    project = starter(tmp_path, "fr")
    result = run_build("build", "--project", str(project))
    line = next(n for n, text in enumerate((project / "content" / "site.yaml").read_text().splitlines(), 1)
                if text.startswith("language:"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        f"content/site.yaml:{line}:11: error: language: there is no interface catalogue for 'fr'; use one of en, ru, "
        "uk, or add catalogues/fr.yaml to the project (copy the English one from the package and translate it)")


def test_a_project_catalogue_adds_a_language_and_names_each_missing_key(tmp_path):
    project = starter(tmp_path, "fr")
    (project / "catalogues").mkdir()
    english = (REPO / "explainer" / "catalogues" / "en.yaml").read_text()
    (project / "catalogues" / "fr.yaml").write_text(english.replace("nav.home: Explainer\n", "")
                                                    .replace("page.timeline: Timeline", "page.timeline: Chronologie"))
    result = run_build("build", "--project", str(project))
    assert result.returncode == 1
    assert "catalogues/fr.yaml: error: the catalogue has no 'nav.home'; add it; in English: 'Explainer'" in result.stderr
    (project / "catalogues" / "fr.yaml").write_text(english.replace("page.timeline: Timeline", "page.timeline: Chronologie"))
    assert build(Project.at(project)).ok
    title = lxml_html.fromstring((project / "dist" / "timeline.html").read_bytes()).findtext(".//title")
    assert title == "Chronologie · Westbrook’s water, explained"


def test_a_project_catalogue_overrides_single_words_of_a_shipped_one(tmp_path):
    project = starter(tmp_path, "en")
    (project / "catalogues").mkdir()
    (project / "catalogues" / "en.yaml").write_text("nav.home: The story\n")
    assert build(Project.at(project)).ok
    menu = lxml_html.fromstring((project / "dist" / "index.html").read_bytes()).xpath("//nav[@aria-label='Site']//a/text()")
    assert menu == ["The story", "Timeline", "Quotes", "Sources"]


def test_a_misspelt_key_in_a_project_catalogue_is_named_with_the_closest(tmp_path):
    project = starter(tmp_path, "en")
    (project / "catalogues").mkdir()
    (project / "catalogues" / "en.yaml").write_text("# Our words\nnav.hom: The story\n")
    result = run_build("build", "--project", str(project))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "catalogues/en.yaml:2:1: error: unknown key 'nav.hom'; did you mean 'nav.home'?"


def test_a_layout_asking_for_a_missing_key_names_it(tmp_path):
    project = starter(tmp_path, "en")
    (project / "layouts").mkdir()
    (project / "layouts" / "404.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ t("no.such") }}\n{% endblock %}\n')
    result = run_build("build", "--project", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"^layouts/404\.html:3:1: error: while rendering 404\.html: the 'en' interface catalogue has no "
                     r"text 'no\.such'; add it to catalogues/en\.yaml", result.stderr, re.MULTILINE), result.stderr


@pytest.mark.parametrize("language, expected", [
    ("uk", {"menu": ["Головне", "Хронологія", "Цитати", "Джерела"], "title": "Хронологія · Westbrook’s water, explained",
            "days": ["на початку травня 2024", "13 травня 2024", "14 травня 2024"],
            "cited": "Хронологія: The council tells residents to boil their water",
            "published": "Опубліковано: Westbrook’s boil-water notice: what happened, who is affected and what comes next",
            "embed": "Maria Lopez: «Please boil all water for drinking, cooking and…»"}),
    ("ru", {"menu": ["Главное", "Хронология", "Цитаты", "Источники"], "title": "Хронология · Westbrook’s water, explained",
            "days": ["в начале мая 2024", "13 мая 2024", "14 мая 2024"],
            "cited": "Хронология: The council tells residents to boil their water",
            "published": "Опубликовано: Westbrook’s boil-water notice: what happened, who is affected and what comes next",
            "embed": "Maria Lopez: «Please boil all water for drinking, cooking and…»"}),
])
def test_what_python_writes_follows_the_sites_language(tmp_path, language, expected):
    project = starter(tmp_path, language)
    assert build(Project.at(project)).ok
    dist = project / "dist"
    timeline = lxml_html.fromstring((dist / "timeline.html").read_bytes())
    assert timeline.get("lang") == language
    assert timeline.xpath("//nav[@aria-label='Site']//a/text()") == expected["menu"]
    assert timeline.findtext(".//title") == expected["title"]
    assert timeline.xpath("//section[@class='day']/h2/time/text()") == expected["days"]
    sources = lxml_html.fromstring((dist / "sources.html").read_bytes())
    assert expected["cited"] in sources.xpath("//details//a/text()")
    feed = etree.fromstring((dist / "feed.xml").read_bytes())
    assert feed.xpath("//a:entry/a:title/text()", namespaces={"a": "http://www.w3.org/2005/Atom"}) == [expected["published"]]
    embed = lxml_html.fromstring((dist / "embed" / "quote-lopez-boil.html").read_bytes())
    assert embed.findtext(".//title").startswith(expected["embed"])
    structured = lxml_html.fromstring((dist / "quotes.html").read_bytes()).xpath("//script[@type='application/ld+json']/text()")
    assert f'"name":"{expected["menu"][2]}"' in structured[0]


# A small project written wholly in Ukrainian: in its built pages, any word in Latin letters is interface text
# that did not come from the catalogue.
UKRAINIAN = {
    "site.yaml": """\
title: Місто оголосило про ремонт мосту
dek: Міст закрито на пів року.
description: Пояснення щодо закриття мосту.
language: {language}
bylines:
  - name: Олена Приклад
    role: Журналістка
publisher:
  name: Міська газета
published: 2025-03-03T08:00:00+00:00
in_brief:
  - Міст закрито ([Міська рада](source:rada)).
sides:
  - {{id: misto, label: Місто}}
categories:
  - {{id: remont, label: Ремонт}}
""",
    "sources.yaml": "- id: rada\n  publisher: Міська рада\n  title: Міст закривають\n  url: https://example.org/a\n  date: 2025-02-28\n",
    "people.yaml": "- id: mer\n  name: Іван Приклад\n  role: Міський голова\n  affiliation: Міська рада\n  side: misto\n",
    "timeline.yaml": "- id: zakryttia\n  date: 2025-03-01\n  title: Міст закрито\n  summary: Міст закрито ([Міська рада](source:rada)).\n"
                     "  category: remont\n  people: [mer]\n  featured: true\n  sources: [rada]\n",
    "quotes.yaml": "- id: bezpeka\n  text: Ми відкриємо міст, коли він буде безпечним.\n  speaker: mer\n  occasion: Заява ради\n"
                   "  date: 2025-02-28\n  language: uk\n  featured: true\n  sources: [rada]\n",
    "figures.yaml": "- id: misiatsi\n  value: Шість\n  label: місяців ремонту\n  sources: [rada]\n",
    "updates.yaml": "- date: 2025-03-04T09:00:00+00:00\n  kind: correction\n  text: Виправлено дату ([Міська рада](source:rada)).\n",
    "sections/shcho.md": "---\ntitle: Що сталося\norder: 1\n---\nМіст закрито ([Міська рада](source:rada)).\n",
}
ALLOWED_LATIN = {"UTC", "JSON", "CSV"}  # the same in every language
SHARED = ("description", "og:title", "og:description", "og:site_name", "og:image:alt", "twitter:title",
          "twitter:description", "twitter:image:alt")  # the meta tags whose words a share card shows


def latin_words(page: lxml_html.HtmlElement) -> set[str]:
    """Words in Latin letters a reader sees or hears: text outside code, scripts and copyable snippets, and the
    attributes a screen reader or a share card reads."""
    for element in page.xpath("//script | //style | //code | //textarea"):
        element.drop_tree()
    shown = " or ".join(f"@name='{n}' or @property='{n}'" for n in SHARED)
    texts = page.xpath(f"//body//text() | //title/text() | //@aria-label | //@title | //@alt | //@placeholder"
                       f" | //meta[{shown}]/@content")
    return {word for text in texts for word in re.findall(r"[A-Za-z]{2,}", text)} - ALLOWED_LATIN


@pytest.mark.xfail(strict=True, reason="the layouts still carry their English strings: they move to t() once the "
                                       "redesigned layouts land (the lead converts them; docs/layouts.md lists the keys)")
@pytest.mark.parametrize("language", ["uk", "ru"])
def test_no_english_interface_word_remains_in_ukrainian_or_russian(tmp_path, language):
    content = tmp_path / "project" / "content"
    for name, text in UKRAINIAN.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text.format(language=language) if name == "site.yaml" else text, encoding="utf-8")
    assert build(Project.at(tmp_path / "project")).ok
    found = {uri: words for uri, data in snapshot(tmp_path / "project" / "dist").items() if uri.endswith(".html")
             if (words := latin_words(lxml_html.fromstring(data)))}
    assert not found, found
