"""Typographic punctuation for plain fields: what changes, and what must come back untouched."""

import pytest

from explainer.typography import smarten


@pytest.mark.parametrize("plain, typographic", [
    ("Russia's mobilization", "Russia’s mobilization"),
    ('He called it a "sham".', "He called it a “sham”."),
    ("'Quoted' at the start", "‘Quoted’ at the start"),
    ('("in brackets")', "(“in brackets”)"),
    ("the '80s", "the ’80s"),
    ("2014--2022", "2014–2022"),
    ("a pause --- then more", "a pause — then more"),
    ("and so...", "and so…"),
    ("the soldiers' families", "the soldiers’ families"),
])
def test_straight_punctuation_becomes_typographic(plain, typographic):
    assert smarten(plain) == typographic


def test_text_without_straight_punctuation_is_returned_as_it_is():
    text = "Already “curly” and ’80s – fine"
    assert smarten(text) is text
