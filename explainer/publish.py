"""Publishing and reuse: what layouts need for meta tags and embeds, and the files beside the pages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from html import escape
from typing import Any

from . import feed, opendata, sitemap, structured
from .card import SocialCard, social_card
from .markup import MarkdownRenderer
from .model import Explainer, Markdown, Quote


@dataclass(frozen=True, slots=True)
class Embed:
    uri: str  # the embeddable page, site-relative
    title: str
    code: str  # the iframe HTML a reader copies (layouts escape it once more to show it)


def html_of(markdown: MarkdownRenderer, value: Markdown) -> str:
    """A Markdown value as HTML with links relative to the site root."""
    return str(markdown.render(value)[0])


def plain_of(markdown: MarkdownRenderer, value: Markdown) -> str:
    return structured.plain_text(html_of(markdown, value))


# In the code a host page copies: the embed posts its height and this sets it (the height written on the iframe
# is the fallback where scripts do not run).
RESIZE = ('<script>addEventListener("message",function(e){var h=e.data&&+e.data.explainerEmbedHeight;'
          'document.querySelectorAll("iframe[data-explainer-embed]").forEach(function(f){'
          'if(h>0&&f.contentWindow===e.source)f.height=h})})</script>')


def embed(base_url: str | None, uri: str, title: str, height: int) -> Embed:
    src = sitemap.page_url(base_url, uri) or uri
    code = (f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="{height}" '
            f'style="border:0;display:block" loading="lazy" data-explainer-embed></iframe>{RESIZE}')
    return Embed(uri, title, code)


def quote_title(quote: Quote) -> str:
    """'Vladimir Putin: “This is not a bluff.”', the words cut after eight."""
    words = quote.text.split()
    return f"{quote.speaker.name}: “{' '.join(words[:8])}{'…' if len(words) > 8 else ''}”"


def card_of(explainer: Explainer) -> SocialCard:
    return social_card({r.id: r.name for r in explainer.regions})  # card.draw keeps the picture per set of regions


def template_values(explainer: Explainer, base_url: str | None, markdown: MarkdownRenderer) -> dict[str, Any]:
    """What meta.html, embed-snippet.html and the embed layouts read, computed once per build."""
    base_url = sitemap.normalised(base_url)
    card = card_of(explainer)
    site = explainer.site
    return {
        "base_url": base_url,
        "canonical": partial(sitemap.page_url, base_url),
        "social_card": card,
        "social_card_url": sitemap.page_url(base_url, card.uri),
        "structured_data": structured.page_scripts(explainer, base_url, sitemap.page_url(base_url, card.uri),
                                                   partial(plain_of, markdown)),
        "timeline_embed": embed(base_url, "embed/timeline.html", f"Timeline: {site.name}", 600),
        "quote_embeds": {q.id: embed(base_url, f"embed/quote-{q.id}.html", quote_title(q), 500)
                         for q in explainer.quotes},
    }


def embed_pages(explainer: Explainer) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(uri, layout, title, extra values) of every embeddable page."""
    return [("embed/timeline.html", "embed/timeline.html", "Timeline", {}),
            *((f"embed/quote-{q.id}.html", "embed/quote.html", quote_title(q), {"quote": q})
              for q in explainer.quotes)]


def files(explainer: Explainer, base_url: str | None, uris: list[str],
          markdown: MarkdownRenderer) -> dict[str, bytes]:
    """The feed, the open data, the social card and what hosts and crawlers read, by site-relative URI."""
    base_url = sitemap.normalised(base_url)
    card = card_of(explainer)
    modified = explainer.updated or explainer.site.published
    found = {"feed.xml": feed.atom_feed(explainer, base_url, partial(html_of, markdown)),
             **opendata.data_files(explainer, partial(plain_of, markdown)),
             card.uri: card.data, "robots.txt": sitemap.robots_txt(base_url)}
    if base_url:
        found["sitemap.xml"] = sitemap.sitemap_xml(base_url, uris, modified)
    found["_headers"] = sitemap.headers_file(base_url, sorted({*uris, *found}))
    return found
