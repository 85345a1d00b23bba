"""Where the site lives on the web: absolute URLs from the base URL, sitemap.xml, robots.txt and _headers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

from ..plan import address, listed

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NO_BASE_URL = ("Note: no base URL, so canonical links, hreflang alternates, og:url, og:image, sitemap.xml and the "
               "feed's links were left out; pass --base-url or set base_url in content/site.yaml")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def normalised(base_url: str | None) -> str | None:
    """The base URL ending in exactly one '/', or None when there is none."""
    return base_url.rstrip("/") + "/" if base_url else None


def page_url(base_url: str | None, uri: str) -> str | None:
    """The absolute URL of a site-relative URI ('index.html' is the folder itself), or None without a base URL."""
    if base_url is None:
        return None
    return base_url + ("" if uri == address("home") else uri)


def sitemap_xml(base_url: str, uris: Iterable[str], modified: datetime,
                editions: tuple[tuple[str, str], ...] = ()) -> bytes:
    """A sitemaps.org urlset of every listed page, each last modified when the explainer was; with `editions`
    (language, folder), each page names itself in every edition, and the original as x-default."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    folders = [folder for _, folder in editions if folder]
    alternates = [*editions, ("x-default", editions[0][1])] if editions else []
    for uri in sorted(u for u in uris if listed(u.removeprefix(edition_folder(u, folders)))):
        folder = edition_folder(uri, folders)
        bare = uri.removeprefix(folder)
        entry = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = page_url(base_url + folder, bare)
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = modified.isoformat()
        for language, other in alternates:
            ET.SubElement(entry, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=language,
                          href=page_url(base_url + other, bare) or "")
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def edition_folder(uri: str, folders: list[str]) -> str:
    """The edition's folder a page is in ('uk/'), or '' for the original's."""
    return next((folder for folder in folders if uri.startswith(folder)), "")


def robots_txt(base_url: str | None) -> bytes:
    """Allow everything, and name the sitemap when its address is known."""
    lines = ["# Crawlers read robots.txt only at the root of a host: under a subpath, copy these lines there.",
             "User-agent: *", "Disallow:"]
    if base_url:
        lines.append(f"Sitemap: {base_url}sitemap.xml")
    return ("\n".join(lines) + "\n").encode()


def headers_file(base_url: str | None, uris: Iterable[str]) -> bytes:
    """Netlify / Cloudflare Pages rules: hashed assets and pictures cached for a year, everything else revalidated;
    each file matches one rule (hosts join the headers of every rule that matches)."""
    base_path = urlsplit(base_url).path if base_url else "/"
    rules = [(base_path, REVALIDATE), *cache_rules(base_path, list(uris))]
    lines = ["# Cache headers for hosts that read a _headers file (Netlify, Cloudflare Pages); see docs/publishing.md."]
    lines += [f"{path}\n  Cache-Control: {value}" for path, value in rules]
    return ("\n".join(lines) + "\n").encode()


def cache_rules(path: str, uris: list[str]) -> list[tuple[str, str]]:
    """The rules for the files under `path`: its hashed folders for a year, a folder holding one (an edition's)
    rule by rule inside it, every other folder and file revalidated."""
    hashed = sorted({u.split("/")[0] for u in uris if u.startswith(("assets/", "images/"))})
    folders = sorted({u.split("/")[0] for u in uris if "/" in u} - set(hashed))
    rules = [(f"{path}{folder}/*", IMMUTABLE) for folder in hashed]
    for folder in folders:
        inside = [u.split("/", 1)[1] for u in uris if u.startswith(f"{folder}/")]
        if any(u.startswith(("assets/", "images/")) for u in inside):
            rules += [(f"{path}{folder}/", REVALIDATE), *cache_rules(f"{path}{folder}/", inside)]
        else:
            rules.append((f"{path}{folder}/*", REVALIDATE))
    return rules + [(f"{path}{name}", REVALIDATE) for name in sorted(u for u in uris if "/" not in u and u != address("headers"))]
