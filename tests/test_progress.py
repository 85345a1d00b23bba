"""The progress counter: shown on a terminal once a build has run a while, never in captured output."""

from __future__ import annotations

import io

from explainer.progress import QUIET_FOR, Progress


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr does in an interactive shell."""

    def isatty(self) -> bool:
        return True


def test_a_long_build_on_a_terminal_counts_in_place_and_clears_the_line():
    stream = Terminal()
    counter = Progress("rendering", 6000, "pages", stream)
    counter.started -= QUIET_FOR
    counter.update(100)
    counter.update(200)
    counter.done()
    assert stream.getvalue() == "\rrendering 100/6000 pages\rrendering 200/6000 pages\r\033[K"


def test_a_quick_build_prints_nothing():
    stream = Terminal()
    counter = Progress("rendering", 6000, "pages", stream)
    counter.update(100)
    counter.done()
    assert stream.getvalue() == ""


def test_output_that_is_not_a_terminal_gets_no_counter():
    stream = io.StringIO()
    counter = Progress("rendering", 6000, "pages", stream)
    counter.started -= QUIET_FOR
    counter.update(100)
    counter.done()
    assert stream.getvalue() == ""
