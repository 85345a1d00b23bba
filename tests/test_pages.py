"""Standalone Markdown pages: content/pages/NAME.md becomes pages/NAME.html, listed on pages/index.html."""

from __future__ import annotations

from lxml import html as lxml_html

from helpers import MINI, command, write_tree

PAGES = {
    "pages/methodology.md": "---\ntitle: How we work\ndescription: Sourcing and corrections.\norder: 1\n---\n"
                            "# Sourcing\n\nEvery fact cites [a source](source:nbc). See [the timeline](timeline.html).\n",
    "pages/about.md": "---\ntitle: About this explainer\n---\nWho made it.\n",
}


def test_each_page_is_built_listed_and_linked(tmp_path):
    content = write_tree(tmp_path / "content", {**MINI, **PAGES})
    output = tmp_path / "dist"
    result = command("--content", str(content), "--output", str(output))
    assert result.returncode == 0, result.stderr
    page = lxml_html.fromstring((output / "pages" / "methodology.html").read_bytes())
    assert page.xpath("//h1/text()") == ["How we work"] and page.xpath("//main//h2/text()") == ["Sourcing"]
    assert "../sources.html#source-nbc" in page.xpath("//main//a/@href")
    assert page.xpath("//meta[@name='description']/@content") == ["Sourcing and corrections."]
    assert [href.split(".")[2][len("/assets/"):] for href in page.xpath("//link[@rel='stylesheet']/@href")] == [
        "theme", "style", "print"]
    listing = lxml_html.fromstring((output / "pages" / "index.html").read_bytes())
    assert listing.xpath("//main//li/a/@href") == ["../pages/methodology.html", "../pages/about.html"], "order, then title"
    home = lxml_html.fromstring((output / "index.html").read_bytes())
    assert "pages/index.html" in home.xpath("//footer//a/@href")


def test_without_pages_there_is_no_listing(tmp_path):
    content = write_tree(tmp_path / "content", MINI)
    assert command("--content", str(content), "--output", str(tmp_path / "dist")).returncode == 0
    assert not (tmp_path / "dist" / "pages").exists()
    assert "pages/index.html" not in (tmp_path / "dist" / "index.html").read_text()


def test_a_page_with_a_bad_field_or_source_is_a_clear_error(tmp_path):
    broken = {"pages/about.md": "---\ntitel: About\n---\nSee [x](source:nbcc).\n"}
    content = write_tree(tmp_path / "content", {**MINI, **broken})
    result = command("--content", str(content), "--output", str(tmp_path / "dist"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pages/about.md:2:1: error: unknown field 'titel'; did you mean 'title'?" in result.stderr


def test_links_and_images_written_from_the_site_root_work_from_a_page_one_folder_down(project):
    (project / "assets" / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n', encoding="utf-8")
    write_tree(project / "content", {"pages/chart.md": "---\ntitle: A chart\n---\n## How to read it\n\n"
                                     "![The chart](assets/chart.svg) Next to [the timeline](timeline.html#top).\n"})
    result = command(cwd=project)
    assert result.returncode == 0, result.stderr
    page = lxml_html.fromstring((project / "dist" / "pages" / "chart.html").read_bytes())
    image = page.xpath("//main//img/@src")[0]
    assert image.startswith("../assets/chart.") and (project / "dist" / "pages" / image).is_file(), "the hashed file"
    assert "../timeline.html#top" in page.xpath("//main//a/@href")
    assert page.xpath("//main//h2/text()") == ["How to read it"], "the page's top heading sits right under its h1"


def test_links_that_would_leave_the_site_or_name_a_missing_asset_are_errors(tmp_path):
    text = "---\ntitle: Links\n---\nSee [up](../timeline.html), [root](/sources.html) and ![x](assets/none.png).\n"
    content = write_tree(tmp_path / "content", {**MINI, "pages/links.md": text})
    result = command("--content", str(content), "--output", str(tmp_path / "dist"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert ("pages/links.md:4:10: error: link: '../timeline.html' is not allowed; write links to the site's pages "
            "from its root, e.g. 'timeline.html#event-ID', so they work under any subpath") in "\n".join(lines)
    assert any(line.endswith("pages/links.md:4:36: error: link: '/sources.html' is not allowed; write links to the "
                             "site's pages from its root, e.g. 'timeline.html#event-ID', so they work under any subpath")
               for line in lines)
    assert any("link: 'assets/none.png' names no file in assets/; add the file to assets/ or correct its name" in line
               for line in lines)
    assert not (tmp_path / "dist").exists()
