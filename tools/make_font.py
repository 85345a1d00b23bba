"""Make explainer/fonts/hershey.json, the stroke font the plain social card is written in; standard library only.

Usage: python tools/make_font.py hersheytext-2.0.0.tgz [OUTPUT]
(`npm pack hersheytext@2.0.0`). It takes Dr. A. V. Hershey's Complex Roman (Latin, digits, punctuation) and Complex
Cyrillic glyphs, drawn at the U.S. National Bureau of Standards and in the public domain, from that package's JSON,
maps the Cyrillic ones to Unicode, and adds the Ukrainian letters and Ё from their parts (see docs/map.md).
"""

from __future__ import annotations

import json
import re
import sys
import tarfile
from pathlib import Path
from typing import Any

MEMBER = "package/hersheytext.json"
OUTPUT_PATH = Path(__file__).resolve().parent.parent / "explainer" / "fonts" / "hershey.json"
# The Cyrillic font's glyphs sit on ASCII codes: which letter each code draws (its small э is a capital).
CYRILLIC = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`$abcdefghijklmnopqrstuvwxyz{|}~%&",
                    "АБЭДЙФГЖИЧКЛМНОПШРСТЮВЩХУЗЕЪЯЬЦЫабэдйфгжичклмнопшрстювщхузеъяьцы"))
BREVE = [[8, -4, 9, -2, 11, -1, 13, -1, 15, -2, 16, -4]]  # over the capital Й, which the data draws without it
DOTS = [[6, -2, 7, -1, 8, -2, 7, -3, 6, -2], [12, -2, 13, -1, 14, -2, 13, -3, 12, -2]]
Strokes = list[list[int]]


def strokes(d: str) -> Strokes:
    """SVG path data made of M and L commands as polylines, each a flat list x0, y0, x1, y1, …"""
    return [[int(n) for n in re.findall(r"-?\d+", part)] for part in re.split(r"(?=M)", d) if part.strip()]


def shifted(lines: Strokes, dx: int, dy: int = 0) -> Strokes:
    return [[v + (dx if i % 2 == 0 else dy) for i, v in enumerate(line)] for line in lines]


def mirrored(lines: Strokes, advance: int) -> Strokes:
    return [[advance - v if i % 2 == 0 else v for i, v in enumerate(line)] for line in lines]


def small(lines: Strokes) -> Strokes:
    """A capital's strokes squeezed down to the height of a small letter (y 8 to 22)."""
    return [[v if i % 2 == 0 else round(8 + (v - 1) * 14 / 21) for i, v in enumerate(line)] for line in lines]


def make(fonts: dict) -> dict:
    """Glyph by character: [advance, strokes], in the font's units (capitals from y 1 to the baseline at y 22)."""
    def read(font: str, code: str) -> list:
        char = fonts[font]["chars"][ord(code) - 33]
        return [2 * int(char["o"]), strokes(char["d"])]
    glyphs: dict[str, Any] = {" ": [16, []]}
    glyphs.update({chr(c): read("timesr", chr(c)) for c in range(33, 127)})
    glyphs.update({letter: read("cyrillic", code) for code, letter in CYRILLIC.items()})
    width = glyphs["Й"][0]
    glyphs["Й"] = [width, glyphs["Й"][1] + shifted(BREVE, (width - 24) // 2)]
    for capital, lower in (("І", "і"), ("Ї", "ї")):
        glyphs[capital], glyphs[lower] = [glyphs["I"][0], glyphs["I"][1]], [glyphs["i"][0], glyphs["i"][1]]
    glyphs["Ї"][1] = glyphs["Ї"][1] + shifted(DOTS, glyphs["I"][0] // 2 - 10)
    glyphs["ї"][1] = [s for s in glyphs["ї"][1] if min(s[1::2]) > 5] + shifted(DOTS, glyphs["i"][0] // 2 - 10, 5)
    for base, dotted in (("Е", "Ё"), ("е", "ё")):
        glyphs[dotted] = [glyphs[base][0], glyphs[base][1] + shifted(DOTS, glyphs[base][0] // 2 - 10, 0 if base == "Е" else 5)]
    glyphs["э"] = [glyphs["Э"][0] - 2, small(glyphs["Э"][1])]  # the data's own is a capital
    glyphs["Є"], glyphs["є"] = ([glyphs[b][0], mirrored(glyphs[b][1], glyphs[b][0])] for b in ("Э", "э"))
    glyphs["Ґ"] = [glyphs["Г"][0], glyphs["Г"][1] + [[glyphs["Г"][0] - 3, 1, glyphs["Г"][0] - 3, -4]]]
    glyphs["ґ"] = [glyphs["г"][0], glyphs["г"][1] + [[glyphs["г"][0] - 4, 8, glyphs["г"][0] - 4, 4]]]
    return {
        "about": "Stroke glyphs for the plain social card, made by tools/make_font.py: see docs/map.md. Units: "
                 "capitals run from y 1 to the baseline at y 22; each glyph is [advance, polylines x0,y0,x1,y1…].",
        "source": "Hershey Complex Roman and Complex Cyrillic, via npm hersheytext 2.0.0 (MIT for its code)",
        "licence": "Public domain (A. V. Hershey, U.S. National Bureau of Standards)",
        "glyphs": glyphs,
    }


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    with tarfile.open(argv[0]) as archive:
        fonts = json.load(archive.extractfile(MEMBER))  # type: ignore[arg-type]
    output_path = Path(argv[1]) if len(argv) == 2 else OUTPUT_PATH
    output_path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(make(fonts), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    output_path.write_text(re.sub(r'(?=,"[^"]{1,2}":\[)', "\n", text) + "\n", encoding="utf-8")
    print(f"{output_path}: {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
