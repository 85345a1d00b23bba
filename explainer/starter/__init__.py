"""The starter project `explainer new` copies: a small, neutral sample explainer whose comments teach the format."""

from __future__ import annotations

import shutil
from pathlib import Path

STARTER_PATH = Path(__file__).resolve().parent


class StarterError(Exception):
    """The new project cannot be made where asked; the message says why and what to do."""


def create(folder: Path) -> list[Path]:
    """Copy the starter into `folder`, which must not exist yet or be empty; return the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StarterError(f"{folder} already exists and is not an empty folder; choose a new name")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(STARTER_PATH / "content", folder / "content", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copyfile(STARTER_PATH / "gitignore", folder / ".gitignore")
    except OSError as error:
        raise StarterError(f"cannot create {folder}: {error.strerror}") from error
    return sorted(path for path in folder.rglob("*") if path.is_file())
