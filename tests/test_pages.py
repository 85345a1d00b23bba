"""Standalone Markdown pages: content/pages/NAME.md becomes pages/NAME.html, listed on pages/index.html."""

from __future__ import annotations

from lxml import html as lxml_html

from conftest import MINI, run_build, write_tree

PAGES = {
    "pages/methodology.md": "---\ntitle: How we work\ndescription: Sourcing and corrections.\norder: 1\n---\n"
                            "# Sourcing\n\nEvery fact cites [a source](source:nbc). See [the timeline](../timeline.html).\n",
    "pages/about.md": "---\ntitle: About this explainer\n---\nWho made it.\n",
}


def test_each_page_is_built_listed_and_linked(tmp_path):
    content = write_tree(tmp_path / "content", {**MINI, **PAGES})
    output = tmp_path / "dist"
    result = run_build("--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stderr
    page = lxml_html.fromstring((output / "pages" / "methodology.html").read_bytes())
    assert page.xpath("//h1/text()") == ["How we work"] and page.xpath("//main//h2/text()") == ["Sourcing"]
    assert "../sources.html#source-nbc" in page.xpath("//main//a/@href")
    assert page.xpath("//meta[@name='description']/@content") == ["Sourcing and corrections."]
    assert page.xpath("//link[@rel='stylesheet']/@href")[0].startswith("../assets/style.")
    listing = lxml_html.fromstring((output / "pages" / "index.html").read_bytes())
    assert listing.xpath("//main//li/a/@href") == ["../pages/methodology.html", "../pages/about.html"], "order, then title"
    home = lxml_html.fromstring((output / "index.html").read_bytes())
    assert "pages/index.html" in home.xpath("//footer//a/@href")


def test_without_pages_there_is_no_listing(tmp_path):
    content = write_tree(tmp_path / "content", MINI)
    assert run_build("--content", str(content), "--output", str(tmp_path / "dist")).returncode == 0
    assert not (tmp_path / "dist" / "pages").exists()
    assert "pages/index.html" not in (tmp_path / "dist" / "index.html").read_text()


def test_a_page_with_a_bad_field_or_source_is_a_clear_error(tmp_path):
    broken = {"pages/about.md": "---\ntitel: About\n---\nSee [x](source:nbcc).\n"}
    content = write_tree(tmp_path / "content", {**MINI, **broken})
    result = run_build("--content", str(content), "--output", str(tmp_path / "dist"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pages/about.md:2:1: error: unknown field 'titel'; did you mean 'title'?" in result.stderr
