"""Every page the build writes passes the W3C Nu HTML checker (vnu.jar) with no errors."""

from __future__ import annotations

import json
import shutil
import subprocess

from browser import VNU, require
from conftest import run_build


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
