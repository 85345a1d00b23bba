"""The package as a user installs it: `pip install .` from a copy of this checkout into a fresh venv, then
`explainer new story && cd story && explainer build`. Offline: the venv reads the test environment's packages
through a .pth file (the dependencies, setuptools and wheel of requirements-test.txt; never the base Python's,
which may lack wheel) and pip fetches nothing (--no-deps --no-index --no-build-isolation)."""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from helpers import REPO
from explainer import __version__

SHIPPED = ("pyproject.toml", "README.md", "LICENSE", "explainer", "layouts", "assets", "docs")


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def lend_test_packages(python: Path) -> None:
    """Put the test environment's site-packages on the path of the venv `python` runs (after its own)."""
    found = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=python.parent)
    assert found.returncode == 0, found.stderr
    lent = Path(found.stdout.strip()) / "test-environment.pth"
    lent.write_text("".join(f"{path}\n" for path in site.getsitepackages()))


@pytest.fixture(scope="session")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with this checkout installed; its bin/ folder."""
    root = tmp_path_factory.mktemp("packaging")
    source = root / "source"  # a copy, so building leaves nothing in the checkout
    source.mkdir()
    for name in SHIPPED:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    made = run(sys.executable, "-m", "venv", root / "venv", cwd=root)
    assert made.returncode == 0, made.stderr
    lend_test_packages(root / "venv" / "bin" / "python")
    # `pip install .`, offline: setuptools and wheel come from the test environment's packages, the dependencies too.
    installed = run(root / "venv" / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index",
                    "--no-build-isolation", ".", cwd=source)
    assert installed.returncode == 0, installed.stderr
    return root / "venv" / "bin"


def test_pip_install_then_new_then_build_works(venv, tmp_path):
    created = run(venv / "explainer", "new", "story", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines()[-1] == ("Next: cd story && explainer build   "
                                               "(or 'explainer serve' to preview while you edit content/)")
    built = run(venv / "explainer", "build", cwd=tmp_path / "story")
    assert built.returncode == 0, built.stderr
    assert "note:" not in built.stderr, "the starter's archives shipped: its quotations and figures were checked"
    assert re.fullmatch(r"Built 7 pages \(\d+ files\) into dist/ in \d+\.\d\d s", built.stdout.splitlines()[-1])
    assert (tmp_path / "story" / "dist" / "index.html").is_file()


def test_the_installed_package_carries_its_theme_catalogues_and_starter(venv, tmp_path):
    found = run(venv / "python", "-c", "import explainer.project as p; print(p.THEME_PATH); print(p.CATALOGUES_PATH)",
                cwd=tmp_path)
    theme, catalogues = (Path(line) for line in found.stdout.splitlines())
    assert theme.name == "explainer" and "site-packages" in theme.parts, "the theme is inside the installed package"
    for name in ("base.html", "home.html", "partials/macros.html", "embed/base.html"):
        assert (theme / "layouts" / name).read_bytes() == (REPO / "layouts" / name).read_bytes()
    assert sorted(p.name for p in (theme / "assets").iterdir()) == sorted(p.name for p in (REPO / "assets").iterdir())
    assert sorted(p.name for p in catalogues.glob("*.yaml")) == ["en.yaml", "ru.yaml", "uk.yaml"]


def test_the_installed_package_carries_the_docs_the_messages_point_at(venv, tmp_path):
    printed = run(venv / "explainer", "docs", cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    docs = Path(printed.stdout.strip())
    assert "site-packages" in docs.parts, "the docs are inside the installed package"
    assert sorted(p.name for p in docs.glob("*.md")) == sorted(p.name for p in (REPO / "docs").glob("*.md"))
    assert (docs / "content.md").read_bytes() == (REPO / "docs" / "content.md").read_bytes()
    helped = run(venv / "explainer", "--help", cwd=tmp_path)
    assert "'explainer docs' prints the folder of the docs" in " ".join(helped.stdout.split())


def test_version_and_help_name_the_command(venv, tmp_path):
    version = run(venv / "explainer", "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout == f"explainer {__version__}\n"
    helped = run(venv / "explainer", "--help", cwd=tmp_path)
    assert helped.stdout.startswith("usage: explainer ")
    listed = re.findall(r"^    (\w+) ", helped.stdout, re.MULTILINE)
    assert sorted(listed) == ["build", "check", "docs", "new", "pull", "schema", "serve", "status"], helped.stdout


def test_the_dependencies_are_pinned_as_requirements_txt_pins_them():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pinned = [line for line in (REPO / "requirements.txt").read_text().splitlines() if line and not line.startswith("#")]
    assert project["dependencies"] == pinned
    assert project["requires-python"] == ">=3.11"
    assert project["scripts"] == {"explainer": "explainer.cli:main"}
