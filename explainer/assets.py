"""Assets under the names the site publishes them by: a hash of the bytes in each name, and stylesheets'
url() references pointed at those names first, so that a stylesheet's hash covers what it points at."""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .load import Asset
from .problems import Problem, locate

# url(x), url("x"), url('x') and @import "x": the references a stylesheet makes to other files.
REFERENCE = re.compile(r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^)"'\s]*))\s*\)"""
                       r"""|@import\s+(?:"(?P<idq>[^"]*)"|'(?P<isq>[^']*)')""", re.IGNORECASE)
COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Published:
    """Every asset's published name and bytes, by its path in assets/, and the references that lead nowhere."""

    names: dict[str, str]  # 'style.css' -> 'style.1a2b3c4d5e.css'
    data: dict[str, bytes]
    problems: tuple[Problem, ...]


def hashed_name(uri: str, data: bytes) -> str:
    """'style.css' -> 'style.1a2b3c4d5e.css': a new name whenever the bytes change."""
    digest = hashlib.sha256(data).hexdigest()[:10]
    stem, dot, ext = uri.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot and "/" not in ext else f"{uri}.{digest}"


def publish(assets: tuple[Asset, ...]) -> Published:
    """Name every asset; a stylesheet after the assets it refers to, with its references rewritten."""
    by_uri = {asset.uri: asset.data for asset in assets}
    names: dict[str, str] = {}
    data: dict[str, bytes] = {}
    problems: list[Problem] = []

    def name(uri: str, using: tuple[str, ...] = ()) -> str:
        """The published name, made after those of the assets a stylesheet uses (`using`: the stylesheets
        waiting for this one)."""
        if uri in using:
            circle = " -> ".join(f"assets/{u}" for u in (*using[using.index(uri):], uri))
            problems.append(Problem(f"assets/{uri}", 0, 0, f"the stylesheets refer to each other in a circle: {circle}",
                                    "remove one of the references"))
            return hashed_name(uri, by_uri[uri])
        if uri not in names:
            data[uri] = by_uri[uri]
            if uri.lower().endswith(".css"):
                data[uri] = rewritten(uri, by_uri[uri], by_uri, lambda target: name(target, (*using, uri)), problems)
            names[uri] = hashed_name(uri, data[uri])
        return names[uri]

    for asset in assets:
        name(asset.uri)
    return Published(names, data, tuple(problems))


def rewritten(uri: str, css: bytes, assets: dict[str, bytes], name_of: Callable[[str], str],
              problems: list[Problem]) -> bytes:
    """The stylesheet with each reference to an asset pointed at its published name; a problem, at its line,
    for each reference to an asset that is not there."""
    try:
        text = css.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(f"assets/{uri}", 0, 0, "the stylesheet is not UTF-8", "save it as UTF-8"))
        return css
    hidden = COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)  # same offsets, no comments
    pieces, last = [], 0
    for match in REFERENCE.finditer(hidden):
        group = next(g for g in ("dq", "sq", "bare", "idq", "isq") if match.group(g) is not None)
        target = asset_path(uri, match.group(group))
        if target is None:
            continue
        start, end = match.span(group)
        if target not in assets:
            line, col = locate(text, start)
            outside = target == ".." or target.startswith("../")
            problems.append(Problem(f"assets/{uri}", line, col, f"url({match.group(group)}): " + (
                "leads outside assets/" if outside else f"there is no assets/{target}"),
                "put the file in assets/ and refer to it from there" if outside else
                "add the file to assets/, or correct the name"))
            continue
        published = name_of(target)
        parts = urlsplit(match.group(group))
        relative = posixpath.relpath(published, posixpath.dirname(uri) or ".")
        pieces += [text[last:start], relative + (f"?{parts.query}" if parts.query else "")
                   + (f"#{parts.fragment}" if parts.fragment else "")]
        last = end
    return ("".join(pieces) + text[last:]).encode("utf-8") if pieces else css


def asset_path(stylesheet: str, reference: str) -> str | None:
    """The path in assets/ a reference from a stylesheet names, or None when it names no file of ours (another
    site, a data: URL, a fragment of the same document, the server's root)."""
    parts = urlsplit(reference.strip())
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(stylesheet), unquote(parts.path)))
