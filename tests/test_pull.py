"""`explainer pull` fetches the files site.yaml's `pull:` names from a server (here one on 127.0.0.1, started by
the test) into content/, says what changed, and never overwrites a local edit without --force."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from explainer.cli import main
from helpers import MINI, command, write_tree
from test_archieml import SECTION
from test_timeline_csv import HEADER, SHEET, row


class Quiet(SimpleHTTPRequestHandler):
    """Serves a folder without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        """Nothing."""


@pytest.fixture
def upstream(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1, as a Google Sheet's and a Google Doc's exports would be: its
    path and its address."""
    folder = tmp_path / "upstream"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def project_pulling(root: Path, pulls: dict[str, str]) -> Path:
    """MINI without its timeline and section, and a site.yaml that pulls them: the project folder."""
    site = MINI["site.yaml"] + "pull:\n" + "".join(f"  {name}: {url}\n" for name, url in pulls.items())
    files = {k: v for k, v in MINI.items() if k not in ("timeline.yaml", "sections/announcement.md")}
    write_tree(root / "content", {**files, "site.yaml": site})
    return root


def publish(folder: Path, sheet: str, document: str) -> None:
    """What the newsroom's sheet and doc export: CSV as Sheets writes it, text as Docs does (a byte-order mark
    and Windows line ends)."""
    (folder / "timeline.csv").write_bytes(sheet.encode())
    (folder / "doc.txt").write_bytes(("\ufeff" + document.replace("\n", "\r\n")).encode())


def test_pull_refreshes_a_sheet_and_a_doc_and_the_next_build_shows_the_change(tmp_path: Path, upstream):
    folder, address = upstream
    root = project_pulling(tmp_path / "project", {"timeline.csv": f"{address}/timeline.csv",
                                                  "sections/announcement.aml": f"{address}/doc.txt"})
    publish(folder, SHEET, SECTION)
    first = command("pull", cwd=root)
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout.splitlines() == ["content/sections/announcement.aml: new file, 10 lines",
                                         "content/timeline.csv: new file, 6 lines"]
    assert command("build", cwd=root).returncode == 0
    assert "The address" in (root / "dist" / "timeline.html").read_text(encoding="utf-8")
    publish(folder, SHEET.replace("The address", "The televised address"),
            SECTION.replace("partial mobilization", "partial military mobilization"))
    second = command("pull", cwd=root)
    assert (second.returncode, second.stderr) == (0, "")
    assert second.stdout.splitlines() == ["content/sections/announcement.aml: 1 line added, 1 removed",
                                          "content/timeline.csv: 1 line added, 1 removed"]
    assert command("build", cwd=root).returncode == 0
    assert "The televised address" in (root / "dist" / "timeline.html").read_text(encoding="utf-8")
    assert "partial military mobilization" in (root / "dist" / "index.html").read_text(encoding="utf-8")
    assert command("pull", cwd=root).stdout.splitlines() == ["content/sections/announcement.aml: unchanged",
                                                             "content/timeline.csv: unchanged"]
    assert not list((root / "content").rglob("*.pulling")), "no temporary file is left behind"


def test_a_local_edit_is_not_overwritten_without_force(tmp_path: Path, upstream):
    folder, address = upstream
    root = project_pulling(tmp_path / "project", {"timeline.csv": f"{address}/timeline.csv",
                                                  "sections/announcement.aml": f"{address}/doc.txt"})
    publish(folder, SHEET, SECTION)
    assert command("pull", cwd=root).returncode == 0
    local = root / "content" / "timeline.csv"
    edited = local.read_text(encoding="utf-8").replace("The address", "Edited here")
    local.write_text(edited, encoding="utf-8")
    publish(folder, SHEET.replace("The address", "Edited upstream"), SECTION.replace("What was", "What is"))
    refused = command("pull", cwd=root)
    assert refused.returncode == 2
    assert refused.stderr == ("error: content/timeline.csv was changed here since it was last pulled, so it was "
                              "left as it is; save the edit where the file lives first, or pull again with --force "
                              "to overwrite it\n")
    assert refused.stdout == "content/sections/announcement.aml: 1 line added, 1 removed\n", "the others are pulled"
    assert local.read_text(encoding="utf-8") == edited
    forced = command("pull", "--force", cwd=root)
    assert (forced.returncode, forced.stderr) == (0, "")
    assert local.read_bytes() == (folder / "timeline.csv").read_bytes()


def test_a_missing_file_and_an_unreachable_server_are_one_line_each(tmp_path: Path, upstream):
    _, address = upstream
    with socket.socket() as unused:  # a port nothing listens on
        unused.bind(("127.0.0.1", 0))
        closed = unused.getsockname()[1]
    root = project_pulling(tmp_path / "project", {"timeline.csv": f"{address}/gone.csv",
                                                  "sections/announcement.aml": f"http://127.0.0.1:{closed}/doc"})
    outcome = command("pull", cwd=root)
    assert outcome.returncode == 2
    assert outcome.stderr.splitlines() == [
        f"error: content/sections/announcement.aml: cannot reach http://127.0.0.1:{closed}/doc: Connection refused; "
        "check the address and the connection",
        f"error: content/timeline.csv: {address}/gone.csv answered 404 File not found; check the address, and that "
        "the file is shared with anyone who has the link (docs/content.md)"]
    assert not (root / "content" / "timeline.csv").exists()


def test_pull_takes_only_web_addresses_and_files_inside_content(tmp_path: Path):
    root = project_pulling(tmp_path / "project", {"../notes.csv": "https://example.org/a.csv",
                                                  "sections/a.aml": "file:///etc/passwd"})
    outcome = command("pull", cwd=root)
    assert outcome.returncode == 1
    assert outcome.stderr.splitlines() == [
        "content/site.yaml:31:3: error: pull: '../notes.csv' is not a path inside content/; write it from "
        "content/, e.g. timeline.csv",
        "content/site.yaml:32:19: error: pull: 'file:///etc/passwd' is not a web address; write the full address, "
        "starting with https://"]


# The starter's timeline as a newsroom's sheet in TimelineJS's template, and its first section as a Google Doc.
STARTER_SHEET = "\r\n".join([
    HEADER,
    row("2024", "5", "", headline="A routine test of the town's water", group="testing", event_id="routine-test",
        text="The council's laboratory samples the supply ([Westbrook Town Council](source:town-notice-2024-05-13)).",
        sources="town-notice-2024-05-13", qualifier="early"),
    row("2024", "5", "13", "16:00+01:00", "The council tells residents to boil their water", group="announcement",
        text="A boil-water notice follows the test ([Westbrook Town Council](source:town-notice-2024-05-13)).",
        event_id="notice-issued", sources="town-notice-2024-05-13", people="maria-lopez", featured="TRUE"),
    row("2024", "5", "14", headline="Bottled water handed out at the town hall", group="response",
        text="Residents queue for water ([The Westbrook Gazette](source:gazette-2024-05-14)).",
        event_id="bottled-water", sources="gazette-2024-05-14", people="dev-patel"),
]) + "\r\n"
STARTER_DOC = """\
title: What happened
order: 1
body:
A test of Westbrook's water found E. coli, and the council told residents to boil their tap water
([Westbrook Town Council](source:town-notice-2024-05-13)).
:end
"""


def test_a_new_project_takes_its_timeline_from_a_sheet_and_a_section_from_a_doc_and_pull_refreshes_both(
        tmp_path: Path, upstream):
    folder, address = upstream
    root = tmp_path / "story"
    assert main(["new", str(root)]) == 0
    assert command("build", "--output", str(tmp_path / "as-started"), cwd=root).returncode == 0
    (root / "content" / "timeline.yaml").unlink()
    (root / "content" / "sections" / "what-happened.md").unlink()
    with (root / "content" / "site.yaml").open("a", encoding="utf-8") as site:
        site.write(f"pull:\n  timeline.csv: {address}/timeline.csv\n  sections/what-happened.aml: {address}/doc.txt\n")
    publish(folder, STARTER_SHEET, STARTER_DOC)
    first = command("pull", cwd=root)
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout.splitlines() == ["content/sections/what-happened.aml: new file, 6 lines",
                                         "content/timeline.csv: new file, 4 lines"]
    built = command("build", cwd=root)
    assert built.returncode == 0, built.stderr
    pages = sorted(path.name for path in (root / "dist").rglob("*.html"))
    assert pages == sorted(path.name for path in (tmp_path / "as-started").rglob("*.html")), "the same kind of site"
    timeline = (root / "dist" / "timeline.html").read_text(encoding="utf-8")
    assert timeline.count('class="event"') == 3 and "Bottled water handed out" in timeline
    publish(folder, STARTER_SHEET.replace("handed out at", "given out at"),
            STARTER_DOC.replace("found E. coli", "found E. coli bacteria"))
    second = command("pull", cwd=root)
    assert second.stdout.splitlines() == ["content/sections/what-happened.aml: 1 line added, 1 removed",
                                          "content/timeline.csv: 1 line added, 1 removed"]
    assert command("build", cwd=root).returncode == 0
    assert "Bottled water given out at" in (root / "dist" / "timeline.html").read_text(encoding="utf-8")
    assert "found E. coli bacteria" in (root / "dist" / "index.html").read_text(encoding="utf-8")
