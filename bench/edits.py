"""The edits the benchmark times, with issue 17's target for each: every edit toggles one line between two
versions, so that each save really changes the file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Edit:
    name: str
    path: Path
    old: str
    new: str  # may contain old: toggle() looks for new first
    target: float  # seconds from save to reload in the live preview
    page: str  # the page that shows the edit, fetched after the reload

    def toggle(self) -> None:
        """Write the other version of the file."""
        text = self.path.read_text(encoding="utf-8")
        if self.new in text:
            text = text.replace(self.new, self.old, 1)
        elif self.old in text:
            text = text.replace(self.old, self.new, 1)
        else:
            raise ValueError(f"{self.path}: holds neither {self.old!r} nor {self.new!r}")
        self.path.write_text(text, encoding="utf-8")


def largest(folder: Path) -> Path:
    """The year file with the most events (the earliest of equals): the one whose edit parses the most again."""
    return max(sorted(folder.glob("*.yaml")), key=lambda path: path.read_text(encoding="utf-8").count("\n- id: "))


def edits(project: Path, content: Path) -> list[Edit]:
    """One edit of each kind issue 17 names, on content made by generate.py and the project's own theme, as
    issue 27's table measures them: the first event of the largest year file, the first quote, the first page."""
    timeline = largest(content / "timeline")
    year, text = timeline.stem, timeline.read_text(encoding="utf-8")
    events = sum(path.read_text(encoding="utf-8").count("\n- id: ") + 1 for path in timeline.parent.glob("*.yaml"))
    month = re.search(rf"^  date: {year}-(\d\d)", text, re.M)  # the first event's, whose title the edit changes
    # plan.TIMELINE_PAGE_LIMIT: past 500 events a page a year, and a year past 500 a page a month
    shown_on = ("timeline.html" if events <= 500 else f"timeline-{year}.html" if text.count("\n- id: ") < 500
                else f"timeline-{year}-{month[1] if month else '01'}.html")
    quotes = (content / "quotes.yaml").read_text(encoding="utf-8").count("- id: ")
    said_on = "quotes.html" if quotes <= 50 else "quotes/person-0.html"  # plan.QUOTES_PAGE_LIMIT: a page a speaker
    title = re.search(r"^  title: .+$", text, re.M)
    if title is None:
        raise ValueError(f"{timeline}: no event title to edit")
    return [Edit("the first event's title, largest year file", timeline, title[0], title[0] + " again", 0.3,
                 shown_on),
            Edit("the first quote's occasion", content / "quotes.yaml", "occasion: Statement 0\n",
                 "occasion: Statement zero\n", 0.3, said_on),
            Edit("the first page's title", content / "pages" / "page-0000.md", "title: Background piece 0\n",
                 "title: Background piece zero\n", 0.3, "pages/page-0000.html"),
            Edit("the stylesheet (style.css)", project / "assets" / "style.css", "--column: 40rem;",
                 "--column: 40.5rem;", 1.0, "index.html"),
            Edit("the layout every page extends (base.html)", project / "layouts" / "base.html", "<body>\n",
                 "<body>\n<!-- edited -->\n", 1.0, "pages/page-0000.html")]
