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
from .scalars import DATE, LANGUAGE, SHA256, SLUG, TIME
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


def object_schema(cls: type, terms: Terms, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    properties, required = {}, []
    for f in fields(cls):
        if f.name in skip:
            continue
        properties[f.name] = {**type_schema(hints(cls)[f.name], terms), "description": f.metadata["doc"]}
        if f.default is MISSING:
            required.append(f.name)
            if get_origin(hints(cls)[f.name]) is tuple:
                properties[f.name]["minItems"] = 1
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def schemas(site: Site | None = None) -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for site.yaml, each collection file and section front matter; with the
    project's site, sides and categories are offered from its lists."""
    terms: Terms = {kind: [term.id for term in getattr(site, name)] for kind, name in TERMS.items()} if site else {}
    found = {"site": object_schema(Site, terms), "section": object_schema(model.Section, terms, skip=("id", "body")),
             "page": object_schema(model.Article, terms, skip=("id", "body"))}
    for name, cls in COLLECTIONS.items():
        found[name] = {"type": "array", "items": object_schema(cls, terms)}
    return {f"{name}.schema.json": {"$schema": "https://json-schema.org/draft/2020-12/schema",
                                    "title": f"{name} content", **schema} for name, schema in found.items()}


def write_schemas(folder: Path, site: Site | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas(site).items():
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
