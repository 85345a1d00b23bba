"""Helpers the tests share: content made in memory, and the stages run on it."""

from __future__ import annotations

from pathlib import Path

from explainer.catalogue import Catalogue, choose
from explainer.load import Document, Loaded, load_catalogues, parse_document
from explainer.model import Explainer
from explainer.problems import Position, Problem
from explainer.project import Project
from explainer.resolve import resolve
from explainer.validate import validate


def document(name: str, text: str) -> Document:
    """A content file as load would read it from content/NAME."""
    made, problems = parse_document(text.encode(), f"content/{name}")
    assert made is not None, problems
    return made


def loaded(files: dict[str, str]) -> Loaded:
    """Content files (name inside content/ -> text) as the load stage gives them, without layouts or assets."""
    return Loaded({name: document(name, text) for name, text in sorted(files.items())}, {}, ())


def explainer_of(files: dict[str, str]) -> tuple[Explainer | None, list[Problem]]:
    """Validate and resolve content made in memory; the problems of both stages."""
    draft, problems = validate(loaded(files))
    made, found = resolve(draft)
    return made, problems + found


def words(language: str = "en") -> Catalogue:
    """The package's interface catalogue for a language."""
    catalogues, problems = load_catalogues(Project.at(Path(__file__).resolve().parent.parent))
    found, problems = choose(language, catalogues, ("content/site.yaml", Position(1, 1)))
    assert found is not None, problems
    return found
