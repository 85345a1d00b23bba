"""The other generators, given the same Markdown pages: installed when missing, each with its site laid out.

Hugo comes from Debian (apt-get), Eleventy from npm into bench/.peers/node; with --all-peers, Pelican and MkDocs
from pip into a virtual environment in bench/.peers/venv. None of them touches the project's environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PEERS = Path(__file__).resolve().parent / ".peers"


@dataclass(frozen=True, slots=True)
class Peer:
    name: str
    command: list[str]  # run in the peer's site folder; writes the site into out/
    version: str


def run(command: list[str], env: dict[str, str] | None = None) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout.strip()


def install(all_peers: bool) -> list[Peer]:
    """Hugo and Eleventy (and, when asked, Pelican and MkDocs), installing what is missing."""
    if not shutil.which("hugo"):
        debian = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(["apt-get", "update", "-qq"], debian)
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "hugo"], debian)
    eleventy = PEERS / "node" / "node_modules" / ".bin" / "eleventy"
    if not eleventy.exists():
        run(["npm", "install", "--prefix", str(PEERS / "node"), "--no-audit", "--no-fund", "--loglevel=error",
             "@11ty/eleventy@3"])
    peers = [Peer("Eleventy", [str(eleventy), "--input=src", "--output=out", "--quiet"],
                  f"Eleventy {run([str(eleventy), '--version'])}"),
             Peer("Hugo", ["hugo", "--quiet", "-d", "out"], " ".join(run(["hugo", "version"]).split()[:2]))]
    if all_peers:
        venv = PEERS / "venv" / "bin"
        if not (venv / "mkdocs").exists() or not (venv / "pelican").exists():
            run([sys.executable, "-m", "venv", str(PEERS / "venv")])
            run([str(venv / "pip"), "install", "-q", "pelican", "mkdocs", "markdown"])
        peers += [Peer("Pelican", [str(venv / "pelican"), "content", "-o", "out", "-s", "pelicanconf.py", "-q"],
                       run([str(venv / "pelican"), "--version"]).replace("pelican", "Pelican")),
                  Peer("MkDocs", [str(venv / "mkdocs"), "build", "-q", "-d", "out"],
                       run([str(venv / "mkdocs"), "--version"]).split(" from ")[0])]
    return peers


def lay_out(name: str, pages: Path, site: Path) -> None:
    """The plain Markdown pages (front matter with a title) laid out the way a peer expects, with a minimal
    theme."""
    if name == "Hugo":
        (site / "layouts" / "_default").mkdir(parents=True)
        (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Bench"\n')
        for kind in ("single", "list"):
            (site / "layouts" / "_default" / f"{kind}.html").write_text(
                "<!doctype html><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}\n")
        target = site / "content" / "pages"
    elif name == "Eleventy":
        target = site / "src"
    elif name == "Pelican":
        (site / "pelicanconf.py").write_text('SITENAME = "Bench"\nSITEURL = ""\nTIMEZONE = "UTC"\n'
                                            'DEFAULT_DATE = (2022, 9, 21)\nFEED_ALL_ATOM = None\n')
        target = site / "content"
    else:
        (site / "mkdocs.yml").write_text("site_name: Bench\ndocs_dir: docs\n")
        target = site / "docs"
    target.mkdir(parents=True, exist_ok=True)
    for file in sorted(pages.glob("*.md")):
        text = file.read_text(encoding="utf-8")
        if name == "Pelican":
            _, front, body = text.split("---\n", 2)
            text = f"Title: {front.split('title: ', 1)[1].strip()}\n\n{body}"
        (target / file.name).write_text(text, encoding="utf-8")
