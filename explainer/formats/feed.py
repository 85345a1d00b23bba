"""The Atom feed (RFC 4287): the explainer's publication and every update and correction, dated from content."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from html import escape

from ..catalogue import Catalogue
from ..model import Explainer, Markdown, Update

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
Html = Callable[[Markdown], str]


def atom(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
    element.text = text
    return element


def feed_id(explainer: Explainer) -> str:
    """A permanent id that survives a move, a new base URL and a reworded headline."""
    site = explainer.site
    return uuid.uuid5(uuid.NAMESPACE_URL, f"explainer:{site.publisher.name}:{site.published.isoformat()}").urn


def entry_ids(explainer: Explainer) -> dict[Update, str]:
    """Each update's id, from the feed's id, its date and kind (and its rank among updates that share both)."""
    seen: Counter[tuple[datetime, str]] = Counter()
    ids = {}
    for update in explainer.updates:
        seen[update.date, update.kind] += 1
        key = f"{feed_id(explainer)}:{update.date.isoformat()}:{update.kind}:{seen[update.date, update.kind]}"
        ids[update] = uuid.uuid5(uuid.NAMESPACE_URL, key).urn
    return ids


def add_entry(feed: ET.Element, entry_id: str, title: str, moment: datetime, html: str,
              link: str | None, kind: str) -> None:
    entry = atom(feed, "entry")
    atom(entry, "id", entry_id)
    atom(entry, "title", title)
    atom(entry, "published", moment.isoformat())
    atom(entry, "updated", moment.isoformat())
    atom(entry, "category", term=kind)
    if link:
        atom(entry, "link", rel="alternate", type="text/html", href=link)
    atom(entry, "content", html, type="html")


def atom_feed(explainer: Explainer, base_url: str | None, html: Html, words: Catalogue) -> bytes:
    """The feed; without a base URL it has no links (readers resolve the content's links against the feed)."""
    site = explainer.site
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {f"{{{XML_NS}}}lang": site.language})
    atom(feed, "id", feed_id(explainer))
    atom(feed, "title", site.title)
    atom(feed, "subtitle", words.text("feed.subtitle", description=site.description))
    atom(feed, "updated", explainer.modified.isoformat())
    for byline in site.bylines:
        atom(atom(feed, "author"), "name", byline.name)
    if base_url:
        feed.set(f"{{{XML_NS}}}base", base_url)
        atom(feed, "link", rel="self", type="application/atom+xml", href=f"{base_url}feed.xml")
        atom(feed, "link", rel="alternate", type="text/html", href=base_url)
    ids = entry_ids(explainer)
    for update in sorted(explainer.updates, key=lambda u: u.date, reverse=True):
        title = words.text(f"feed.{update.kind}", moment=words.timestamp(update.date))
        add_entry(feed, ids[update], title, update.date, html(update.text),
                  f"{base_url}#updates" if base_url else None, update.kind)
    add_entry(feed, uuid.uuid5(uuid.NAMESPACE_URL, f"{feed_id(explainer)}:published").urn,
              words.text("feed.published", title=site.title), site.published, f"<p>{escape(site.dek)}</p>", base_url, "published")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
