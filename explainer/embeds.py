"""Embeds of others' content (videos, social posts, charts, documents): each provider's address form and player,
the click-to-load facade a paragraph '[title](embed:ID)' becomes, and raw HTML in Markdown refused, naming the
embed to declare instead. Nothing on the page loads from the provider until the reader asks (assets/enhance.js,
then assets/facades.js)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import markdown as python_markdown
from markdown.inlinepatterns import HTML_RE, InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .load import Loaded
from .model import Embed, Markdown
from .problems import Position, Problem, did_you_mean, locate
from .strict_yaml import MarkedDict

SCHEME = "embed:"
INSIDE = "is inside other words"
SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"  # what players need at least
TAIL = r"(?:[?&#]\S*)?"  # a query or a fragment after the parts the player needs


@dataclass(frozen=True, slots=True)
class Provider:
    """Whose content it is: its name, the form of its addresses, the player an address becomes, and what its
    frame may do."""

    name: str
    shape: str  # video, post, chart or document: the room the page keeps for it, and the words on the facade
    address: re.Pattern[str]  # the content's own address, with the parts the player needs as named groups
    player: str  # the frame's address, from those parts
    example: str  # an address of that form, for the hint
    marks: tuple[str, ...]  # words in an embed code (an <iframe>, a <script>) that name the provider
    sandbox: str = SANDBOX
    allow: str = "fullscreen"


def provider(name: str, shape: str, address: str, player: str, example: str, *marks: str, **frame: str) -> Provider:
    return Provider(name, shape, re.compile(address + TAIL), player, example, marks, **frame)


VIDEO = {"sandbox": SANDBOX + " allow-presentation", "allow": "autoplay; encrypted-media; fullscreen; picture-in-picture"}
PROVIDERS: dict[str, Provider] = {
    "youtube": provider("YouTube", "video", r"https://(?:www\.youtube\.com/watch\?v=|youtu\.be/|www\.youtube\.com/shorts/)"
                        r"(?P<video>[A-Za-z0-9_-]{11})", "https://www.youtube-nocookie.com/embed/{video}?autoplay=1",
                        "https://www.youtube.com/watch?v=VIDEO_ID", "youtube", "youtu.be", **VIDEO),
    "vimeo": provider("Vimeo", "video", r"https://vimeo\.com/(?P<video>\d+)", "https://player.vimeo.com/video/{video}?autoplay=1",
                      "https://vimeo.com/123456789", "vimeo", **VIDEO),
    "x": provider("X", "post", r"https://(?:x|twitter)\.com/\w{1,15}/status/(?P<post>\d+)",
                  "https://platform.twitter.com/embed/Tweet.html?id={post}", "https://x.com/ACCOUNT/status/POST_NUMBER",
                  "twitter", "x.com"),
    "bluesky": provider("Bluesky", "post", r"https://bsky\.app/profile/(?P<did>did:[a-z]+:[A-Za-z0-9._:%-]+)/post/"
                        r"(?P<post>[a-z0-9]+)", "https://embed.bsky.app/embed/{did}/app.bsky.feed.post/{post}",
                        "https://bsky.app/profile/did:plc:ACCOUNT_DID/post/POST_KEY (the account's DID, as Bluesky's "
                        "'Embed post' code gives it, not its handle)", "bsky", "bluesky"),
    "instagram": provider("Instagram", "post", r"https://www\.instagram\.com/(?P<kind>p|reel)/(?P<post>[A-Za-z0-9_-]+)/?",
                          "https://www.instagram.com/{kind}/{post}/embed/", "https://www.instagram.com/p/POST_CODE/",
                          "instagram"),
    "telegram": provider("Telegram", "post", r"https://t\.me/(?P<channel>[A-Za-z][A-Za-z0-9_]{4,31})/(?P<post>\d+)",
                         "https://t.me/{channel}/{post}?embed=1", "https://t.me/CHANNEL/POST_NUMBER", "telegram", "t.me/"),
    "datawrapper": provider("Datawrapper", "chart", r"https://datawrapper\.dwcdn\.net/(?P<chart>[A-Za-z0-9]{5})/"
                            r"(?P<version>\d+)/", "https://datawrapper.dwcdn.net/{chart}/{version}/",
                            "https://datawrapper.dwcdn.net/CHART/1/", "datawrapper", "dwcdn"),
    "flourish": provider("Flourish", "chart", r"https://public\.flourish\.studio/(?P<kind>visualisation|story)/(?P<chart>\d+)/?",
                         "https://flo.uri.sh/{kind}/{chart}/embed", "https://public.flourish.studio/visualisation/1234567/",
                         "flourish", "flo.uri.sh"),
    "documentcloud": provider("DocumentCloud", "document", r"https://www\.documentcloud\.org/documents/"
                              r"(?P<document>\d+-[A-Za-z0-9_-]+)/?", "https://embed.documentcloud.org/documents/{document}/?embed=1",
                              "https://www.documentcloud.org/documents/1234567-slug/", "documentcloud"),
}
HEIGHTS = (150, 2000)  # the pixels a frame's height may take: a post's least, a long document's most


def check_embed(values: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The embed's address must be of its provider's form (https, the provider's host); its height within reason."""
    found = []
    kind, url = values.get("kind"), values.get("url")
    if kind in PROVIDERS and url and not PROVIDERS[kind].address.fullmatch(url):
        known = PROVIDERS[kind]
        other = next((name for name, p in PROVIDERS.items() if p.address.fullmatch(url)), None)
        hint = f"or did you mean 'kind: {other}'?" if other else "copy it from the address bar or the 'Share' link"
        found.append((f"url: '{url}' is not a {known.name} address", "url",
                      f"write it as {known.example}; {hint}"))
    height = values.get("height")
    if height is not None and not HEIGHTS[0] <= height <= HEIGHTS[1]:
        found.append((f"height: {height} pixels is outside {HEIGHTS[0]} to {HEIGHTS[1]}", "height",
                      "give the height in pixels that the provider's embed code gives (height=\"…\")"))
    return found


def check_posters(loaded: Loaded, embeds: list[tuple[str, str, Any]]) -> list[Problem]:
    """A problem for each embed (with its file and name inside content/) whose poster is not a file in assets/."""
    assets = [asset.uri for asset in loaded.assets]
    problems = []
    for file, name, embed in embeds:
        if embed.poster is not None and embed.poster not in assets:
            mapping = next(item for item in loaded.documents[name].data
                           if isinstance(item, MarkedDict) and item.get("id") == embed.id)
            problems.append(Problem(file, *mapping.value_pos["poster"], f"poster: there is no assets/{embed.poster}",
                                    did_you_mean(embed.poster, [a for a in assets if a.endswith((".png", ".jpg", ".jpeg"))])))
    return problems


def player(embed: Embed) -> str:
    """The address of the provider's frame for the embed."""
    known = PROVIDERS[embed.kind]
    found = known.address.fullmatch(embed.url)
    return known.player.format(**found.groupdict()) if found else embed.url


Words = Callable[..., str]  # a catalogue's text(key, **values)


def facade(embed: Embed, words: Words) -> ET.Element:
    """The facade: a box of the provider's shape with the poster (or a neutral panel) and a hidden button the
    script shows, which loads the frame; under it the title, the provider and a plain link to the content."""
    known = PROVIDERS[embed.kind]
    figure = ET.Element("figure", {"class": f"facade facade-{known.shape}", "id": f"embed-{embed.id}",
                                   "data-embed-src": player(embed), "data-embed-sandbox": known.sandbox,
                                   "data-embed-allow": known.allow})
    box = ET.SubElement(figure, "div", {"class": "facade-frame"})
    if embed.height is not None and known.shape != "video":
        box.set("style", f"height: {embed.height}px")
    if embed.poster is not None:  # written from the site root, as Markdown's images are: links.LinkCheck places it
        ET.SubElement(box, "img", {"class": "facade-poster", "src": f"assets/{embed.poster}", "alt": "", "loading": "lazy"})
    button = ET.SubElement(box, "button", {"type": "button", "class": "facade-load", "hidden": "hidden",
                                           "aria-describedby": f"embed-{embed.id}-title"})
    button.text = words(f"embed.load.{known.shape}") + " "  # apart from the line under it, read as one name
    ET.SubElement(button, "span", {"class": "facade-privacy"}).text = words("embed.privacy", provider=known.name)
    caption = ET.SubElement(figure, "figcaption")
    title = ET.SubElement(caption, "span", {"class": "facade-title", "id": f"embed-{embed.id}-title"})
    title.text, title.tail = embed.title, " "
    line = ET.SubElement(caption, "span", {"class": "facade-source"})
    line.text = f"{known.name} · "
    ET.SubElement(line, "a", {"href": embed.url}).text = embed.link_text or words(f"embed.open.{known.shape}",
                                                                                   provider=known.name)
    return figure


class EmbedPlacer(Treeprocessor):
    """Makes each paragraph that is only a link to 'embed:ID' the embed's facade; an embed link anywhere else, or
    one naming no embed, is refused (into `refused`, as links.LinkCheck's)."""

    def __init__(self, md: python_markdown.Markdown, refused: Callable[[], list[tuple[str, str, str]]]) -> None:
        super().__init__(md)
        self.refused = refused
        self.embeds: dict[str, Embed] = {}  # set by MarkdownRenderer.use_embeds
        self.words: Words = lambda key, **values: key  # the plan's catalogue, set by MarkdownRenderer.use

    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and (embed_id := self.alone(child)) in self.embeds:
                    placed = facade(self.embeds[embed_id or ""], self.words)
                    placed.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, placed)
        for parent in list(root.iter()):  # the embed links left: inside other words, or naming no embed
            for child in parent:
                if child.tag == "a" and (child.get("href") or "").startswith(SCHEME):
                    self.refuse(child, parent)

    def alone(self, paragraph: ET.Element) -> str | None:
        """The id a paragraph that holds one embed link and nothing else names (else None)."""
        links = list(paragraph)
        if len(links) != 1 or links[0].tag != "a" or (paragraph.text or "").strip() or (links[0].tail or "").strip():
            return None
        href = links[0].get("href") or ""
        return href[len(SCHEME):] if href.startswith(SCHEME) else None

    def refuse(self, link: ET.Element, parent: ET.Element) -> None:
        target = link.get("href") or ""
        embed_id = target[len(SCHEME):]
        if parent.tag == "p" and self.alone(parent) is not None:
            self.refused().append((target, "is not in embeds", did_you_mean(embed_id, self.embeds)))
        else:
            self.refused().append((target, INSIDE, "an embed stands alone: put "
                                   f"'[{''.join(link.itertext())}]({target})' on a line of its own, with a blank line "
                                   "before and after"))
        link.set("href", "#")  # the build stops; nothing leads to 'embed:'


class RawHtml(InlineProcessor):
    """Raw HTML in Markdown (a tag or a comment outside code) is noted (into `found`) and kept as text."""

    def __init__(self, md: python_markdown.Markdown) -> None:
        super().__init__(HTML_RE, md)
        self.found: list[str] = []

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # type: ignore[override]
        self.found.append(m.group(0))
        return m.group(0), m.start(0), m.end(0)


def raw_html_problems(markdown: Markdown, tags: tuple[str, ...]) -> list[Problem]:
    """One problem for each line of the Markdown value that holds raw HTML, naming the embed to declare instead:
    the provider named on the tag's line, or on the line of the tag before it in the same paragraph (the <script>
    after an <iframe>)."""
    problems: list[Problem] = []
    lines: set[int] = set()
    cursor, kind = 0, None
    for tag in tags:
        at = markdown.text.find(tag, cursor)
        if at < 0:  # a tag over lines inside a list or a quote: its markers are gone
            at = max(markdown.text.find(tag.split("\n", 1)[0], cursor), 0)
        start, end = markdown.text.rfind("\n", 0, at) + 1, markdown.text.find("\n", at + len(tag))
        same_paragraph = "\n\n" not in markdown.text[cursor:at]
        kind = provider_named(markdown.text[start:end if end >= 0 else None]) or (kind if same_paragraph else None)
        cursor = at + len(tag)
        line, col = (markdown.line, markdown.cell) if markdown.cell else locate(markdown.text, at,
                                                                                  Position(markdown.line, 1))
        if line not in lines:
            lines.add(line)
            problems.append(Problem(markdown.file, line, col, *instead(tag, kind)))
    return problems


def provider_named(text: str) -> str | None:
    """The kind of embed whose provider a piece of embed code names (its host, its script), or None."""
    lowered = text.lower()
    return next((kind for kind, known in PROVIDERS.items() if any(mark in lowered for mark in known.marks)), None)


def instead(tag: str, kind: str | None) -> tuple[str, str]:
    """What is wrong with a raw HTML tag, and what to write instead: the embed of the provider `kind` if any."""
    name = re.match(r"</?([A-Za-z][\w-]*)", tag)
    shown = f"<{name.group(1).lower()}>" if name else "an HTML comment"
    if kind is None:
        return (f"raw HTML: {shown} is not allowed in Markdown",
                "write it in Markdown; to show a tag as text put it in `backticks`; for a video, post, chart or "
                "document from another site declare it in embeds.yaml (see docs/content.md, 'Embeds')")
    known = PROVIDERS[kind]
    return (f"raw HTML: a {known.name} {shown} is not allowed in Markdown",
            f"declare it as an embed in embeds.yaml (kind: {kind}, url: {known.example.split(' ')[0]}, title: …) "
            "and place it with '[its title](embed:ID)' on a line of its own")


def embed_refusal(markdown: Markdown, target: str, wrong: str, fix: str) -> Problem:
    """The problem with an embed link, at the place it is written: for one inside other words, the first that
    is not alone on its line (the same embed may stand alone elsewhere)."""
    places = [found.start() + 2 for found in re.finditer(re.escape(f"]({target})"), markdown.text)]
    inside = [at for at in places if not re.fullmatch(r"\s*\[[^\n]*\)\s*", line_at(markdown.text, at))]
    at = (inside if inside and wrong == INSIDE else places or [0])[0]
    line, col = (markdown.line, markdown.cell) if markdown.cell else locate(markdown.text, at, Position(markdown.line, 1))
    return Problem(markdown.file, line, col, f"link: '{target}' {wrong}", fix)


def line_at(text: str, at: int) -> str:
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1:end if end >= 0 else None]
