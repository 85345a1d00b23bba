"""Theming without copying files: a project's assets/theme.css alone recolours the site, each partial of the frame
(header, brand, footer, analytics) is overridden on its own, red is kept for data and the key day, and the map says
what it does not show, with its sources and date, wherever it is drawn. Real builds of real projects."""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from browser import Tab, serving
from helpers import MINI, REPO, build, command, error_lines, snapshot, write_tree

THEME = (REPO / "assets" / "theme.css").read_text(encoding="utf-8")
STYLE = (REPO / "assets" / "style.css").read_text(encoding="utf-8")
STYLES = [STYLE] + [(REPO / "assets" / name).read_text(encoding="utf-8") for name in ("lists.css", "embed.css")]
ACCENT = "light-dark(#006d5b, #7fdcc8)"  # a newsroom's green, light and dark


def made(root: Path, layouts: dict[str, str] | None = None, assets: dict[str, str] | None = None) -> dict[str, bytes]:
    """A project of the mini content with the given layouts and assets over the theme's, built: its files."""
    write_tree(root / "content", MINI)
    write_tree(root / "layouts", layouts or {})
    write_tree(root / "assets", assets or {})
    result = command("build", "--project", str(root))
    assert result.returncode == 0, result.stderr
    return snapshot(root / "dist")


def pages(files: dict[str, bytes]) -> dict[str, lxml_html.HtmlElement]:
    return {uri: lxml_html.fromstring(data) for uri, data in files.items() if uri.endswith(".html")}


def stylesheets(page: lxml_html.HtmlElement) -> list[str]:
    return page.xpath("//link[@rel='stylesheet'][not(@media)]/@href")


def green_theme() -> str:
    accent = re.compile(r"--accent: [^;]+;")
    assert len(accent.findall(THEME)) == 1
    return accent.sub(f"--accent: {ACCENT};", THEME)


def test_a_projects_theme_css_alone_sets_every_pages_colours(tmp_path):
    files = made(tmp_path / "green", assets={"theme.css": green_theme()})
    themes = [uri for uri in files if re.fullmatch(r"assets/theme\.[0-9a-f]{10}\.css", uri)]
    assert len(themes) == 1 and files[themes[0]].decode() == green_theme()
    style = next(uri for uri in files if re.fullmatch(r"assets/style\.[0-9a-f]{10}\.css", uri))
    assert files[style].decode() == STYLE, "the stylesheet is the theme's, not a copy"
    for uri, page in pages(files).items():
        depth = "../" * uri.count("/")
        assert stylesheets(page)[:2] == [depth + themes[0], depth + style], f"{uri} does not read the theme first"
        assert all(re.fullmatch(r"(\.\./)*assets/(lists|embed)\.[0-9a-f]{10}\.css", href)
                   for href in stylesheets(page)[2:]), f"{uri} reads a stylesheet of its own only after them"
    colours = re.compile(r"#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|oklch|lab)\(|light-dark\(", re.IGNORECASE)
    assert not any(colours.findall(style) for style in STYLES), "every colour of the stylesheets comes from theme.css"


LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'


@pytest.mark.browser
def test_the_projects_accent_and_logo_are_what_readers_see_in_light_and_dark(tmp_path, browser):
    logo = "--logo: url(logo.svg);\n  --logo-width: 2rem;\n  --logo-height: 2rem;"
    theme = re.sub(r"--logo: none;.*\n.*\n.*0rem;", logo, green_theme())
    assert logo in theme
    files = made(tmp_path / "green", assets={"theme.css": theme, "logo.svg": LOGO})
    hashed = next(uri for uri in files if re.fullmatch(r"assets/logo\.[0-9a-f]{10}\.svg", uri))
    with serving(tmp_path / "green" / "dist") as url:
        for scheme, expected in (("light", "rgb(0, 109, 91)"), ("dark", "rgb(127, 220, 200)")):
            tab = Tab(browser, url, 390, scheme)
            try:
                tab.open("index.html")
                link = tab.page.evaluate("getComputedStyle(document.querySelector('.map-figure figcaption a')).color")
                current = tab.page.evaluate(
                    "getComputedStyle(document.querySelector('[aria-current=page]')).textDecorationColor")
                assert (link, current) == (expected, expected), scheme
                brand = tab.page.evaluate("(s => [s.backgroundImage, s.width])"
                                          "(getComputedStyle(document.querySelector('.site-name'), '::before'))")
                assert brand == [f'url("{url}{hashed}")', "32px"], "the logo, under its hashed name, before the name"
            finally:
                tab.close()


BRAND = ('<a class="site-name" href="{{ url(\'index.html\') }}">{{ site.name }}</a>'
         ' <span class="brand-line">An explainer from Test News</span>\n')
HEADER = '<header class="site-header"><p class="masthead">Test News</p></header>\n'
FOOTER = '<footer class="site-footer"><p class="colophon">© Test News</p></footer>\n'
ANALYTICS = '<script defer data-domain="example.com" src="https://stats.example.com/script.js"></script>\n'


@pytest.mark.parametrize("partial, text, where", [
    ("brand.html", BRAND, "//header[@class='site-header']/span[@class='brand-line']"),
    ("header.html", HEADER, "//header[@class='site-header']/p[@class='masthead']"),
    ("footer.html", FOOTER, "//footer[@class='site-footer']/p[@class='colophon']"),
    ("analytics.html", ANALYTICS, "/html/head/script[@data-domain='example.com']")],
    ids=["brand", "header", "footer", "analytics"])
def test_each_partial_of_the_frame_is_overridden_alone(tmp_path, partial, text, where):
    files = made(tmp_path / "branded", layouts={f"partials/{partial}": text})
    for uri, page in pages(files).items():
        frame = not uri.startswith("embed/")
        assert len(page.xpath(where)) == frame, f"{uri}: {where}"
        if partial != "header.html" and frame:
            assert page.xpath("//header/nav//a[@aria-current='page' or @href]"), f"{uri}: the theme's menu stays"
        if partial != "footer.html" and frame:
            assert page.xpath("//footer[@class='site-footer']//a[contains(@href, 'sources.html')]"), uri
    assert not (tmp_path / "branded" / "layouts" / "base.html").exists()


def properties(css: str) -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", css))


def is_red(value: str) -> bool:
    """Whether a colour value (a hex colour, or light-dark() of two) is a red in light or dark."""
    for hex_colour in re.findall(r"#([0-9a-f]{6})\b", value, re.IGNORECASE):
        hue, lightness, saturation = colorsys.rgb_to_hls(*(int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)))
        if (hue < 0.05 or hue > 0.95) and saturation > 0.4:
            return True
    return False


def test_red_is_for_data_and_the_key_day_and_the_furniture_is_neutral():
    reds = {name for name, value in properties(THEME).items() if is_red(value)}
    assert reds == {"--data", "--key-day"}
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", STYLE)
    for role in ("--data", "--key-day"):
        users = [selector.strip() for selector, body in rules if f"var({role})" in body]
        assert all("data-key" in s or "key-label" in s or s.startswith(".chart-") for s in users), (role, users)
    furniture = {".tag", ".in-brief li::marker", ".sources > li::marker, .source-list > li::marker", ".figure-value"}
    colour = re.compile(r"(?<![-\w])color: var\((--[\w-]+)\)")
    found = {selector.strip(): m.group(1) for selector, body in rules if (m := colour.search(body))}
    assert {selector: role for selector, role in found.items() if selector in furniture} == {
        ".tag": "--muted", ".in-brief li::marker": "--muted",
        ".sources > li::marker, .source-list > li::marker": "--muted", ".figure-value": "--text"}


def test_the_home_page_says_beside_the_map_what_it_does_not_show_and_under_it_where_it_comes_from(default_site):
    for uri in ("index.html", "regions.html"):
        page = lxml_html.fromstring((default_site / uri).read_bytes())
        caveat = page.xpath("string(//figure[@class='map-figure']/ul[@class='map-legend']/li[@class='map-caveat'])")
        assert caveat.startswith("The shading marks whole provinces, not the areas Russian forces held"), uri
        caption = page.xpath("//figure[@class='map-figure']/figcaption")[0]
        source = caption.xpath("p[@class='source-line']")[0]
        assert source.text_content().startswith("Source: NBC News. Map as of 21 September 2022. "), uri
        assert source.xpath("a/@href")[0] == "sources.html#source-nbc-2022-09-21"
        assert source.xpath("time/@datetime") == ["2022-09-21", "2018"], "the marks' day, the boundaries' year"


def test_the_maps_sources_and_date_are_checked_at_their_line(tmp_path):
    site = MINI["site.yaml"] + "  caveat: Whole provinces are shaded.\n  sources: [nope]\n  as_of: 2022-13-01\n"
    content = write_tree(tmp_path / "content", {**MINI, "site.yaml": site})
    (tmp_path / "dist").mkdir()
    result = build(content, tmp_path / "dist")
    assert result.returncode == 1
    assert [(m["file"], m["line"], m["message"]) for m in error_lines(result.stderr)] == [
        ("content/site.yaml", "31", "sources: 'nope' is not in sources; expected one of 'nbc'"),
        ("content/site.yaml", "32", "as_of: expected YYYY-MM-DD, got '2022-13-01'; 13 is not a month (01 to 12)")]
    assert not list((tmp_path / "dist").iterdir()), "a failed build leaves the output as it was"
