"""JSON Schema for the content files, derived from the model so editors get completion and inline errors."""

from __future__ import annotations

import json
import types
from dataclasses import MISSING, fields
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from . import model
from .load import load_document
from .model import COLLECTIONS, REFERABLE, TERMS, ClockTime, Markdown, PartialDate, Site
from .scalars import DATE, FIELD_KEY, LANGUAGE, SHA256, SLUG, TIME
from .project import Project
from .validate import hints, validate_document

SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string", "minLength": 1},
    model.Name: {"type": "string", "minLength": 1},
    model.Verbatim: {"type": "string", "minLength": 1},
    model.Column: {"type": "string", "minLength": 1},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    model.Slug: {"type": "string", "pattern": SLUG.pattern},
    model.FieldKey: {"type": "string", "pattern": FIELD_KEY.pattern},
    model.Url: {"type": "string", "pattern": "^https?://", "format": "uri"},
    model.BaseUrl: {"type": "string", "pattern": "^https?://[^?#]*/$", "format": "uri"},
    model.Language: {"type": "string", "pattern": LANGUAGE.pattern},
    model.ContentFile: {"type": "string", "pattern": r"^[^/].*\.json$"},
    model.AssetFile: {"type": "string", "pattern": r"^[^/].*\.(png|jpg|jpeg)$"},
    model.PictureFile: {"type": "string", "pattern": r"^[^/].*\.(jpg|jpeg|png|webp)$"},
    model.DataFile: {"type": "string", "pattern": r"^[^/].*\.csv$"},
    model.PulledFile: {"type": "string", "pattern": r"^[^/].*\.(aml|csv|md|yaml)$"},
    model.ArchivePath: {"type": "string", "pattern": r"\.txt$"},
    model.Sha256: {"type": "string", "pattern": SHA256.pattern},
    model.TimeZone: {"type": "string", "pattern": "^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$"},
    Markdown: {"type": "string", "minLength": 1, "description": "Markdown"},
    PartialDate: {"type": "string", "pattern": DATE.pattern},
    ClockTime: {"type": "string", "pattern": TIME.pattern},
    datetime: {"type": "string", "format": "date-time"},
}


Terms = dict[Any, list[str]]  # the ids of each vocabulary, when a project's site.yaml lists them
Examples = dict[str, list[str]]  # the ids each of a project's list files gives, by the file's name
EXAMPLES = 3  # ids named in an id's description
# The types site.yaml's place_fields may declare, as the schema offers them.
DECLARED: dict[str, dict[str, Any]] = {
    "date": SCALARS[PartialDate], "text": SCALARS[str],
    "people": {"type": "array", "items": {"type": "string", "pattern": SLUG.pattern}, "description": "Ids from people.yaml"},
    "sources": {"type": "array", "items": {"type": "string", "pattern": SLUG.pattern}, "description": "Ids from sources.yaml"},
}


def type_schema(tp: Any, terms: Terms) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return type_schema(next(a for a in get_args(tp) if a is not type(None)), terms)
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin is tuple:
        return {"type": "array", "items": type_schema(get_args(tp)[0], terms)}
    if origin is dict:
        key, value = get_args(tp)
        return {"type": "object", "propertyNames": type_schema(key, terms), "additionalProperties": type_schema(value, terms)}
    if tp in TERMS:
        listed = {"enum": terms[tp]} if terms.get(tp) else {"pattern": SLUG.pattern}
        return {"type": "string", **listed, "description": f"One of the {TERMS[tp]} in site.yaml"}
    if tp in REFERABLE:
        return {"type": "string", "pattern": SLUG.pattern, "description": f"An id from {REFERABLE[tp]}.yaml"}
    if tp in SCALARS:
        return dict(SCALARS[tp])
    return object_schema(tp, terms)


def object_schema(cls: type, terms: Terms, skip: tuple[str, ...] = (), examples: list[str] | None = None) -> dict[str, Any]:
    """The fields of one kind of fact; its id's description names the project's own ids, when it has some."""
    properties, required = {}, []
    for f in fields(cls):
        if f.name in skip or f.metadata.get("declared"):
            continue
        described = f.metadata["doc"]
        if f.name == "id" and examples:
            described += f" In this project: {', '.join(examples[:EXAMPLES])}."
        properties[f.name] = {**type_schema(hints(cls)[f.name], terms), "description": described}
        if f.default is MISSING:
            required.append(f.name)
            if get_origin(hints(cls)[f.name]) is tuple:
                properties[f.name]["minItems"] = 1
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def place_fields_schema(groups: tuple[model.PlaceFields, ...]) -> dict[str, Any]:
    """The groups of facts a project's site.yaml declares, as a place's properties."""
    return {group.id: {"type": "object", "description": "Declared in site.yaml's place_fields: "
                       + "; ".join(f.label for f in group.fields) + ".",
                       "properties": {f.id: {**DECLARED[f.type], "description": f.label} for f in group.fields},
                       "required": [f.id for f in group.fields if not f.optional], "additionalProperties": False}
            for group in groups}


def schemas(site: Site | None = None, examples: Examples | None = None) -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for site.yaml, each collection file and section front matter; with the
    project's site, sides and categories are offered from its lists and a place's declared facts are known, and
    with its examples, ids are described with its own."""
    terms: Terms = {kind: [term.id for term in getattr(site, name)] for kind, name in TERMS.items()} if site else {}
    found = {"site": object_schema(Site, terms), "section": object_schema(model.Section, terms, skip=("id", "body")),
             "page": object_schema(model.Article, terms, skip=("id", "body"))}
    for name, cls in COLLECTIONS.items():
        found[name] = {"type": "array", "items": object_schema(cls, terms, examples=(examples or {}).get(name))}
    if site:
        found["regions"]["items"]["properties"].update(place_fields_schema(site.place_fields))
    return {f"{name}.schema.json": {"$schema": "https://json-schema.org/draft/2020-12/schema",
                                    "title": f"{name} content", **schema} for name, schema in found.items()}


def write_schemas(folder: Path, site: Site | None = None, examples: Examples | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas(site, examples).items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def project_site(project: Project) -> Site | None:
    """The project's site.yaml as the model reads it (for its vocabularies), or None when it has a problem."""
    path = project.content_path / "site.yaml"
    document, _ = load_document(path, project.relative(path))
    made = validate_document("site.yaml", document).made if document else None
    return made if isinstance(made, Site) else None


def project_examples(project: Project) -> Examples:
    """The ids each of the project's list files (sources.yaml, regions.yaml, …) gives, as written."""
    found: Examples = {}
    for name in COLLECTIONS:
        path = project.content_path / f"{name}.yaml"
        document = load_document(path, project.relative(path))[0] if path.is_file() else None
        items = document.data if document and isinstance(document.data, list) else []
        found[name] = [item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)]
    return found
