"""Deterministic synthetic content at scale, in our format and as plain Markdown pages for the other generators
(front matter, paragraphs, headings, a list, a link, emphasis and strong on every page).

Usage: python bench/generate.py OUT [--scale 1.0]. Writes OUT/content/ (events, quotes, people, sources,
pages, the four regions) and OUT/pages/*.md (the same pages with only a title, for Hugo, Eleventy, Pelican
and MkDocs). The same seed and scale always give the same bytes.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

SIZES = {"events": 10_000, "quotes": 2_000, "people": 1_000, "sources": 500, "pages": 4_000}
WORDS = ("officials said the ministry announced regional forces border talks sanctions vote council report "
         "statement city region army government observers monitors reported crossing convoy supply winter "
         "energy grid prices court ruling appeal envoy summit aid package shipment").split()
CATEGORIES = ("announcement", "military", "political", "protest", "diplomatic", "legal", "context")
SIDES = {"russia": "Russia", "ukraine": "Ukraine", "united-states": "United States", "civil-society": "Civil society"}
REGIONS = ("luhansk", "donetsk", "kherson", "zaporizhzhia")
GEODATA_PATH = Path(__file__).resolve().parent.parent / "content" / "map" / "ukraine.json"  # outlines of REGIONS


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraphs(rng: random.Random, count: int) -> str:
    return "\n\n".join(" ".join(sentence(rng) for _ in range(4)) for _ in range(count))


def sizes(scale: float) -> dict[str, int]:
    return {name: max(1, int(count * scale)) for name, count in SIZES.items()}


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def content(root: Path, n: dict[str, int], rng: random.Random) -> None:
    """Our content tree."""
    write(root, "site.yaml", "title: A running story at scale\ndek: Synthetic content for the benchmark.\n"
          "description: Synthetic content.\nlanguage: en\nbylines:\n  - name: Bench\npublisher:\n  name: Bench\n"
          "published: 2022-09-21T20:00:00+00:00\nregions_page:\n  title: The regions\n  menu: Regions\n"
          "place_fields:\n  - id: vote\n    fields:\n      - {id: announced, label: Vote announced, type: date}\n"
          "      - {id: announced_by, label: Announced by, type: text}\n"
          "      - {id: planned, label: When it was to be held, type: text}\n"
          "map:\n  geodata: map/ukraine.json\n  title: Map of the regions\n  description: The regions the story covers.\n"
          "  legend: A region the story covers\n"
          + "sides:\n" + "".join(f"  - {{id: {side}, label: {label}}}\n" for side, label in SIDES.items())
          + "categories:\n" + "".join(f"  - {{id: {kind}, label: {kind.title()}}}\n" for kind in CATEGORIES))
    write(root, "map/ukraine.json", GEODATA_PATH.read_text(encoding="utf-8"))
    write(root, "sources.yaml", "".join(
        f"- id: source-{i}\n  publisher: Publisher {i % 40}\n  title: Report number {i}\n"
        f"  url: https://news.example/{i}\n  date: 2022-{1 + i % 12:02d}-{1 + i % 28:02d}\n" for i in range(n["sources"])))
    write(root, "people.yaml", "".join(
        f"- id: person-{i}\n  name: Person {i}\n  role: Official {i % 50}\n  affiliation: Country {i % 30}\n"
        f"  side: {list(SIDES)[i % 4]}\n" for i in range(n["people"])))
    write(root, "regions.yaml", "".join(
        f"- id: {r}\n  name: {r.capitalize()}\n  kind: province\n  area: Ukraine\n  status: Occupied in part ([s](source:source-0)).\n"
        f"  vote:\n    announced: 2022-09-20\n    announced_by: officials\n    planned: over four days\n"
        f"  sources: [source-0]\n" for r in REGIONS))
    start = date(2014, 1, 1)
    events = []
    for i in range(n["events"]):
        day = start + timedelta(days=i * 4000 // n["events"])
        events.append(f"- id: event-{i}\n  date: {day.isoformat()}\n  title: {sentence(rng, 6)[:-1]}\n"
                      f"  summary: {sentence(rng)} ([source](source:source-{i % n['sources']}))\n"
                      f"  category: {CATEGORIES[i % 7]}\n  regions: [{REGIONS[i % 4]}]\n"
                      f"  people: [person-{i % n['people']}]\n  sources: [source-{i % n['sources']}]\n"
                      + ("  featured: true\n" if i % 250 == 0 else ""))  # a key event a season or so
    for year in sorted({e.split("date: ")[1][:4] for e in events}):  # one file a year, as a newsroom would
        write(root, f"timeline/{year}.yaml", "".join(e for e in events if f"date: {year}-" in e))
    write(root, "quotes.yaml", "".join(
        f"- id: quote-{i}\n  text: {sentence(rng, 12)}\n  speaker: person-{i % n['people']}\n"
        f"  occasion: Statement {i}\n  date: 2022-{1 + i % 12:02d}-{1 + i % 28:02d}\n  language: en\n"
        f"  sources: [source-{i % n['sources']}]\n" for i in range(n["quotes"])))
    write(root, "figures.yaml", "- id: figure-0\n  value: \"300,000\"\n  label: reservists\n  sources: [source-0]\n")
    write(root, "updates.yaml", "[]\n")
    write(root, "sections/overview.md", f"---\ntitle: Overview\norder: 1\n---\n{paragraphs(rng, 3)}\n")


def marked(rng: random.Random, i: int) -> str:
    """A paragraph marked up as a newsroom's is: emphasis, strong and a link in its sentences."""
    link = f"[{sentence(rng, 3)[:-1].lower()}](https://news.example/{i})"
    return (f"{sentence(rng)} The *{rng.choice(WORDS)}* was **{rng.choice(WORDS)} {rng.choice(WORDS)}**, "
            f"as {link} put it. {sentence(rng)}")


def bullets(rng: random.Random) -> str:
    return "\n".join(f"- {sentence(rng, 8)}" for _ in range(3))


def pages(content_root: Path, plain_root: Path, count: int, rng: random.Random) -> None:
    """The standalone pages, in our format and as plain Markdown with a title for the peers: paragraphs under
    two headings, one with emphasis, strong and a link, and a list, on every page."""
    for i in range(count):
        title = f"Background piece {i}"
        body = (f"## Part one\n\n{paragraphs(rng, 1)}\n\n{marked(rng, i)}\n\n{bullets(rng)}\n\n"
                f"## Part two\n\n{paragraphs(rng, 2)}\n")
        write(content_root, f"pages/page-{i:04d}.md", f"---\ntitle: {title}\n---\n{body}")
        write(plain_root, f"page-{i:04d}.md", f"---\ntitle: {title}\n---\n\n{body}")


def generate(out: Path, scale: float = 1.0, seed: int = 2022) -> dict[str, int]:
    rng = random.Random(seed)
    n = sizes(scale)
    content(out / "content", n, rng)
    pages(out / "content", out / "pages", n["pages"], rng)
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 is the full size; 0.01 for a quick test")
    args = parser.parse_args()
    print(generate(args.out, args.scale))


if __name__ == "__main__":
    main()
