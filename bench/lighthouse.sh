#!/usr/bin/env bash
# Lighthouse 12 scores (mobile preset, the default) for home, timeline and quotes of the default site,
# in Debian's Chromium, headless. Installs lighthouse@12 into bench/.lighthouse/ on first use.
# Usage: bench/lighthouse.sh    (needs chromium: run .ci/install-browser-tools first)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x bench/.lighthouse/node_modules/.bin/lighthouse ] ||
  npm install --prefix bench/.lighthouse --no-audit --no-fund --loglevel=error lighthouse@12 >/dev/null
out=$(mktemp -d)
python build.py --output "$out/site" >/dev/null
python -m http.server --bind 127.0.0.1 --directory "$out/site" 8765 >/dev/null 2>&1 &
server=$!
trap 'kill $server; rm -rf "$out"' EXIT
sleep 1
flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking"
flags="$flags --disable-component-update --disable-sync --disable-default-apps --disable-extensions --disable-quic"
flags="$flags --no-first-run --no-default-browser-check --mute-audio"
printf '%-16s %12s %14s %15s %5s\n' page performance accessibility best-practices seo
for page in index.html timeline.html quotes.html; do
  CHROME_PATH=/usr/bin/chromium bench/.lighthouse/node_modules/.bin/lighthouse "http://127.0.0.1:8765/$page" \
    --only-categories=performance,accessibility,best-practices,seo --output=json --output-path="$out/$page.json" \
    --chrome-flags="$flags" --quiet
  python - "$out/$page.json" "$page" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = [round(report["categories"][c]["score"] * 100) for c in ("performance", "accessibility", "best-practices", "seo")]
print(f"{sys.argv[2]:16} {scores[0]:12} {scores[1]:14} {scores[2]:15} {scores[3]:5}")
for c in ("performance", "accessibility", "best-practices", "seo"):
    for ref in report["categories"][c]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f"    {c}: {audit['id']}: {audit['title']} ({audit.get('displayValue', '')})")
PY
done
