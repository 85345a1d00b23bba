"""The interface's words: catalogues per language, chosen by site.yaml's language, dates in the right case,
plural forms, a missing key named; and the built site in Ukrainian and Russian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from helpers import REPO, command, snapshot
from explainer.catalogue import Catalogue, choose
from explainer.cli import main
from explainer.load import load_document
from explainer.model import PartialDate
from explainer.pipeline import write_site
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


def test_every_key_of_the_reference_catalogue_is_asked_for_somewhere():
    """A key that no layout and no module asks for is a word no reader sees; a key put together from a family
    ('nav.' ~ the page's part) counts when the family is."""
    asking = "\n".join(path.read_text(encoding="utf-8") for folder, pattern in (("layouts", "*.html"), ("explainer", "*.py"))
                       for path in (REPO / folder).rglob(pattern))
    unused = [key for key in shipped("en").entries
              if not re.search(rf"""['"]{re.escape(key)}['"]""", asking)
              and not re.search(rf"""f["']{re.escape(key.rsplit('.', 1)[0])}\.\{{|'{re.escape(key.rsplit('.', 1)[0])}\.' ~""", asking)]
    assert not unused, unused


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
    assert words.markup("footer.sources", link=Markup('<a href="sources.html">the list of sources</a>')) == (
        'Every fact on this site names its source; the numbers in the text lead to <a href="sources.html">the list '
        'of sources</a>.')
    assert words.markup("title.page", page="<b>", site="A & B") == "&lt;b&gt; · A &amp; B"


def starter(tmp_path: Path, language: str) -> Path:
    assert main(["new", str(tmp_path / language)]) == 0
    site = tmp_path / language / "content" / "site.yaml"
    site.write_text(site.read_text().replace("language: en", f"language: {language}"))
    return tmp_path / language


def test_a_language_without_a_catalogue_is_an_error_at_site_yaml(tmp_path):
    project = starter(tmp_path, "fr")
    result = command("build", "--project", str(project))
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
    result = command("build", "--project", str(project))
    assert result.returncode == 1
    assert "catalogues/fr.yaml: error: the catalogue has no 'nav.home'; add it; in English: 'Explainer'" in result.stderr
    (project / "catalogues" / "fr.yaml").write_text(english.replace("page.timeline: Timeline", "page.timeline: Chronologie"))
    assert write_site(Project.at(project)).ok
    title = lxml_html.fromstring((project / "dist" / "timeline.html").read_bytes()).findtext(".//title")
    assert title == "Chronologie · Westbrook’s water, explained"


def test_a_project_catalogue_overrides_single_words_of_a_shipped_one(tmp_path):
    project = starter(tmp_path, "en")
    (project / "catalogues").mkdir()
    (project / "catalogues" / "en.yaml").write_text("nav.home: The story\n")
    assert write_site(Project.at(project)).ok
    menu = lxml_html.fromstring((project / "dist" / "index.html").read_bytes()).xpath("//nav[@aria-label='Site']//a/text()")
    assert menu == ["The story", "Timeline", "Quotes", "Sources"]


def test_a_misspelt_key_in_a_project_catalogue_is_named_with_the_closest(tmp_path):
    project = starter(tmp_path, "en")
    (project / "catalogues").mkdir()
    (project / "catalogues" / "en.yaml").write_text("# Our words\nnav.hom: The story\n")
    result = command("build", "--project", str(project))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "catalogues/en.yaml:2:1: error: unknown key 'nav.hom'; did you mean 'nav.home'?"


def with_catalogue_line(tmp_path: Path, line: str) -> Path:
    """A new project whose catalogues/en.yaml overrides one key, on its second line."""
    project = starter(tmp_path, "en")
    (project / "catalogues").mkdir()
    (project / "catalogues" / "en.yaml").write_text(f"# Our words\n{line}\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("line, message", [
    ('footer.sources: "{link.__new__.__globals__[t].sys.modules[os].environ[CI_TOKEN]}"',
     "footer.sources: '{link.__new__.__globals__[t].sys.modules[os].environ[CI_TOKEN]}' is not a placeholder; a "
     "placeholder is a name alone in braces: {link}"),
    ('home.all_events: {one: "{count} event", other: "{count:0300000000} events"}',
     "home.all_events: '{count:0300000000}' is not a placeholder; a placeholder is a name alone in braces: {count}"),
    ('page.timeline: "Timeline {"',
     "page.timeline: a lone '{'; a placeholder is a name in braces, as in {name}, and '{{' writes a brace itself"),
    ('footer.sources: "Every fact names its source; see {lnk}."',
     "footer.sources: there is no placeholder {lnk} in this text; did you mean '{link}'?"),
    ('nav.home: "The {story}"', "nav.home: there is no placeholder {story} in this text; the English text has none"),
])
def test_a_catalogue_text_holds_only_the_placeholders_of_its_english_text(tmp_path, monkeypatch, line, message):
    """Catalogue texts are data: a slip or an attempt to reach Python is an error at the catalogue's line, and no
    environment variable, format or traceback gets through."""
    monkeypatch.setenv("CI_TOKEN", "secret-of-the-ci-job")
    project = with_catalogue_line(tmp_path, line)
    result = command("build", "--project", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    column = line.index('"{count:') + 1 if "{count:" in line else line.index(": ") + 3  # where the text starts
    assert result.stderr.splitlines()[0] == f"catalogues/en.yaml:2:{column}: error: {message}", result.stderr
    assert "secret-of-the-ci-job" not in result.stdout + result.stderr and not (project / "dist").exists()


def test_a_layout_asking_for_a_missing_key_names_it(tmp_path):
    project = starter(tmp_path, "en")
    (project / "layouts").mkdir()
    (project / "layouts" / "404.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ t("no.such") }}\n{% endblock %}\n')
    result = command("build", "--project", str(project))
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
    assert write_site(Project.at(project)).ok
    dist = project / "dist"
    timeline = lxml_html.fromstring((dist / "timeline.html").read_bytes())
    assert timeline.get("lang") == language
    assert timeline.xpath("//header[@class='site-header']/nav//a/text()") == expected["menu"]
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


# A small project written wholly in Ukrainian, with every kind of page and every optional part (regions with
# votes, standalone pages, gaps on the timeline, the key day, updates and a correction, partial and translated
# quotes): in its built pages, any word in Latin letters is interface text that did not come from the catalogue.
UKRAINIAN = {
    "site.yaml": """\
title: Місто оголосило про ремонт мосту
short_title: Ремонт мосту
dek: Міст закрито на пів року.
description: Пояснення щодо закриття мосту.
language: {language}
bylines:
  - name: Олена Приклад
    role: журналістка
  - name: Петро Зразок
publisher:
  name: Міська газета
  url: https://example.org/gazeta/
published: 2025-03-03T08:00:00+00:00
as_of: 2025-03-03T07:00:00+00:00
key_date: 2025-03-01
in_brief:
  - Міст закрито ([Міська рада](source:rada)).
regions_page:
  title: Райони міста
  menu: Райони
  intro: Закриття розділяє два райони ([Міська рада](source:rada)).
place_fields:
  - id: hearing
    fields:
      - {{id: announced, label: Оголошено, type: date}}
      - {{id: announced_by, label: Хто оголосив, type: text}}
      - {{id: planned, label: Коли, type: text}}
      - {{id: starts, label: Початок, type: date, optional: true}}
      - {{id: ends, label: Кінець, type: date, optional: true}}
sides:
  - {{id: misto, label: Місто}}
  - {{id: biznes, label: Бізнес}}
categories:
  - {{id: remont, label: Ремонт}}
  - {{id: transport, label: Транспорт}}
""",
    "sources.yaml": """\
- id: rada
  publisher: Міська рада
  title: Міст закривають
  url: https://example.org/a
  date: 2025-02-28
  note: Рішення про закриття.
- id: hazeta
  publisher: Міська газета
  title: Що означає закриття мосту
  url: https://example.org/b
  date: 2025-03
""",
    "people.yaml": """\
- id: mer
  name: Іван Приклад
  role: Міський голова
  affiliation: Міська рада
  side: misto
- id: kramar
  name: Ганна Зразок
  role: Власниця крамниці
  affiliation: Крамниця біля мосту
  side: biznes
""",
    "timeline.yaml": """\
- id: ohliad
  date: 2023-06-01
  title: Перший огляд мосту
  summary: Інженери оглянули міст.
  category: remont
  sources: [hazeta]
- id: trishchyny
  date: 2025-02
  qualifier: early
  title: Знайдено тріщини
  summary: Під час огляду знайшли тріщини ([Міська газета](source:hazeta)).
  category: remont
  regions: [staryi-horod]
  sources: [hazeta]
- id: rishennia
  date: 2025-02-20
  title: Рада вирішує закрити міст
  summary: Рада проголосувала за закриття.
  category: remont
  sources: [rada, hazeta]
- id: zakryttia
  date: 2025-03-01
  time: 06:00+02:00
  title: Міст закрито
  summary: Міст закрито ([Міська рада](source:rada)).
  category: transport
  regions: [staryi-horod, pravyi-bereh]
  people: [mer]
  featured: true
  sources: [rada]
- id: obizd
  date: 2025-03-22
  title: Відкрито об’їзд
  summary: Запрацював об’їзд ([Міська газета](source:hazeta)).
  category: transport
  regions: [pravyi-bereh]
  featured: true
  sources: [hazeta]
""",
    "quotes.yaml": """\
- id: bezpeka
  text: Ми відкриємо міст, коли він буде безпечним.
  speaker: mer
  occasion: Заява ради
  date: 2025-02-28
  language: uk
  featured: true
  sources: [rada, hazeta]
- id: klienty
  text: ми втратили половину покупців
  speaker: kramar
  occasion: Розмова з газетою
  date: 2025-03
  language: en
  translated: true
  partial: true
  context: Крамниця стоїть біля мосту ([Міська газета](source:hazeta)).
  featured: true
  sources: [hazeta]
""",
    "regions.yaml": """\
- id: staryi-horod
  name: Старе місто
  kind: район
  local_names:
    uk: Старе місто
  area: північний берег
  status: Центр міста ([Міська рада](source:rada)).
  hearing:
    announced: 2025-02-20
    announced_by: Міська рада
    planned: Громадські слухання заплановано на березень.
    starts: 2025-03-10
    ends: 2025-03-12
  open_questions:
    - Чи ходитиме нічний автобус.
  sources: [rada]
- id: pravyi-bereh
  name: Правий берег
  kind: район
  area: південний берег
  status: Житловий район ([Міська газета](source:hazeta)).
  hearing:
    announced: 2025-02
    announced_by: Міська рада
    planned: Дату слухань не оголошено.
    starts: 2025-03-15
  sources: [hazeta]
""",
    "figures.yaml": "- id: misiatsi\n  value: Шість\n  label: місяців ремонту\n  sources: [rada]\n",
    "updates.yaml": """\
- date: 2025-03-04T09:00:00+00:00
  kind: correction
  text: Виправлено дату ([Міська рада](source:rada)).
- date: 2025-03-05T09:00:00+00:00
  kind: update
  text: Додано об’їзд ([Міська газета](source:hazeta)).
""",
    "sections/shcho.md": "---\ntitle: Що сталося\norder: 1\n---\nМіст закрито ([Міська рада](source:rada)).\n",
    "pages/metodolohiia.md": "---\ntitle: Як ми працювали\ndescription: Звідки факти.\norder: 1\n---\nУсі факти мають джерела.\n",
}
EVERY_KIND_OF_PAGE = {"index.html", "timeline.html", "quotes.html", "regions.html", "sources.html", "404.html",
                      "pages/index.html", "pages/metodolohiia.html", "embed/timeline.html", "embed/quote-bezpeka.html",
                      "embed/quote-klienty.html"}
ALLOWED_LATIN = {"UTC", "JSON", "CSV"}  # the same in every language
SHARED = ("description", "og:title", "og:description", "og:site_name", "og:image:alt", "twitter:title",
          "twitter:description", "twitter:image:alt")  # the meta tags whose words a share card shows


def latin_words(page: lxml_html.HtmlElement) -> set[str]:
    """Words in Latin letters a reader sees or hears: text outside code, scripts and copyable snippets (the filters'
    <template> included), the attributes a screen reader or a share card reads, and the texts the script shows."""
    for element in page.xpath("//script | //style | //code | //textarea"):
        element.drop_tree()
    shown = " or ".join(f"@name='{n}' or @property='{n}'" for n in SHARED)
    texts = page.xpath(f"//body//text() | //title/text() | //@aria-label | //@title | //@alt | //@placeholder"
                       f" | //@data-template | //meta[{shown}]/@content | //link[@rel='alternate']/@title")
    filled = (re.sub(r"\{\w+\}", "", text) for text in texts)  # placeholders the script fills in
    return {word for text in filled for word in re.findall(r"[A-Za-z]{2,}", text)} - ALLOWED_LATIN


def ukrainian_project(root: Path, language: str, events: str = "") -> Path:
    for name, text in UKRAINIAN.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        text = text.format(language=language) if name == "site.yaml" else text
        (root / "content" / name).write_text(text + events if name == "timeline.yaml" else text, encoding="utf-8")
    return root


@pytest.mark.parametrize("language", ["uk", "ru"])
def test_no_english_interface_word_remains_in_ukrainian_or_russian(tmp_path, language):
    project = ukrainian_project(tmp_path / "project", language)
    assert write_site(Project.at(project)).ok
    pages = {uri: lxml_html.fromstring(data) for uri, data in snapshot(project / "dist").items() if uri.endswith(".html")}
    assert set(pages) == EVERY_KIND_OF_PAGE
    timeline = pages["timeline.html"]
    assert timeline.xpath("//p[@class='gap']") and timeline.xpath("//span[@class='key-label']"), "gaps and the key day"
    assert pages["index.html"].xpath("//section[@id='updates']//li") and pages["regions.html"].xpath("//dl[@class='place-facts']")
    found = {uri: words for uri, page in pages.items() if (words := latin_words(page))}
    assert not found, found


def test_a_timeline_split_by_year_speaks_the_sites_language(tmp_path):
    filler = "".join(f"- id: podiia-{n}\n  date: 2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}\n  title: Подія {n}\n"
                     f"  summary: Подія.\n  category: remont\n  sources: [rada]\n" for n in range(150))
    project = ukrainian_project(tmp_path / "project", "uk", filler)
    assert write_site(Project.at(project)).ok
    pages = {uri: lxml_html.fromstring(data) for uri, data in snapshot(project / "dist").items()
             if uri.startswith("timeline")}
    assert set(pages) == {"timeline.html", "timeline-2023.html", "timeline-2024.html", "timeline-2025.html"}
    assert pages["timeline.html"].xpath("//section[@class='period'][1]/preceding-sibling::p[1]/text()") == [
        "155 подій, за роками й місяцями:"]
    found = {uri: words for uri, page in pages.items() if (words := latin_words(page))}
    assert not found, found


@pytest.mark.parametrize("language, expected", [
    ("uk", {"gaps": ["Приблизно через 20 місяців", "Через 9 днів", "Через 3 тижні"], "key": "Ключовий день",
            "shown": "Показано {shown} з {total} подій", "byline": "Автори: Олена Приклад, журналістка, Петро Зразок",
            "quote": "«…ми втратили половину покупців…»", "labels": ["Переклад з англійської", "Неповна цитата"],
            "cites": ["Джерела:", "Джерело:"], "cited": ["Цитується 5 разів", "Цитується 7 разів"],
            "starts": "10 березня 2025",
            "footer": "номери в тексті ведуть до списку джерел."}),
    ("ru", {"gaps": ["Примерно через 20 месяцев", "Через 9 дней", "Через 3 недели"], "key": "Ключевой день",
            "shown": "Показано {shown} из {total} событий", "byline": "Авторы: Олена Приклад, журналістка, Петро Зразок",
            "quote": "«…ми втратили половину покупців…»", "labels": ["Перевод с английского", "Неполная цитата"],
            "cites": ["Источники:", "Источник:"], "cited": ["Цитируется 5 раз", "Цитируется 7 раз"],
            "starts": "10 марта 2025",
            "footer": "номера в тексте ведут к списку источников."}),
])
def test_what_layouts_write_follows_the_sites_language(tmp_path, language, expected):
    project = ukrainian_project(tmp_path / "project", language)
    assert write_site(Project.at(project)).ok
    page = {name: lxml_html.fromstring((project / "dist" / name).read_bytes())
            for name in ("index.html", "timeline.html", "quotes.html", "regions.html", "sources.html")}
    timeline, quotes = page["timeline.html"], page["quotes.html"]
    assert timeline.xpath("//p[@class='gap']/text()") == expected["gaps"]
    assert timeline.xpath("//span[@class='key-label']/text()") == [expected["key"]]
    assert timeline.xpath("//span[@role='status']/@data-template") == [expected["shown"]]
    assert page["index.html"].xpath("string(//p[@class='byline'])") == expected["byline"]
    assert quotes.xpath("//figure[@data-quote-id='klienty']//blockquote/p/text()") == [expected["quote"]]
    assert quotes.xpath("//figure[@data-quote-id='klienty']//span[@class='label']/text()") == expected["labels"]
    assert [cite.text for cite in quotes.xpath("//figure//span[@class='cite']")] == [c + " " for c in expected["cites"]]
    assert page["sources.html"].xpath("//summary/text()") == expected["cited"]
    assert page["regions.html"].xpath("string(//dl[@class='place-facts']/dd[4])") == expected["starts"]
    assert page["index.html"].xpath("string(//footer)").split("; ")[1].startswith(expected["footer"])


@pytest.mark.parametrize("unit, counts, uk, ru", [
    ("week", (1, 2, 5, 21), ["1 тиждень", "2 тижні", "5 тижнів", "21 тиждень"], ["1 неделю", "2 недели", "5 недель", "21 неделю"]),
    ("year", (1, 3, 11, 22), ["1 рік", "3 роки", "11 років", "22 роки"], ["1 год", "3 года", "11 лет", "22 года"]),
    ("day", (1, 4, 14, 31), ["1 день", "4 дні", "14 днів", "31 день"], ["1 день", "4 дня", "14 дней", "31 день"]),
    ("month", (1, 2, 6, 12), ["1 місяць", "2 місяці", "6 місяців", "12 місяців"], ["1 месяц", "2 месяца", "6 месяцев", "12 месяцев"]),
])
def test_the_time_between_two_dates_takes_the_case_and_number_its_phrase_needs(unit, counts, uk, ru):
    for language, spans in (("uk", uk), ("ru", ru)):
        assert [shipped(language).text(f"gap.{unit}", count=n) for n in counts] == spans
    assert shipped("en").text("gap.about", span=shipped("en").text(f"gap.{unit}", count=counts[1])) == (
        f"About {counts[1]} {unit}s later")


@pytest.mark.parametrize("language, many, few", [
    ("en", "All 12,500 events, in the timeline", "All 999 events, in the timeline"),
    ("uk", "Усі 12\u00a0500 подій — у хронології", "Усі 999 подій — у хронології"),
    ("ru", "Все 12\u00a0500 событий — в хронологии", "Все 999 событий — в хронологии"),
])
def test_a_count_is_written_with_the_languages_thousands(language, many, few):
    words = shipped(language)
    assert words.text("regions.all_events", count=12500) == many == str(words.markup("regions.all_events", count=12500))
    assert words.text("regions.all_events", count=999) == few
