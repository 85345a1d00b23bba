"""Every page the build writes passes the W3C Nu HTML checker (vnu.jar) with no errors, and says its language."""

from __future__ import annotations

import json
import shutil
import subprocess

import lxml.html
import pytest

from browser import VNU, require
from helpers import run_build


@pytest.mark.browser
def test_every_page_is_valid_html(default_site, tmp_path):
    require(VNU, shutil.which("java") or "java")
    with_base = tmp_path / "with-base-url"
    assert run_build("--output", str(with_base), "--base-url", "https://news.example/explainers/mobilization/").returncode == 0
    pages = sorted(str(p) for folder in (default_site, with_base) for p in folder.rglob("*.html"))
    assert len(pages) > 20
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [f"{m['url'].rsplit('/', 2)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages] == []


def test_a_quote_carries_the_language_of_the_words_shown(mini, tmp_path):
    quotes = mini / "quotes.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8") + """\
- id: original
  text: Это не блеф.
  speaker: putin
  occasion: National address, in the original
  date: 2022-09-21
  language: ru
  sources: [nbc]
""", encoding="utf-8")
    output = tmp_path / "site"
    assert run_build("--content", str(mini), "--output", str(output)).returncode == 0
    page = lxml.html.parse(str(output / "quotes.html")).getroot()
    langs = {figure.get("id"): figure.find("blockquote").get("lang") for figure in page.find_class("quote")}
    assert langs == {"quote-bluff": "en", "quote-original": "ru"}, "translated: the site's language; else the original"
