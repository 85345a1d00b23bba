"""Near-copies: a source's sentence kept with a word or two swapped is found, however its words are spelt."""

from __future__ import annotations

import pytest

from explainer.verify import words
from explainer.wording import Seeds, key, near_copies, stem

SOURCE = ("The swift developments came just a week after Ukraine successfully reclaimed swaths of territory in its "
          "northeast, in what many observers said could be a decisive shift in the conflict. Washington and its "
          "allies vowed Tuesday to stand by Kyiv and condemned the planned votes as a sham they would never "
          "recognize. Russia held a vote to annex the Crimean Peninsula in 2014, with most of the international "
          "community rejecting the results.")


def stems(text: str) -> list[str]:
    return [stem(key(word)) for word, _, _ in words(text)]


def found(ours: str, least: int = 10) -> list[tuple[str, str, int]]:
    """Each near-copy of SOURCE in our words: (our words, the source's, how many changed)."""
    mine, theirs = stems(ours), stems(SOURCE)
    return [(" ".join(mine[c.start:c.end]), " ".join(theirs[c.source_start:c.source_end]), c.changed)
            for c in near_copies(mine, theirs, Seeds.of(theirs), least)]


@pytest.mark.parametrize("british, american", [
    ("north-east", "northeast"), ("defence", "defense"), ("mobilisation", "mobilization"), ("mobilised", "mobilized"),
    ("colour", "color"), ("neighbourhood", "neighborhood"), ("centre", "center"), ("analyse", "analyze"),
    ("travelled", "traveled"), ("programme", "program"), ("catalogue", "catalog"), ("judgement", "judgment")])
def test_british_and_hyphenated_spellings_fold_to_the_american_key(british, american):
    assert key(british) == key(american) == american


@pytest.mark.parametrize("word", ["promise", "surprised", "exercise", "otherwise", "rise", "four", "hour", "your",
                                  "wise", "noise"])
def test_words_that_only_look_british_keep_their_spelling(word):
    assert key(word) == word


def test_one_swapped_word_in_a_sentence_is_a_near_copy():
    assert found("Then Washington and its allies pledged to stand by Kyiv and denounced the planned votes as a") == [
        ("to stand by kyiv and denounced the planned vote as a", "to stand by kyiv and condemned the planned vote as a",
         1)]


def test_two_words_swapped_in_a_long_run_are_still_a_near_copy_with_the_hyphen_folded():
    [(ours, theirs, changed)] = found("It came just a week after Ukraine won back swaths of territory in its "
                                      "north-east, in what many observers saw")
    assert ours == "came just a week after ukraine won back swath of territory in its northeast in what many observer"
    assert theirs == ("came just a week after ukraine successfully reclaimed swath of territory in its northeast in "
                      "what many observer")
    assert changed == 2


def test_a_word_added_and_one_dropped_are_changes_too():
    [(_, _, changed)] = found("Russia held a vote to annex Ukraine's Crimean Peninsula in 2014, and most of the "
                              "international community rejected it")
    assert changed == 2


def test_more_changes_than_one_in_eight_words_are_our_own_words():
    assert found("Russia held a poll to seize the Crimean Peninsula during 2014, while nearly all the world's "
                 "governments rejected it") == []


def test_a_run_shorter_than_the_setting_is_left_alone():
    ours = "They pledged to stand by Kyiv and denounced the planned votes"  # 9 words follow the source
    assert found(ours, least=10) == []
    assert [changed for _, _, changed in found(ours, least=9)] == [1]


def test_an_exact_copy_is_not_a_near_copy():
    assert found("Washington and its allies vowed Tuesday to stand by Kyiv and condemned the planned votes") == []
