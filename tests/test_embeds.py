"""Embeds of others' content (tests/projects/embeds): declared in embeds.yaml, placed in Markdown with a line
'[title](embed:ID)', shown as a facade with a plain link, and loaded from the provider only on the reader's click;
raw HTML in Markdown is an error at its line that names the embed to declare instead. Every build here is the real
command on real files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from browser import VNU, Tab, require, serving
from helpers import REPO, command, errors_of, page

PROJECT = REPO / "tests" / "projects" / "embeds"
EMBEDS = (PROJECT / "content" / "embeds.yaml").read_text(encoding="utf-8")
SECTION = (PROJECT / "content" / "sections" / "footage.md").read_text(encoding="utf-8")
TIMELINE = (PROJECT / "content" / "timeline.yaml").read_text(encoding="utf-8")
DATAWRAPPER_CODE = ('<iframe title="Crossings" aria-label="Column Chart" id="datawrapper-chart-Ab3De" '
                    'src="https://datawrapper.dwcdn.net/Ab3De/2/" scrolling="no" frameborder="0" height="420"></iframe>'
                    '<script type="text/javascript">!function(){"use strict";window.addEventListener("message",'
                    'function(a){if(void 0!==a.data["datawrapper-height"]){}})}();\n</script>')
USE_EMBED = "; declare it as an embed in embeds.yaml (kind: {kind}, url: {url}, title: …) and place it with " \
            "'[its title](embed:ID)' on a line of its own"
NO_HTML = ("; write it in Markdown; to show a tag as text put it in `backticks`; for a video, post, chart or document "
           "from another site declare it in embeds.yaml (see docs/content.md, 'Embeds')")


def copy(tmp_path: Path, **files: str) -> Path:
    """A copy of the embeds project with some content files (by name inside content/) replaced."""
    root = tmp_path / "embeds"
    shutil.copytree(PROJECT, root)
    for name, text in files.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text, encoding="utf-8")
    return root


def errors(tmp_path: Path, **files: str) -> list[str]:
    root = copy(tmp_path, **files)
    outcome = command("build", cwd=root)
    assert outcome.returncode == 1 and not (root / "dist").exists()
    return errors_of(outcome.stderr)


@pytest.fixture(scope="module")
def embeds_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embeds project, built by the command."""
    root = copy(tmp_path_factory.mktemp("site"))
    outcome = command("build", cwd=root)
    assert outcome.returncode == 0, outcome.stderr
    return root / "dist"


@pytest.mark.parametrize("old, new, expected", [
    ("url: https://www.youtube.com/watch?v=aqz-KE-bpKQ", "url: https://www.youtub.com/watch?v=aqz-KE-bpKQ",
     "content/embeds.yaml:3:8: error: url: 'https://www.youtub.com/watch?v=aqz-KE-bpKQ' is not a YouTube address; "
     "write it as https://www.youtube.com/watch?v=VIDEO_ID; copy it from the address bar or the 'Share' link"),
    ("url: https://datawrapper.dwcdn.net/Ab3De/2/", "url: http://datawrapper.dwcdn.net/Ab3De/2/",
     "content/embeds.yaml:7:8: error: url: 'http://datawrapper.dwcdn.net/Ab3De/2/' is not a Datawrapper address; "
     "write it as https://datawrapper.dwcdn.net/CHART/1/; copy it from the address bar or the 'Share' link"),
    ("kind: youtube", "kind: vimeo",
     "content/embeds.yaml:3:8: error: url: 'https://www.youtube.com/watch?v=aqz-KE-bpKQ' is not a Vimeo address; "
     "write it as https://vimeo.com/123456789; or did you mean 'kind: youtube'?"),
    ("  title: The inspectors' walk under the bridge\n", "",
     "content/embeds.yaml:1:3: error: missing required field 'title'; add 'title:' (What it is, shown with it and "
     "given to its frame, e.g. 'The mayor's statement of 3 March')"),
    ("poster: poster.png", "poster: posters.png",
     "content/embeds.yaml:19:11: error: poster: there is no assets/posters.png; did you mean 'poster.png'?"),
    ("height: 420", "height: 42",
     "content/embeds.yaml:10:11: error: height: 42 pixels is outside 150 to 2000; give the height in pixels that the "
     "provider's embed code gives (height=\"…\")"),
    ("kind: youtube", "kind: tiktok",
     "content/embeds.yaml:2:9: error: kind: expected one of youtube, vimeo, x, bluesky, instagram, telegram, "
     "datawrapper, flourish, documentcloud, got 'tiktok'; expected one of 'bluesky', 'datawrapper', 'documentcloud', "
     "'flourish', 'instagram', 'telegram', 'vimeo', 'x', …"),
], ids=["host", "http", "kind", "title", "poster", "height", "unknown-kind"])
def test_each_mistake_in_an_embed_is_an_error_at_its_line(tmp_path, old, new, expected):
    assert old in EMBEDS
    assert errors(tmp_path, **{"embeds.yaml": EMBEDS.replace(old, new, 1)}) == [expected]


def test_a_datawrapper_iframe_in_a_section_is_an_error_naming_the_embed_to_use(tmp_path):
    section = SECTION + f"\nHere is the chart:\n\n{DATAWRAPPER_CODE}\n"
    datawrapper = USE_EMBED.format(kind="datawrapper", url="https://datawrapper.dwcdn.net/CHART/1/")
    assert errors(tmp_path, **{"sections/footage.md": section}) == [
        f"content/sections/footage.md:19:1: error: raw HTML: a Datawrapper <iframe> is not allowed in Markdown{datawrapper}",
        f"content/sections/footage.md:20:1: error: raw HTML: a Datawrapper <script> is not allowed in Markdown{datawrapper}"]


def test_raw_html_in_any_markdown_is_an_error_at_its_line(tmp_path):
    page = "---\ntitle: About\n---\nWho we are.\n\n<div class=\"box\">A box</div>\n\n- and <b>bold</b> in a list\n"
    summary = TIMELINE.replace("    [The mayor's post](embed:mayor-post)\n",
                               "    [The mayor's post](embed:mayor-post)\n\n"
                               "    <iframe src=\"https://www.youtube.com/embed/aqz-KE-bpKQ\"></iframe>\n")
    youtube = USE_EMBED.format(kind="youtube", url="https://www.youtube.com/watch?v=VIDEO_ID")
    assert errors(tmp_path, **{"pages/about.md": page, "timeline.yaml": summary}) == [
        f"content/pages/about.md:6:1: error: raw HTML: <div> is not allowed in Markdown{NO_HTML}",
        f"content/pages/about.md:8:7: error: raw HTML: <b> is not allowed in Markdown{NO_HTML}",
        f"content/timeline.yaml:9:1: error: raw HTML: a YouTube <iframe> is not allowed in Markdown{youtube}"]


def test_html_in_code_and_as_entities_stays_text_with_straight_quotes(tmp_path):
    root = copy(tmp_path, **{"sections/footage.md": SECTION + '\nWrite `<iframe src="x">` or &lt;b class="x"&gt;.\n'})
    assert command("build", cwd=root).returncode == 0
    paragraph = page(root / "dist" / "index.html").xpath("//p[code]")[0]
    assert paragraph.find("code").text == '<iframe src="x">'  # no typographic quotes in code
    assert '"' not in paragraph.find("code").tail and '<b class=' in paragraph.find("code").tail  # prose: typographic


def test_an_embed_link_inside_words_or_naming_no_embed_is_an_error_at_its_line(tmp_path):
    section = SECTION + "\nSee [the chart](embed:crossings-chart) above.\n\n[A video](embed:inspection-vide)\n"
    assert errors(tmp_path, **{"sections/footage.md": section}) == [
        "content/sections/footage.md:17:17: error: link: 'embed:crossings-chart' is inside other words; an embed "
        "stands alone: put '[the chart](embed:crossings-chart)' on a line of its own, with a blank line before and after",
        "content/sections/footage.md:19:11: error: link: 'embed:inspection-vide' is not in embeds; did you mean "
        "'inspection-video'?"]


def test_an_embed_is_a_facade_with_a_plain_link_and_nothing_from_the_provider(embeds_site):
    index = page(embeds_site / "index.html")
    [video] = index.xpath("//figure[@id='embed-inspection-video']")
    assert video.get("data-embed-src") == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1"
    assert video.xpath(".//figcaption//a/@href") == ["https://www.youtube.com/watch?v=aqz-KE-bpKQ"]
    assert video.xpath(".//figcaption//a")[0].text == "Watch it on YouTube"
    assert video.find(".//button").get("hidden") is not None, "the button needs the script: hidden without it"
    [chart] = index.xpath("//figure[@id='embed-crossings-chart']")
    assert chart.xpath(".//figcaption//a")[0].text == "See the chart and its data on Datawrapper"
    assert chart.xpath(".//div[@class='facade-frame']/@style") == ["height: 420px"]
    [document] = index.xpath("//figure[@id='embed-repair-plan']")
    assert document.xpath(".//img/@src")[0].startswith("assets/poster.")
    assert index.xpath("//iframe") == [] and not [src for src in index.xpath("//@src") if "//" in src]
    timeline = page(embeds_site / "timeline.html")
    assert timeline.xpath("//article[@id='event-closure']//figure/@data-embed-src") == [
        "https://embed.bsky.app/embed/did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/3kabcdefghij2"]


@pytest.mark.browser
def test_nothing_loads_from_a_provider_until_the_reader_clicks(browser, embeds_site):
    with serving(embeds_site) as site_url:
        tab = Tab(browser, site_url, 1280)
        try:
            tab.context.route(lambda url: not tab.is_local(url), lambda route: route.abort())
            requests: list[str] = []
            tab.open("index.html")
            tab.page.on("request", lambda request: requests.append(request.url))
            tab.page.wait_for_load_state("networkidle")
            assert tab.problems == [] and tab.page.locator("iframe").count() == 0
            assert [url for url in requests if not url.startswith(site_url)] == []
            for figure, provider in (("#embed-inspection-video", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
                                     ("#embed-crossings-chart", "https://datawrapper.dwcdn.net/Ab3De/2/")):
                tab.page.click(f"{figure} button")
                frame = tab.page.locator(f"{figure} iframe")
                assert frame.get_attribute("src").startswith(provider)
                assert frame.get_attribute("title") == tab.page.locator(f"{figure} .facade-title").text_content()
                assert frame.get_attribute("loading") == "lazy" and "allow-scripts" in frame.get_attribute("sandbox")
            outside = sorted({url.split("/")[2] for url in requests if not url.startswith(site_url)})
            assert outside == ["datawrapper.dwcdn.net", "www.youtube-nocookie.com"], "only what the reader asked for"
        finally:
            tab.close()


@pytest.mark.browser
def test_without_javascript_the_link_is_there_and_no_button(browser, embeds_site):
    with serving(embeds_site) as site_url:
        tab = Tab(browser, site_url, 390, javascript=False)
        try:
            tab.open("index.html")
            link = tab.page.locator("#embed-inspection-video figcaption a")
            assert link.is_visible() and link.get_attribute("href") == "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
            assert tab.page.locator("figure.facade button").evaluate_all("els => els.filter(e => e.getClientRects().length)") == []
            assert tab.problems == []
        finally:
            tab.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme, width", [("light", 390), ("dark", 1280)])
def test_the_facade_passes_axe(browser, embeds_site, scheme, width):
    with serving(embeds_site) as site_url:
        tab = Tab(browser, site_url, width, scheme)
        try:
            found = {}
            for uri in ("index.html", "timeline.html"):
                tab.open(uri)
                found.update({uri: violations} if (violations := tab.axe()) else {})
            assert found == {}
        finally:
            tab.close()


@pytest.mark.browser
def test_the_pages_with_facades_are_valid_html(embeds_site):
    require(VNU, shutil.which("java") or "java")
    pages = sorted(str(p) for p in embeds_site.rglob("*.html"))
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [f"{m['url'].rsplit('/', 2)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages] == []
