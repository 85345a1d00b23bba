"""The command line's own words: commands, options and summaries, checked the way a user meets them."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from helpers import MINI, REPO, command, write_tree
from explainer.formats.sitemap import NO_BASE_URL


def test_a_mistyped_command_gets_a_did_you_mean(tmp_path):
    result = command("biuld", "--output", str(tmp_path / "dist"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == "python build.py: error: unknown command 'biuld'; did you mean 'build'?"
    assert not (tmp_path / "dist").exists()


def test_help_and_readme_give_the_exit_code_ctrl_c_gives(mini, tmp_path):
    """A build stopped with Ctrl-C exits 130; serve exits 0 (tests/test_serve.py stops it both ways)."""
    stopped = subprocess.run([sys.executable, str(REPO / "tests" / "launcher.py"), "sigint-at-build", "build",
                              "--content", str(mini), "--output", str(tmp_path / "dist")],
                             cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert (stopped.returncode, stopped.stdout.splitlines()[-1]) == (130, "Stopped."), stopped.stderr
    said = "130 stopped with Ctrl-C (0 for serve, which runs until stopped)."
    assert said in " ".join(command("--help").stdout.split())
    assert said in " ".join((REPO / "README.md").read_text().split())


@pytest.mark.parametrize("address", ["example.org", "ftp://x/", "javascript:alert(1)//", "https://example.org/x",
                                     "https://example.org/?page=/"])
def test_base_url_on_the_command_line_is_refused_exactly_as_in_site_yaml(mini, tmp_path, address):
    output = tmp_path / "dist"
    flag = command("--content", str(mini), "--output", str(output), "--base-url", address)
    assert flag.returncode == 2 and "Traceback" not in flag.stderr and not output.exists()
    [line] = flag.stderr.splitlines()
    assert line.startswith("error: --base-url: ")
    write_tree(mini, {"site.yaml": MINI["site.yaml"] + f"base_url: '{address}'\n"})
    setting = command("--content", str(mini), "--output", str(output))
    assert setting.returncode == 1
    [problem] = [line for line in setting.stderr.splitlines() if ": error: " in line]
    assert problem.split(": error: base_url: ")[1] == line.removeprefix("error: --base-url: "), "the same words"


def test_a_base_url_that_passes_in_site_yaml_passes_on_the_command_line(mini, tmp_path):
    result = command("--content", str(mini), "--output", str(tmp_path / "dist"), "--base-url", "https://example.org/x/")
    assert result.returncode == 0, result.stderr
    assert "<loc>https://example.org/x/</loc>" in (tmp_path / "dist" / "sitemap.xml").read_text()


def test_the_summary_names_the_output_folder_and_check_says_it_writes_nothing(mini, tmp_path):
    write_tree(mini, {"figures.yaml": MINI["figures.yaml"].replace("sources: [nbc]", "sources: [abc]")})
    output = tmp_path / "elsewhere"
    built = command("--content", str(mini), "--output", str(output))
    assert built.stderr.splitlines()[-1] == f"1 error; the build stopped and {output}/ was left as it was"
    checked = command("check", "--content", str(mini), "--output", str(output))
    assert checked.returncode == 1 and checked.stderr.splitlines()[-1] == "1 error; check writes nothing"


def test_the_no_base_url_note_is_said_once_per_folder_and_never_by_check(mini, tmp_path):
    output = tmp_path / "dist"

    def note(*args: str) -> bool:
        result = command(*args, "--content", str(mini), "--output", str(output))
        assert result.returncode == 0, result.stderr
        return NO_BASE_URL in result.stdout

    assert note("build"), "the first site without a base URL says what it left out"
    assert not note("build") and not note("check"), "once is enough"
    assert not note("build", "--base-url", "https://example.org/")
    assert note("build"), "said again when the folder held a site with a base URL"


def test_a_page_file_with_the_wrong_extension_is_told_to_end_in_md(mini, tmp_path):
    write_tree(mini, {"pages/about.yml": "title: About\n", "sections/more.markdown": "---\ntitle: More\n---\nText.\n",
                      "extra.yml": "- a\n"})
    result = command("--content", str(mini), "--output", str(tmp_path / "dist"))
    errors = [re.sub(r"^.*?content/", "content/", line) for line in result.stderr.splitlines()[:-1]]
    assert errors == ["content/extra.yml: error: content files end in .yaml; rename it to 'extra.yaml'",
                      "content/pages/about.yml: error: pages are Markdown files ending in .md; rename it to 'about.md'",
                      "content/sections/more.markdown: error: sections are Markdown files ending in .md; "
                      "rename it to 'more.md'"], result.stderr


def test_docs_prints_the_folder_of_the_docs_the_messages_point_at(tmp_path):
    printed = command("docs", cwd=tmp_path)
    assert printed.returncode == 0 and printed.stdout == f"{REPO / 'docs'}\n", "a checkout's own docs/"
    assert (REPO / "docs" / "content.md").is_file()
