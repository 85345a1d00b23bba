"""JSON Schema for the content files, derived from the model so editors get completion and inline errors."""

from __future__ import annotations

import json
import types
from dataclasses import MISSING, fields
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from . import model
from .model import COLLECTIONS, REFERABLE, ClockTime, Markdown, PartialDate, Site
from .scalars import DATE, LANGUAGE, SLUG, TIME
from .validate import hints

SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string", "minLength": 1},
    model.Name: {"type": "string", "minLength": 1},
    model.Verbatim: {"type": "string", "minLength": 1},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    model.Slug: {"type": "string", "pattern": SLUG.pattern},
    model.Url: {"type": "string", "pattern": "^https?://", "format": "uri"},
    model.BaseUrl: {"type": "string", "pattern": "^https?://[^?#]*/$", "format": "uri"},
    model.Language: {"type": "string", "pattern": LANGUAGE.pattern},
    Markdown: {"type": "string", "minLength": 1, "description": "Markdown"},
    PartialDate: {"type": "string", "pattern": DATE.pattern},
    ClockTime: {"type": "string", "pattern": TIME.pattern},
    datetime: {"type": "string", "format": "date-time"},
}


def type_schema(tp: Any) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return type_schema(next(a for a in get_args(tp) if a is not type(None)))
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin is tuple:
        return {"type": "array", "items": type_schema(get_args(tp)[0])}
    if tp in REFERABLE:
        return {"type": "string", "pattern": SLUG.pattern, "description": f"An id from {REFERABLE[tp]}.yaml"}
    if tp in SCALARS:
        return dict(SCALARS[tp])
    return object_schema(tp)


def object_schema(cls: type, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    properties, required = {}, []
    for f in fields(cls):
        if f.name in skip:
            continue
        properties[f.name] = {**type_schema(hints(cls)[f.name]), "description": f.metadata["doc"]}
        if f.default is MISSING:
            required.append(f.name)
            if get_origin(hints(cls)[f.name]) is tuple:
                properties[f.name]["minItems"] = 1
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for site.yaml, each collection file and section front matter."""
    found = {"site": object_schema(Site), "section": object_schema(model.Section, skip=("id", "body")),
             "page": object_schema(model.Article, skip=("id", "body"))}
    for name, cls in COLLECTIONS.items():
        found[name] = {"type": "array", "items": object_schema(cls)}
    return {f"{name}.schema.json": {"$schema": "https://json-schema.org/draft/2020-12/schema",
                                    "title": f"{name} content", **schema} for name, schema in found.items()}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
