"""What a source's card says (the card a source mark opens, assets/source-cards.js), as one small JSON file an edition
(data/source-cards.json), fetched the first time a reader taps a mark instead of carried by every page."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..catalogue import Catalogue
from ..model import Explainer, Source


def record(source: Source, number: int, words: Catalogue, uri: str) -> dict[str, Any]:
    """A source's card: its number (as its marks show it), publisher, date (ISO and in words), title, address, note,
    and its place on the sources page (site-relative), which is where its marks lead."""
    return {"uri": uri, "number": number, "publisher": source.publisher, "date": source.date.iso,
            "when": words.date(source.date), "title": source.title, "url": source.url, "note": source.note or ""}


def cards_file(explainer: Explainer, words: Catalogue, uri_of: Callable[[Any], str]) -> bytes:
    """Every source's card, in the order that numbers them: a JSON list, one source a line."""
    records = (record(source, n, words, uri_of(source)) for n, source in enumerate(explainer.sources, 1))
    return ("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
            + "\n]\n").encode()
