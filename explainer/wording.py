"""Telling our words from a source's: words folded so that spellings of one word compare equal, and near-copies,
runs of a source kept with a word here and there swapped, inserted or dropped.

A near-copy is found from a seed (SEED words in a row that stand in the source) and grown both ways, stepping
over one changed word at a time while the words after it line up again. Of what grows, the longest stretch in
which at most one word in every GAP differs counts, when it is `least` words or more. The source is indexed once
as a sorted array of its seeds' hashes, a few bytes a word.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache

SEED = 4  # words in a row that start a near-copy
GAP = 8  # at most one word in every GAP may differ, on average over the run
LOOKAHEAD = 3  # words that must line up again after a changed one for the copy to go on
# One or two words changed at a time, ours and theirs: swapped, ours only, theirs only; the fewest first.
Words = Sequence[Hashable]  # words, or numbers standing for them
CHANGES = ((1, 1), (1, 0), (0, 1), (2, 2), (2, 1), (1, 2), (2, 0), (0, 2))
CANDIDATES = 16  # places in the source a seed is tried at (a phrase repeated more often is boilerplate)

# British spellings and their American twins, folded to one key (whole words and what is built on them).
SPELLINGS = [(re.compile(pattern), replacement) for pattern, replacement in (
    (r"^(arm|behavi|clam|col|endeav|fav|flav|harb|hon|hum|lab|neighb|od|rum|sav|vap|vig|val)our", r"\1or"),
    (r"^(analy|paraly|cataly)s(e|ed|es|ing)$", r"\1z\2"),
    (r"^(.{3,})is(ation|ations|e|ed|es|ing|er|ers)$", r"\1iz\2"),
    (r"^(cent|theat|met|lit|fib|calib|somb|spect|meag|lust|sab|mit)re(s|d)?$", r"\1er\2"),
    (r"^(defen|offen|licen|preten)ce(s)?$", r"\1se\2"),
    (r"^(catalog|dialog|analog|monolog|prolog)ue(s|d)?$", r"\1\2"),
    (r"^(travel|cancel|label|model|fuel|signal|counsel|total|level|marshal|channel|dial|equal|quarrel)l(ed|ing|er|ers)$",
     r"\1\2"),
    (r"^programme(s|d)?$", r"program\1"),
    (r"^judgement(s)?$", r"judgment\1"),
    (r"^(towards|amongst|whilst)$", r"\1"),
    (r"^grey$", "gray"),
)]
# Words the '-ise' rule must leave alone: their American spelling is the same.
ISE_WORDS = re.compile(r"^(advert|advis|chastis|circumcis|compris|compromis|demis|despis|devis|disguis|enfranchis|"
                       r"enterpris|excis|exercis|expertis|franchis|improvis|incis|merchandis|otherwis|premis|"
                       r"promis|reprimis|revis|supervis|surmis|surpris|televis|treatis|concis|precis|paradis)"
                       r"(e|ed|es|ing|er|ers)$")


@lru_cache(maxsize=1 << 16)  # a language's words: an archive's million words are a few tens of thousands
def key(word: str) -> str:
    """A lowercase word as the checks compare it: a hyphen inside it dropped ('north-east' = 'northeast') and a
    British spelling made American ('defence' = 'defense', 'mobilised' = 'mobilized')."""
    if "-" in word:
        word = word.replace("-", "")
    if ISE_WORDS.match(word):
        return word
    for pattern, replacement in SPELLINGS:
        if pattern.match(word):
            return pattern.sub(replacement, word)
    return word


def stem(word: str) -> str:
    """A key without a plural's 's', so 'result' and 'results' line up in a near-copy."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@dataclass(frozen=True, slots=True)
class Seeds:
    """Where each run of SEED words stands in a source: hashes sorted, with their positions beside them."""

    hashes: array
    positions: array

    @classmethod
    def of(cls, words: Words) -> Seeds:
        hashes = seed_hashes(words)
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        return cls(array("q", (hashes[i] for i in order)), array("l", order))

    def at(self, wanted: int) -> Sequence[int]:
        """Where in the source a run of SEED words with this hash may stand (a hash can collide: callers compare)."""
        low = bisect_left(self.hashes, wanted)
        return self.positions[low:min(bisect_right(self.hashes, wanted), low + CANDIDATES)]


def seed_hashes(words: Words) -> list[int]:
    """The hash of every run of SEED words in a row."""
    return [hash(tuple(words[i:i + SEED])) for i in range(len(words) - SEED + 1)]


@dataclass(frozen=True, slots=True)
class NearCopy:
    """Our words [start, end) that follow the source's words [source_start, source_end), `changed` of them not."""

    start: int
    end: int
    source_start: int
    source_end: int
    changed: int


def near_copies(ours: Words, theirs: Words, seeds: Seeds, least: int, hashes: list[int] | None = None
                ) -> list[NearCopy]:
    """Each stretch of at least `least` of our words (stems) that follows the source with at most one word in every
    GAP changed, and at least one changed (a run with none is a plain copy, found elsewhere). `hashes` are our
    seeds' hashes, made as the source's were (seed_hashes of the same words, by default of `ours`)."""
    found: list[NearCopy] = []
    covered = 0  # our words up to here were part of a stretch grown already
    for i, wanted in enumerate(seed_hashes(ours) if hashes is None else hashes):
        if i < covered:
            continue
        best: NearCopy | None = None
        for j in seeds.at(wanted):
            if list(theirs[j:j + SEED]) != list(ours[i:i + SEED]):
                continue
            steps = [*reversed(grow(ours, theirs, i - 1, j - 1, -1)), *(("=", i + k, j + k) for k in range(SEED)),
                     *grow(ours, theirs, i + SEED, j + SEED, 1)]
            for copy in stretches(steps, least):
                if best is None or copy.end - copy.start > best.end - best.start:
                    best = copy
            covered = max(covered, max(step[1] for step in steps) + 1)
        if best:
            found.append(best)
            covered = max(covered, best.end)
    return found


Step = tuple[str, int, int]  # '=' or a change ('~' swapped, '+' ours only, '-' theirs only), our index, theirs


def grow(ours: Words, theirs: Words, i: int, j: int, way: int) -> list[Step]:
    """The steps from (i, j) one way (1 forward, -1 back) while the words line up, over one or two changed words
    whenever LOOKAHEAD words line up after them; ends on a word that lines up."""
    steps: list[Step] = []

    def inside(a: int, b: int) -> bool:
        return 0 <= a < len(ours) and 0 <= b < len(theirs)

    def agree(a: int, b: int) -> int:
        n = 0
        while n < LOOKAHEAD and inside(a, b) and ours[a] == theirs[b]:
            a, b, n = a + way, b + way, n + 1
        return n

    while inside(i, j):
        if ours[i] == theirs[j]:
            steps.append(("=", i, j))
            i, j = i + way, j + way
            continue
        di, dj = max(CHANGES, key=lambda option: agree(i + option[0] * way, j + option[1] * way))
        if agree(i + di * way, j + dj * way) < LOOKAHEAD:
            break
        for k in range(max(di, dj)):
            steps.append(("~" if k < min(di, dj) else "+" if di > dj else "-", i + min(k, di) * way,
                          j + min(k, dj) * way))
        i, j = i + di * way, j + dj * way
    return steps


def stretches(steps: list[Step], least: int) -> list[NearCopy]:
    """The longest run of steps, starting and ending on words that line up, with at least one change and no
    more than one for every GAP of our words; none when it is shorter than `least` of our words."""
    changes = [k for k, step in enumerate(steps) if step[0] != "="]
    bounds = [-1, *changes, len(steps)]
    best: NearCopy | None = None
    for a in range(1, len(bounds) - 1):  # the run holds changes bounds[a..b], between the changes around them
        for b in range(a, len(bounds) - 1):
            run = steps[bounds[a - 1] + 1:bounds[b + 1]]
            while run and run[0][0] != "=":
                run = run[1:]
            while run and run[-1][0] != "=":
                run = run[:-1]
            ours = [i for kind, i, _ in run if kind != "-"]
            changed = sum(kind != "=" for kind, _, _ in run)
            if not changed or changed * GAP > len(ours) or len(ours) < least:
                continue
            if best is None or len(ours) > best.end - best.start:
                theirs = [j for kind, _, j in run if kind != "+"]
                best = NearCopy(ours[0], ours[-1] + 1, theirs[0], theirs[-1] + 1, changed)
    return [best] if best else []
