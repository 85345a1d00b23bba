"""Language editions: a small project with a Ukrainian edition, built by the command. The switcher, the alternates,
the staleness gate (stale and missing translations, note or error), `explainer status`, quotations shown as the
newsroom's translation, and a rebuild after editing a translation."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree

from explainer.editions import fingerprint
from explainer.formats.sitemap import XHTML_NS
from explainer.pipeline import check_site, write_site
from explainer.project import Project
from explainer.provenance import sha256
from explainer.rebuild.session import Session
from helpers import MINI, build, command, page, previewed, snapshot, write_tree

BASE = "https://example.org/story/"
ARCHIVE = "Putin warned the West: “This is not a bluff.” He called up 300,000 reservists.\n"
SOURCES = MINI["sources.yaml"] + f"  archive: archive/nbc.txt\n  archived: 2022-09-22\n  archive_sha256: {sha256(ARCHIVE)}\n"
UK_TIMELINE = f"""\
- id: address
  title: Звернення
  summary: Путін виступив.
  from: {{title: {fingerprint('The address')}, summary: {fingerprint('Putin spoke.')}}}
"""
EDITION = {
    "site.yaml": MINI["site.yaml"].replace("language: en\n", f"language: en\neditions: [uk]\nbase_url: {BASE}\n"),
    "sources.yaml": SOURCES,
    "archive/nbc.txt": ARCHIVE,
    "uk/site.yaml": f"""\
title: Тестовий заголовок
dek: Короткий вступ.
from: {{title: {fingerprint('Test headline')}, dek: {fingerprint('A short standfirst.')}}}
""",
    "uk/timeline.yaml": UK_TIMELINE,
    "uk/quotes.yaml": f"""\
- id: bluff
  text: Це не блеф.
  from: {{text: {fingerprint('This is not a bluff.')}}}
""",
}


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    """The content folder of a project with an English original and a Ukrainian edition."""
    return write_tree(tmp_path / "content", {**MINI, **EDITION})


def built(content: Path) -> Path:
    outcome = build(content, content.parent / "dist")
    assert outcome.returncode == 0, outcome.stderr
    return content.parent / "dist"


def listed_pages(dist: Path) -> list[str]:
    """Every indexable page of both editions: not the 404 page, nor the embeds."""
    return sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*.html")
                  if p.name != "404.html" and "embed" not in p.relative_to(dist).parts)


def alternates(dist: Path, uri: str) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in page(dist / uri).xpath("//head/link[@hreflang]")}


def test_the_switcher_leads_to_the_same_page_in_the_other_edition(edition: Path) -> None:
    dist = built(edition)
    pages = [p.relative_to(dist).as_posix() for p in dist.rglob("*.html") if "embed" not in p.parts]
    assert "uk/timeline.html" in pages and "timeline.html" in pages
    for uri in pages:
        links = page(dist / uri).xpath("//nav[@class='editions']//a")
        assert [a.get("hreflang") for a in links] == ["en", "uk"], uri
        targets = {a.get("hreflang"): urljoin(uri, a.get("href")) for a in links}
        bare = uri.removeprefix("uk/")
        assert targets == {"en": bare, "uk": f"uk/{bare}"}, uri
        assert all((dist / target).is_file() for target in targets.values()), uri


def test_every_page_and_the_sitemap_name_each_edition_reciprocally_with_x_default(edition: Path) -> None:
    dist = built(edition)
    pages = listed_pages(dist)
    assert len(pages) == 2 * len([p for p in pages if not p.startswith("uk/")])
    for uri in pages:
        bare = uri.removeprefix("uk/")
        expected = {"en": BASE + bare, "uk": f"{BASE}uk/{bare}", "x-default": BASE + bare}
        expected = {key: value.removesuffix("index.html") for key, value in expected.items()}
        assert alternates(dist, uri) == expected, uri
        assert alternates(dist, f"uk/{bare}") == alternates(dist, bare)  # reciprocal
    sitemap = etree.parse(str(dist / "sitemap.xml"))
    entries = sitemap.getroot()
    assert len(entries) == len(pages)
    for entry in entries:
        loc = entry[0].text
        links = {link.get("hreflang"): link.get("href") for link in entry.iter(f"{{{XHTML_NS}}}link")}
        assert loc in links.values() and set(links) == {"en", "uk", "x-default"}
        assert links["x-default"] == links["en"] and links["uk"] == links["en"].replace(BASE, f"{BASE}uk/")
    assert page(dist / "uk/index.html").get("lang") == "uk" and page(dist / "index.html").get("lang") == "en"
    assert (dist / "uk/feed.xml").is_file() and (dist / "uk/data/timeline.json").is_file()
    assert (dist / "uk/embed/timeline.html").is_file()
    assert "Звернення" in (dist / "uk/data/timeline.json").read_text(encoding="utf-8")
    languages = sorted(p.name.split(".")[1].split("_")[0] for p in (dist / "pagefind").glob("pagefind.*.pf_meta"))
    assert languages == ["en", "uk"]  # Pagefind's index, split by the pages' <html lang>


def test_without_a_base_url_no_page_names_a_relative_alternate(edition: Path) -> None:
    """Search engines take only absolute hreflang addresses: without a base URL the alternates are left out (and
    the build says so), while the switcher still links the editions."""
    site = edition / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(f"base_url: {BASE}\n", ""), encoding="utf-8")
    outcome = build(edition, edition.parent / "dist")
    assert outcome.returncode == 0 and "hreflang alternates" in outcome.stdout + outcome.stderr
    dist = edition.parent / "dist"
    for uri in listed_pages(dist):
        assert alternates(dist, uri) == {}, uri
        assert len(page(dist / uri).xpath("//nav[@class='editions']//a")) == 2, uri


def test_a_changed_original_makes_the_translation_stale_at_its_line(edition: Path) -> None:
    timeline = edition / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace("summary: Putin spoke.", "summary: Putin spoke on television."))
    outcome = build(edition, edition.parent / "dist")
    assert outcome.returncode == 0, outcome.stderr
    assert ("content/uk/timeline.yaml:3:12: note: event 'address', summary: translated from an older version of "
            "content/timeline.yaml:5; the original now says “Putin spoke on television.”") in outcome.stderr
    card = page(edition.parent / "dist/uk/timeline.html").xpath("//article[@id='event-address']")[0]
    shown = card.xpath(".//div[@class='untranslated']")[0]
    assert shown.get("lang") == "en" and shown.text_content().strip() == "Putin spoke on television."
    assert card.xpath(".//p[@class='untranslated-note']")[0].text == "Переклад оновлюється"
    assert "Путін виступив" not in etree.tostring(card, encoding="unicode")  # never the outdated translation
    assert card.xpath(".//h3/a")[0].text == "Звернення"  # the title's translation is still current
    listed = command("status", "--content", str(edition))
    assert listed.returncode == 0
    assert re.search(r"content/uk/timeline\.yaml:3:12: stale: event 'address', summary; the original "
                     r"\(.*content/timeline\.yaml:5\) says “Putin spoke on television\.”; from: "
                     + fingerprint("Putin spoke on television."), listed.stdout), listed.stdout


def test_a_missing_translation_shows_the_original_marked_and_is_listed(edition: Path) -> None:
    dist = built(edition)
    title = page(dist / "uk/timeline.html").xpath("//article[@id='event-counteroffensive']//h3")[0]
    assert title.xpath("./a")[0].get("lang") == "en" and title.xpath("./a")[0].text == "Counteroffensive"
    assert title.xpath("./span[@class='untranslated-note']")[0].text == "Ще не перекладено"
    listed = command("status", "--content", str(edition)).stdout
    assert f"missing: event 'counteroffensive', title; the original (" in listed
    assert f"says “Counteroffensive”; from: {fingerprint('Counteroffensive')}" in listed
    assert re.search(r"^uk: 0 stale, \d+ missing$", listed, re.M)


def test_translation_gaps_error_stops_the_build_and_leaves_dist_alone(edition: Path) -> None:
    dist = built(edition)
    before = snapshot(dist)
    site = edition / "site.yaml"
    site.write_text(site.read_text().replace("editions: [uk]\n", "editions: [uk]\ntranslation_gaps: error\n"))
    outcome = build(edition, dist)
    assert outcome.returncode == 1
    assert "content/uk/timeline.yaml: error: " in outcome.stderr and "not translated into 'uk'" in outcome.stderr
    assert snapshot(dist) == before


def test_a_quotation_shown_as_a_translation_says_so_and_is_not_checked_as_the_original(edition: Path) -> None:
    dist = built(edition)  # 'Це не блеф.' is in no archive: checked as the speaker's words, it would fail
    card = page(dist / "uk/quotes.html").xpath("//figure[@id='quote-bluff']")[0]
    quote = card.xpath(".//blockquote")[0]
    assert quote.get("lang") == "uk" and "Це не блеф." in quote.text_content()
    assert "Переклад редакції з англійської" in [label.text for label in card.xpath(".//span[@class='label']")]
    original = page(dist / "quotes.html").xpath("//figure[@id='quote-bluff']//span[@class='label']")
    assert "Translated from Russian" in [label.text for label in original]


def test_a_quotation_said_in_the_editions_language_is_checked_against_its_archive(edition: Path) -> None:
    quotes = edition / "quotes.yaml"
    quotes.write_text(quotes.read_text().replace("language: ru", "language: uk"))
    sources = edition / "sources.yaml"
    sources.write_text(sources.read_text() + "  language: uk\n")
    outcome = build(edition, edition.parent / "dist")
    assert outcome.returncode == 1
    assert "content/uk/quotes.yaml:2:9: error: text: the quotation is not in" in outcome.stderr


def test_unknown_ids_and_fields_in_a_translation_are_errors_at_their_line(edition: Path) -> None:
    (edition / "uk/timeline.yaml").write_text(UK_TIMELINE + "  date: 2022-09-21\n- id: counteroffensiv\n"
                                              "  title: Контрнаступ\n")
    outcome = build(edition, edition.parent / "dist")
    assert outcome.returncode == 1
    assert ("content/uk/timeline.yaml:6:7: error: there is no event 'counteroffensiv' in the original; did you "
            "mean 'counteroffensive'?") in outcome.stderr
    assert "content/uk/timeline.yaml:5:3: error: unknown field 'date' in a translation; 'date' does not change " \
           "with the language" in outcome.stderr


def test_status_stamp_sets_the_fingerprint_of_the_field_named(edition: Path) -> None:
    timeline = edition / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace("summary: Putin spoke.", "summary: Putin spoke at length."))
    translation = edition / "uk/timeline.yaml"
    translation.write_text(UK_TIMELINE.replace("Путін виступив.", "Путін довго виступав."))
    stamped = command("status", "--content", str(edition), "--stamp", f"{translation}:3")
    assert stamped.returncode == 0, stamped.stderr
    assert translation.read_text() == UK_TIMELINE.replace("Путін виступив.", "Путін довго виступав.").replace(
        fingerprint("Putin spoke."), fingerprint("Putin spoke at length."))
    assert "stale" not in build(edition, edition.parent / "dist").stderr


def test_a_rebuild_after_editing_a_translation_equals_a_clean_build(edition: Path, tmp_path: Path) -> None:
    project = Project.at(tmp_path, edition, tmp_path / "dist")
    session = Session(project.cache_path)
    assert write_site(project, session).ok
    translation = edition / "uk/timeline.yaml"
    translation.write_text(translation.read_text().replace("title: Звернення", "title: Звернення до нації"))
    rebuilt = write_site(project, session)
    clean = check_site(project)
    assert rebuilt.ok and {o.uri: o.data for o in rebuilt.outputs if not o.uri.startswith("pagefind/")} == {
        o.uri: o.data for o in clean.outputs}
    assert "Звернення до нації" in (tmp_path / "dist/uk/timeline.html").read_text(encoding="utf-8")


def test_the_preview_serves_every_edition(edition: Path, tmp_path: Path) -> None:
    project = Project.at(tmp_path, edition, tmp_path / "dist")
    served = previewed(project, Session())  # as the preview builds: pages in memory
    pages = served.files.keys() | served.pending.keys()
    assert {"index.html", "uk/index.html", "uk/timeline.html", "uk/quotes.html"} <= pages
    beside = {o.uri for o in served.site.beside()}
    assert {"uk/feed.xml", "uk/data/timeline.json", "feed.xml", "sitemap.xml"} <= beside
    assert "uk/sitemap.xml" not in beside and not (tmp_path / "dist").exists()


def test_the_editions_share_one_environment_that_a_build_leaves_as_it_was(edition: Path, tmp_path: Path) -> None:
    """The original and its editions render through one Jinja environment (each layout compiled once), and a
    build's words, addresses and shared values reach its layouts, a macro imported without context too, without
    changing that environment."""
    write_tree(tmp_path / "layouts", {"partials/skip.html": "{% macro skip() %}{{ t('skip_link') }}{% endmacro %}",
                                      "404.html": "{% import 'partials/skip.html' as s %}<p>{{ s.skip() }}</p>\n"})
    project = Project.at(tmp_path, edition, tmp_path / "dist")
    session = Session(project.cache_path)
    names = dict(session.layouts.globals)
    assert write_site(project, session).ok
    assert (tmp_path / "dist/404.html").read_text(encoding="utf-8") == "<p>Skip to content</p>\n"
    assert (tmp_path / "dist/uk/404.html").read_text(encoding="utf-8") == "<p>Перейти до основного змісту</p>\n"
    assert session.edition("uk/").layouts is session.layouts
    assert session.layouts.globals == names
