"""The events of a timeline split into pages, as a small JSON file a year (data/timeline-YEAR.json) that the
timeline's filters fetch once the reader filters, to find events on every page, not only the one on screen."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby
from typing import Any

from ..catalogue import Catalogue
from ..model import Event, Explainer
from ..plan import address


def record(event: Event, words: Catalogue, uri: str) -> dict[str, Any]:
    """What the filters match and a result shows: the date in words, the title, the category, the places' ids,
    the people's names, and the event's permalink (site-relative)."""
    return {"id": event.id, "date": event.date.iso, "when": words.date(event.date, event.qualifier),
            "title": event.title, "category": event.category, "places": [r.id for r in event.regions],
            "people": [p.name for p in event.people], "uri": uri}


def year_files(explainer: Explainer, years: tuple[int, ...], words: Catalogue,
               uri_of: Callable[[Any], str]) -> dict[str, bytes]:
    """A file a year of a split timeline (none while it is one page): a JSON list, one event a line."""
    if not years:
        return {}
    return {address("year_events", year): ("[\n" + ",\n".join(json.dumps(record(e, words, uri_of(e)), ensure_ascii=False,
                                                            separators=(",", ":")) for e in events) + "\n]\n").encode()
            for year, events in groupby(explainer.events, key=lambda e: e.date.year)}
