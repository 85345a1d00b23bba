"""Open data: every kind of fact as JSON and CSV under data/, each record with its sources, and the timeline in
TimelineJS's format (see docs/data.md)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from ..model import Chart, Event, Explainer, Figure, Markdown, PartialDate, Person, PlaceFact, Quote, Region, Source
from ..plan import address

VERSION = "2.0"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Plain = Callable[[Markdown], str]
UriOf = Callable[[Any], str]
Record = dict[str, Any]
# Each dataset's fields, in order: the CSV header, written even when a dataset has no records.
COLUMNS = {
    "timeline": ("id", "date", "date_precision", "qualifier", "time", "title", "summary", "category", "regions",
                 "people", "featured", "uri", "sources", "source_urls"),
    "quotes": ("id", "text", "speaker", "speaker_name", "occasion", "date", "language", "translated", "partial",
               "context", "featured", "uri", "sources", "source_urls"),
    "people": ("id", "name", "role", "affiliation", "side", "sources", "source_urls"),
    "regions": ("id", "name", "kind", "area", "status", "open_questions", "uri", "sources", "source_urls"),
    "figures": ("id", "value", "number", "label", "detail", "uri", "sources", "source_urls", "compare_number",
                "compare_label", "compare_sources", "compare_source_urls"),
    "sources": ("id", "publisher", "title", "url", "date", "note", "uri"),
    "charts": ("chart", "kind", "title", "unit", "labels", "label", "value", "notes", "uri", "sources", "source_urls"),
}
COMPARED = ("compare_number", "compare_label", "compare_sources", "compare_source_urls")  # only when a figure has one


def source_ids(sources: tuple[Source, ...]) -> list[str]:
    return [s.id for s in sources]


def cited(sources: tuple[Source, ...]) -> Record:
    """The record's sources: their ids and addresses."""
    return {"sources": source_ids(sources), "source_urls": [s.url for s in sources]}


def event_record(event: Event, plain: Plain, uri: str) -> Record:
    return {"id": event.id, "date": event.date.iso, "date_precision": event.date.precision,
            "qualifier": event.qualifier, "time": event.time.iso if event.time else None,
            "title": event.title, "summary": plain(event.summary), "category": event.category,
            "regions": [r.id for r in event.regions], "people": [p.id for p in event.people],
            "featured": event.featured, "uri": uri, **cited(event.sources)}


def quote_record(quote: Quote, plain: Plain, uri: str) -> Record:
    return {"id": quote.id, "text": quote.text, "speaker": quote.speaker.id, "speaker_name": quote.speaker.name,
            "occasion": quote.occasion, "date": quote.date.iso, "language": quote.language,
            "translated": quote.translated, "partial": quote.partial,
            "context": plain(quote.context) if quote.context else None, "featured": quote.featured,
            "uri": uri, **cited(quote.sources)}


def person_record(person: Person) -> Record:
    return {"id": person.id, "name": person.name, "role": person.role, "affiliation": person.affiliation,
            "side": person.side, **cited(person.sources)}


def region_columns(explainer: Explainer) -> tuple[str, ...]:
    """A place's fields, with a column for each language of the local names and each field site.yaml's
    place_fields declares (as GROUP_FIELD: inspection_found)."""
    languages = dict.fromkeys(language for region in explainer.regions for language in region.local_names or {})
    declared = [f"{group.id}_{field.id}" for group in explainer.site.place_fields for field in group.fields]
    base = COLUMNS["regions"]
    return (*base[:3], *(f"local_name_{language}" for language in languages), *base[3:5], *declared, *base[5:])


def fact_value(fact: PlaceFact) -> Any:
    """A declared fact as data: a date as ISO 8601, people and sources as their ids."""
    value = fact.value
    if isinstance(value, PartialDate):
        return value.iso
    return [item.id for item in value] if isinstance(value, tuple) else value


def region_record(region: Region, plain: Plain, uri: str) -> Record:
    facts = {f"{group.group.id}_{fact.field.id}": fact_value(fact) for group in region.facts for fact in group.facts}
    local = {f"local_name_{language}": name for language, name in (region.local_names or {}).items()}
    return {"id": region.id, "name": region.name, "kind": region.kind, **local, "area": region.area,
            "status": plain(region.status), **facts, "open_questions": list(region.open_questions), "uri": uri,
            **cited(region.sources)}


def figure_record(figure: Figure, plain: Plain, uri: str) -> Record:
    compare = figure.compare
    compared = cited(compare.sources if compare else ())
    return {"id": figure.id, "value": figure.value, "number": figure.number, "label": figure.label,
            "detail": plain(figure.detail) if figure.detail else None, "uri": uri, **cited(figure.sources),
            "compare_number": compare.number if compare else None, "compare_label": compare.label if compare else None,
            "compare_sources": compared["sources"], "compare_source_urls": compared["source_urls"]}


def chart_records(chart: Chart, plain: Plain, uri: str) -> list[Record]:
    """A chart's rows, one record each, every one with what the chart says about them."""
    about = {"chart": chart.id, "kind": chart.kind, "title": chart.title, "unit": chart.unit, "labels": chart.labels}
    notes = plain(chart.notes) if chart.notes else None
    return [{**about, "label": datum.label, "value": datum.value, "notes": notes, "uri": uri, **cited(chart.sources)}
            for datum in chart.data]


def source_record(source: Source, uri: str) -> Record:
    return {"id": source.id, "publisher": source.publisher, "title": source.title, "url": source.url,
            "date": source.date.iso, "note": source.note, "uri": uri}


# The datasets, each written as data/NAME.json and data/NAME.csv.
DATASETS = ("timeline", "quotes", "people", "regions", "figures", "sources", "charts")
TIMELINEJS = address("data", "timelinejs", "json")  # the timeline in TimelineJS's format


def dataset_names(explainer: Explainer) -> tuple[str, ...]:
    """The datasets the explainer publishes: all but the regions and the charts when the story has none."""
    return tuple(name for name in DATASETS if (name != "regions" or explainer.regions)
                 and (name != "charts" or explainer.charts))


def datasets(explainer: Explainer, plain: Plain, uri_of: UriOf) -> dict[str, list[Record]]:
    """Every dataset by name, its records in content order; nothing about regions when the story has none."""
    found = {
        "timeline": [event_record(e, plain, uri_of(e)) for e in explainer.events],
        "quotes": [quote_record(q, plain, uri_of(q)) for q in explainer.quotes],
        "people": [person_record(p) for p in explainer.people],
        "regions": [fill(region_columns(explainer), region_record(r, plain, uri_of(r))) for r in explainer.regions],
        "figures": [figure_record(f, plain, uri_of(f)) for f in explainer.figures],
        "sources": [source_record(s, uri_of(s)) for s in explainer.sources],
        "charts": [record for c in explainer.charts for record in chart_records(c, plain, uri_of(c))],
    }
    if not explainer.charts:
        del found["charts"]
    if not any(f.compare for f in explainer.figures):
        for record in found["figures"]:
            for key in COMPARED:
                del record[key]
    if not explainer.regions:
        del found["regions"]
        for record in found["timeline"]:
            del record["regions"]
    return found


def fill(keys: tuple[str, ...], record: Record) -> Record:
    """The record with every key, in order: null for those it lacks."""
    return {key: record.get(key) for key in keys}


def columns(name: str, explainer: Explainer) -> tuple[str, ...]:
    if name == "regions":
        return region_columns(explainer)
    compared = any(f.compare for f in explainer.figures)
    return tuple(c for c in COLUMNS[name] if (explainer.regions or c != "regions") and (compared or c not in COMPARED))


def inert(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell(value: Any) -> Any:
    """One CSV cell: lists joined with ' | ', booleans as true/false, nothing as empty."""
    if isinstance(value, list):
        value = " | ".join(value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return "" if value is None else inert(value)


def as_json(name: str, explainer: Explainer, records: list[Record]) -> bytes:
    """The dataset with its header, one record per line (readable, diffable, and written by json's fast
    encoder, which indenting would turn off)."""
    site = explainer.site
    header = {"version": VERSION, "dataset": name, "explainer": site.title, "publisher": site.publisher.name,
              "published": site.published.isoformat(), "updated": explainer.modified.isoformat()}
    return json_object(header, "records", records)


def json_object(header: dict[str, Any], key: str, records: list[Any]) -> bytes:
    """A JSON object of the header's keys, then `key` with its records one a line."""
    fields = [f"  {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}" for name, value in header.items()]
    lines = ",\n".join(f"    {json.dumps(record, ensure_ascii=False)}" for record in records)
    fields.append(f'  "{key}": [\n{lines}\n  ]' if records else f'  "{key}": []')
    return ("{\n" + ",\n".join(fields) + "\n}\n").encode()


def as_csv(fields: tuple[str, ...], records: list[Record], updated: str) -> bytes:
    """The header row, then one row per record; the last column, `updated`, says when the explainer last
    changed (a CSV file has no other place to say it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow((*fields, "updated"))
    writer.writerows([*(cell(record[field]) for field in fields), updated] for record in records)
    return out.getvalue().encode()


def timelinejs_event(event: Event, plain: Plain, labels: dict[str, str]) -> Record:
    """One event as a TimelineJS slide: its date as precise as ours (the clock time as written, without its offset,
    which TimelineJS has no place for), headline, text, group (the category's label) and id."""
    date, time = event.date, event.time
    start = {"year": date.year, "month": date.month or None, "day": date.day or None,
             "hour": time.hour if time else None, "minute": time.minute if time else None}
    return {"start_date": {key: value for key, value in start.items() if value is not None},
            "text": {"headline": event.title, "text": plain(event.summary)},
            "group": labels.get(event.category, event.category), "unique_id": event.id}


def timelinejs(explainer: Explainer, plain: Plain) -> bytes:
    """The timeline in TimelineJS's JSON format (its title slide the explainer's headline), one event per line, and
    when the explainer was last updated (a key TimelineJS ignores)."""
    site = explainer.site
    labels: dict[str, str] = {term.id: term.label for term in site.categories}
    header = {"title": {"text": {"headline": site.title, "text": site.dek}}, "updated": explainer.modified.isoformat()}
    return json_object(header, "events", [timelinejs_event(e, plain, labels) for e in explainer.events])


def data_files(explainer: Explainer, plain: Plain, uri_of: UriOf) -> dict[str, bytes]:
    """data/NAME.json and data/NAME.csv for every dataset, and the timeline for TimelineJS."""
    files = {}
    for name, records in datasets(explainer, plain, uri_of).items():
        files[address("data", name, "json")] = as_json(name, explainer, records)
        files[address("data", name, "csv")] = as_csv(columns(name, explainer), records, explainer.modified.isoformat())
    files[TIMELINEJS] = timelinejs(explainer, plain)
    return files
