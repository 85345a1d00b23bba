"""Typographic punctuation for plain text: curly quotes and apostrophes, en and em dashes, ellipses."""

from __future__ import annotations

import re

DASHES = ((re.compile(r"(?<!-)---(?!-)"), "—"), (re.compile(r"(?<!-)--(?!-)"), "–"),
          (re.compile(r"(?<!\.)\.\.\.(?!\.)"), "…"))
# A quote opens at the start, after a space, an opening bracket, a dash or another opening quote.
OPENS_AFTER = " \t\n([{‘“–—/"
DECADE = re.compile(r"'(?=\d\ds)")  # the ’80s
NEEDS_WORK = re.compile(r"['\"]|--|\.\.\.")


def smarten(text: str, before: str = " ") -> str:
    """The text with straight quotes, double and triple hyphens and three dots made typographic; text that has
    none of them comes back as it is (the common case, and the cheap one). `before` is the character that comes
    just before the text, when it continues other text (a quote after a bold word closes)."""
    if not NEEDS_WORK.search(text):
        return text
    for pattern, replacement in DASHES:
        text = pattern.sub(replacement, text)
    text = DECADE.sub("’", text)
    out = []
    for i, char in enumerate(text):
        if char in "'\"":
            # It opens after a space or an opener, before anything but a space (the piece may go on in an element).
            opening = (text[i - 1] if i else before) in OPENS_AFTER and not text[i + 1:i + 2].isspace()
            if char == "'":
                char = "‘" if opening else "’"
            else:
                char = "“" if opening else "”"
        out.append(char)
    return "".join(out)
