"""Shared fixtures: the mini content, a project to edit, the default site and its facts, and the browser parts.
Functions and data the tests share are in helpers.py, the browser's in browser.py."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

import browser as browsers
from explainer.editions import split
from explainer.load import load
from explainer.model import Explainer
from explainer.project import Project
from explainer.resolve import resolve
from explainer.validate import validate
from helpers import MINI, REPO, command, copy_project, write_tree


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds in the tests (and the processes they start) keep their caches in a folder of the run's own."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session", autouse=True)
def ctrl_c_reaches_the_processes_tests_start() -> None:
    """A shell that starts pytest in the background makes it ignore Ctrl-C (SIGINT), and every process it starts
    inherits that: a preview or a build would then ignore the Ctrl-C a test sends it. Take Ctrl-C back."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tell browser.require() whether the test is marked `browser`: one that is not may not start a browser or a
    validator, so `pytest -m "not browser"` leaves out every test that does."""
    browsers.marked = item.get_closest_marker("browser") is not None


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small valid content folder; tests edit its files to make them wrong."""
    return write_tree(tmp_path / "content", MINI)


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini content's site, built once by the command: a last good dist/ for tests to copy."""
    root = tmp_path_factory.mktemp("mini")
    result = command("build", "--content", str(write_tree(root / "content", MINI)), "--output", str(root / "dist"))
    assert result.returncode == 0, result.stderr
    return root / "dist"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the whole project (default content, layouts, assets, the package and build.py) to build and edit,
    with the command or as a process started in it."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's default content, built once by the command into a temp folder."""
    output = tmp_path_factory.mktemp("default") / "dist"
    result = command("--output", str(output))
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="session")
def facts() -> Explainer:
    """The default content as the build sees it."""
    loaded = split(load(Project.at(REPO)))[0]  # the original's content; the editions' translations apart
    draft, problems = validate(loaded)
    explainer, found = resolve(draft)
    assert not loaded.problems + problems + found and explainer is not None
    return explainer


# The default site in headless Chromium (tests that use these are marked `browser`).

@pytest.fixture(scope="module")
def site_url(default_site: Path) -> Iterator[str]:
    """The default site served on 127.0.0.1; its base URL."""
    with browsers.serving(default_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with browsers.chromium() as running:
        yield running


@pytest.fixture
def tab(browser, site_url: str) -> Iterator[browsers.Tab]:
    """A page at 390 px with scripting on; tests that need other settings make their own Tab."""
    opened = browsers.Tab(browser, site_url, 390)
    yield opened
    opened.close()
