"""Checking the words against the archived sources: quotations are the sources' own, our prose copies none.

A source with an `archive` (its text, read by load) can be checked against. Every quotation, and every
fragment of one between ellipses, must stand in the archive of a source it cites, word for word and as whole
words (not "300" of "300,000", nor "nuclear" of "non-nuclear"), with only quotation marks, apostrophes, dashes,
spacing, Unicode normalisation and invisible format characters allowed to differ; the fragments in order and
close together; words in quotation marks inside our own prose likewise. Our own words (the model's `str` and
`Markdown` fields and the Markdown bodies) may share no run of `copied_words_limit` words with any archive
outside quotation marks. Each finding names the file, line
and column where it starts, read back through the file's text (strict_yaml.scalar_indexes). Every step is linear
in the size of the text checked, and a rebuild checks only the files that changed. An archive is held as its
text and compact arrays (a few bytes a word), and only the current version of each is kept (see
rebuild.session.Verifications).
"""

from __future__ import annotations

import difflib
import heapq
import re
import types
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from .load import Document, Loaded
from .strict_yaml import MarkedDict, scalar_indexes
from .model import COLLECTIONS, Article, Explainer, Figure, Markdown, Section, Site, Source, Verbatim
from .problems import Position, Problem, places
from .spreadsheet import MarkedRow, Sheet
from .scalars import numbers_in
from .validate import collection_name, hints
from .wording import Seeds, key, near_copies, seed_hashes, stem

COPIED = "rewrite it in your own words, or quote and attribute it"
VERBATIM = "quote the source's words exactly (only quotation marks, apostrophes, dashes and spacing may differ)"
MISQUOTED = "quote the source exactly, or drop the quotation marks and say it in your own words"
BIDI_HINT = "delete it, unless right-to-left words need it to show in the right order"
# Typographic marks become plain ones, one character for one, so positions found in the result stay true.
MARKS = str.maketrans("“”„‟«»″‘’‚‛ʼ′‐‑", '"' * 7 + "'" * 6 + "-" * 2)
SPACE = re.compile(r"\s+")
DASH = re.compile(r" ?[-‒–—―]+ ?")
# Invisible characters that only shape how text shows: soft hyphen, zero-width space, non-joiner and joiner,
# direction marks and controls, word joiner and invisible operators, byte order mark. Folded away before comparing.
FORMAT = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # those that change the order shown
JOINS = "'.,-"  # what joins two runs of letters or digits into one word (WORD)
ELLIPSIS = re.compile(r"\[?(?:…|\.\s?\.\s?\.)\]?")
WORD = re.compile(r"[^\W_]+(?:['.,-][^\W_]+)*")  # it's, all-out, U.S, 1,311: one word each
# Parts of Markdown that are addresses, not words: link targets, <autolinks>, bare URLs, reference definitions.
ADDRESS = re.compile(r"\]\([^)\n]*\)|<[a-z][\w+.-]*:[^>\s]*>|https?://\S+|^ {0,3}\[[^\]\n]+\]:.*$", re.M)
PARAGRAPH = re.compile(r"\n[ \t]*\n")
QUOTE_MARK = re.compile("[\"“«‘']")  # a mark that may open a quotation
DOUBLE_CLOSE = re.compile("[\"”»]")
SINGLE_CLOSE = re.compile(r"(?<=\S)[’'](?![^\W_])")  # after a letter, not before one: not the ’ of it’s
OPENS_AFTER = " \t\n([{—–-/"
SOURCE_LINK = re.compile(r"\]\(\s*source:([^)\s]*)\s*\)")  # the sources a paragraph cites
CITATION = re.compile(r"\((?:[^()]*?\]\(\s*source:[^)\s]*\s*\))+[^()]*\)")  # ([NBC](source:nbc); [BBC](source:bbc))
CANDIDATES = 20  # places in an archive where a misquotation may have come from, compared word by word
GAP = 600  # characters an ellipsis may leave out between two parts of a quotation


@dataclass(frozen=True, slots=True)
class Archive:
    """An archived text made ready once: normalised for finding quotations, split into words (held as arrays of
    where they start and end), and every run of `limit` words in a row (held as the sorted hashes of the runs)."""

    raw: str  # as loaded
    text: str  # without format characters, in NFC
    normal: str
    starts: array[int]  # where each word starts in text
    ends: array[int]
    where: dict[str, array[int]]  # lowercase word -> its indexes in starts and ends
    runs: array[int]
    limit: int
    bidi: tuple[Position, str] | None  # the first bidi control in raw, and which
    stems: array[int]  # each word's stem, as its number in `vocabulary`
    vocabulary: dict[str, int]
    seeds: Seeds  # where each run of a few stems stands (hashed as words): near-copies grow from them
    numbers: frozenset[str]  # every number the text gives, as plain digits

    def words(self, first: int, last: int) -> list[str]:
        """The words (keys) from index `first` up to `last`."""
        return [key(folded(self.text[start:end])) for start, end in zip(self.starts[first:last], self.ends[first:last])]

    def has(self, run: tuple[str, ...]) -> bool:
        """True when the words stand in a row in the archive (a run of `limit` words, lowercase): looked up by
        its hash, then compared where its rarest word stands."""
        if not has_hash(self.runs, hash(run)):
            return False
        rarest = min(range(len(run)), key=lambda i: len(self.where.get(run[i], ())))
        return any(self.words(at - rarest, at - rarest + len(run)) == list(run)
                   for at in self.where.get(run[rarest], ()) if at >= rarest)


@dataclass(frozen=True, slots=True)
class Passage:
    """One value of the content as loaded, where it stands in its file, and the sources its item cites."""

    text: str
    label: str  # 'summary: ' for a field, '' for a Markdown body
    document: Document
    at: int  # where it starts in the document's text
    scalar: bool  # a YAML value (folded, quoted, escaped), or a body that stands in the file as it is
    cites: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem in a passage, at a character of its text."""

    offset: int
    message: str
    hint: str
    severity: Literal["error", "note"] = "error"


@dataclass(frozen=True, slots=True)
class Archives:
    """The build's archived texts made ready: each source's archive, and every run of `limit` words in them."""

    by_source: dict[str, Archive]
    runs: array[int]  # the sorted hashes of the runs of every archive
    limit: int
    notes: tuple[Problem, ...]  # about the archives themselves
    near: int  # the fewest words of a near-copy; 0 for no check
    seed_hashes: array[int]  # every archive's, merged: most prose shares no seed with any archive

    def source_of(self, run: tuple[str, ...]) -> str | None:
        """The first source (by id) whose archive has the run of words, if any (asked only of a run whose hash
        is in `runs`)."""
        return next((source_id for source_id, archive in sorted(self.by_source.items()) if archive.has(run)), None)


def verify(explainer: Explainer, loaded: Loaded) -> list[Problem]:
    """Every quotation found in an archive of a source it cites, and no run of copied words in our prose; a
    quotation that only unarchived sources could confirm gets a note. Without any archive, one note."""
    archives = archives_of(explainer, loaded)
    if archives is None:
        return [unchecked(loaded)]
    return [*archives.notes, *(problem for name, document in sorted(loaded.documents.items())
                               for problem in check_document(name, document, archives))]


def archives_of(explainer: Explainer, loaded: Loaded, last: Archives | None = None) -> Archives | None:
    """The archives of the explainer's sources, ready to search, or None when no source has one. What `last`
    made of an archive whose text has not changed is used again (and `last` itself when nothing changed)."""
    limit = explainer.site.copied_words_limit
    ready = {a.raw: a for a in last.by_source.values() if a.limit == limit} if last else {}
    by_source: dict[str, Archive] = {}
    for source in explainer.sources:
        if source.archive:
            text = loaded.archives[source.archive]
            by_source[source.id] = ready.get(text) or ready.setdefault(text, prepare(text, limit))
    if not by_source:
        return None
    if last is not None and last.limit == limit and last.by_source == by_source \
            and last.near == explainer.site.near_copy_words:
        return last
    distinct = list({id(archive): archive for archive in by_source.values()}.values())
    runs = distinct[0].runs if len(distinct) == 1 else array("q", heapq.merge(*(a.runs for a in distinct)))
    seeds = distinct[0].seeds.hashes if len(distinct) == 1 else array(
        "q", heapq.merge(*(a.seeds.hashes for a in distinct)))
    return Archives(by_source, runs, limit, tuple(bidi_notes(explainer, loaded, by_source)),
                    explainer.site.near_copy_words, seeds)


def bidi_notes(explainer: Explainer, loaded: Loaded, by_source: dict[str, Archive]) -> Iterator[Problem]:
    """A note for each archive that holds a bidi control, at the first one."""
    folder = next((d.file[:len(d.file) - len(name)] for name, d in loaded.documents.items()
                   if model_of(name) is Source), "content/")  # where archive paths start from
    by_path = {s.archive: by_source[s.id] for s in explainer.sources if s.archive}
    for path, archive in sorted(by_path.items()):
        if archive.bidi is None:
            continue
        (line, col), char = archive.bidi
        yield Problem(folder + path, line, col, f"the archive holds an invisible bidi control character "
                      f"(U+{ord(char):04X}), which changes the order text is shown in", BIDI_HINT, "note")


def unchecked(loaded: Loaded) -> Problem:
    """The one note that says nothing could be checked."""
    file = next((d.file for name, d in loaded.documents.items() if model_of(name) is Source), "content/sources.yaml")
    return Problem(file, 0, 0, "no source has an archive, so no quotation or wording was checked against one",
                   "add 'archive:' with a text copy of a source (docs/content.md)", "note")


def check_document(name: str, document: Document, archives: Archives) -> list[Problem]:
    """The quotations and our own words of one content file, each finding placed at its line and column."""
    problems: list[Problem] = []
    for kind, passage in passages(name, document):
        if kind is Verbatim:
            found = sorted(check_quotation(passage, archives.by_source), key=lambda finding: finding.offset)
        else:
            found = sorted(check_prose(passage, archives), key=lambda finding: finding.offset)
        if passage.scalar:
            indexes = scalar_indexes(document.text, passage.at, passage.text, [f.offset for f in found])
        else:
            indexes = [passage.at + f.offset for f in found]
        at = [document.data.cell_at(passage.at)] * len(found) if isinstance(document.data, Sheet) \
            else places(document.text, indexes)  # a spreadsheet's findings at the cell
        problems += [Problem(document.file, line, col, passage.label + f.message, f.hint, f.severity)
                     for f, (line, col) in zip(found, at)]
    if model_of(name) is Figure:
        for passage, finding in check_figures(document, archives.by_source):
            [(line, col)] = places(document.text, scalar_indexes(document.text, passage.at, passage.text,
                                                                  [finding.offset]))
            problems.append(Problem(document.file, line, col, passage.label + finding.message, finding.hint,
                                    finding.severity))
    return problems


def check_figures(document: Document, archives: dict[str, Archive]) -> Iterator[tuple[Passage, Finding]]:
    """Each figure's numbers, as plain digits, in an archive of a source it cites, unless it says how it was
    derived; a note when none of its sources has an archive."""
    for item in document.data if isinstance(document.data, list) else ():
        value = item.get("value") if isinstance(item, MarkedDict) and "derived" not in item else None
        if not isinstance(value, str):
            continue
        cites = tuple(item.get("sources", ()))
        passage = Passage(value, "value: ", document, item.value_at["value"], True, cites)
        cited = {s: archives[s] for s in cites if s in archives}
        if not cited:
            yield passage, Finding(0, f"not checked: no source it cites has an archive ({', '.join(cites)})",
                                   "add 'archive:' to one of them in sources.yaml", "note")
            continue
        for number, (first, last) in numbers_in(value).items():
            if not any(number in archive.numbers for archive in cited.values()):
                yield passage, Finding(first, f"{value[first:last]} is not a number {archive_names(cited)} gives",
                                       "correct it, cite the archived source that gives it, or say how it was "
                                       "worked out in 'derived:'")


def check_quotation(passage: Passage, archives: dict[str, Archive]) -> list[Finding]:
    """A quotation's fragments, each in the archive of a source it cites, in order and close together; a note
    when none has an archive. A quotation without words, or with a one-word fragment between two ellipses, is
    refused; a bidi control in it gets a note."""
    start = len(passage.text) - len(passage.text.lstrip())
    parts = list(fragments(passage.text))
    if not parts:
        return [Finding(start, "the quotation has no words", "quote the source's words, or remove the quotation")]
    findings = []
    if bidi := BIDI.search(passage.text):
        findings.append(Finding(bidi.start(), "the quotation holds an invisible bidi control character "
                                f"(U+{ord(bidi.group()):04X}), which changes the order its words are shown in",
                                BIDI_HINT, "note"))
    findings += [Finding(offset, f"the part \"{part}\" is a single word between ellipses, which could stand anywhere",
                         "quote the words around it too, or end the quotation before it")
                 for offset, part in parts[1:-1] if len(WORD.findall(normal(part))) == 1]
    cited = {s: archives[s] for s in passage.cites if s in archives}
    if not cited:
        return [*findings, Finding(start, f"not checked: no source it cites has an archive "
                                   f"({', '.join(passage.cites)})", "add 'archive:' to one of them in sources.yaml",
                                   "note")]
    unarchived = [s for s in passage.cites if s not in cited]
    fix = VERBATIM + (f"; if they come from {' or '.join(unarchived)}, archive it too" if unarchived else "")
    missing = [(offset, part) for offset, part in parts if not any(found(part, a) for a in cited.values())]
    for offset, part in missing:
        what = f'the part "{part}"' if len(parts) > 1 else "the quotation"
        findings.append(Finding(offset, f"{what} is not in {archive_names(cited)}",
                                f"{nearest_passage(part, cited)}; {fix}"))
    wanted = [normal(part) for _, part in parts]
    if not missing and not any(in_order(wanted, archive) for archive in cited.values()):
        findings.append(Finding(start, f"the parts of the quotation do not stand in this order within {GAP} "
                                f"characters of each other in {archive_names(cited)}",
                                "quote each passage separately, or in the order the source has them"))
    return findings


def check_prose(passage: Passage, archives: Archives) -> list[Finding]:
    """Our own words, paragraph by paragraph: the quoted ones must be in the archives cited, the others copy no
    run of `limit` words from any archive."""
    text = passage.text
    if "](" in text or "<" in text or "://" in text or "]:" in text:
        text = ADDRESS.sub(lambda m: " " * len(m.group()), text)
    plain = folded(text)
    findings = []
    bounds = [0, *(i for m in PARAGRAPH.finditer(text) for i in m.span()), len(text)]
    for start, end in zip(bounds[::2], bounds[1::2]):
        spans = quoted(text, start, end)
        for inside in spans:
            cites = citation(passage.text, inside, start, end) or passage.cites
            findings += check_quoted(text, inside, cites, archives.by_source)
        outside = [start, *(i for first, last in spans for i in (first - 1, last + 1)), end]
        for first, last in zip(outside[::2], outside[1::2]):
            near = nearly_copied(passage.text, plain, first, last, archives)
            findings += [*near, *(f for f in copied(passage.text, plain, first, last, archives)
                                  if not any(n.offset <= f.offset < n.end for n in near))]
    return findings


def citation(text: str, span: tuple[int, int], start: int, end: int) -> tuple[str, ...]:
    """The sources cited for quoted words at text[span] in the paragraph text[start:end]: those of the first
    citation after them in the paragraph, else of the last one before them; none when it has no citation."""
    after = next(CITATION.finditer(text, span[1], end), None)
    if after is None:
        before = list(CITATION.finditer(text, start, span[0]))
        after = before[-1] if before else None
    return tuple(SOURCE_LINK.findall(after.group())) if after else ()


@dataclass(frozen=True, slots=True)
class NearFinding(Finding):
    end: int = 0  # where the near-copy ends in the text


def nearly_copied(text: str, plain: str, start: int, end: int, archives: Archives) -> list[NearFinding]:
    """A finding for each stretch of text[start:end] that follows an archive's words with a word or two in
    every few changed (wording.near_copies), showing ours and the archive's with the differences in brackets."""
    spans = [m.span() for m in WORD.finditer(plain, start, end)]
    if not archives.near or len(spans) < archives.near:
        return []
    words = [stem(key(plain[first:last])) for first, last in spans]
    hashes = seed_hashes(words)
    shared = [h for h in hashes if has_hash(archives.seed_hashes, h)]
    if not shared:
        return []
    found: list[NearFinding] = []
    for source_id, archive in sorted(archives.by_source.items()):
        if not any(has_hash(archive.seeds.hashes, h) for h in shared):
            continue
        ours = [archive.vocabulary.get(word, -1 - i) for i, word in enumerate(words)]  # a word it lacks matches none
        for copy in near_copies(ours, archive.stems, archive.seeds, archives.near, hashes):
            first, last = spans[copy.start][0], spans[copy.end - 1][1]
            if any(f.offset < last and first < f.end for f in found):
                continue
            mine, theirs = marked(ours[copy.start:copy.end], archive.stems[copy.source_start:copy.source_end],
                                  [text[a:b] for a, b in spans[copy.start:copy.end]],
                                  [archive.text[a:b] for a, b in zip(archive.starts[copy.source_start:copy.source_end],
                                                                     archive.ends[copy.source_start:copy.source_end])])
            found.append(NearFinding(first, f"nearly copies {copy.end - copy.start} words from {source_id}, "
                                     f"{copy.changed} changed: \"{mine}\" where it has \"{theirs}\"",
                                     "a word or two changed is still the source's sentence; " + COPIED, end=last))
    return found


def marked(ours: list[int], theirs: Any, our_words: list[str], their_words: list[str]) -> tuple[str, str]:
    """Both runs of words, with each stretch where they differ in [brackets]."""
    mine, others = [], []
    for tag, a, b, c, d in difflib.SequenceMatcher(None, ours, list(theirs), autojunk=False).get_opcodes():
        if tag == "equal":
            mine += our_words[a:b]
            others += their_words[c:d]
            continue
        if b > a:
            mine.append(f"[{' '.join(our_words[a:b])}]")
        if d > c:
            others.append(f"[{' '.join(their_words[c:d])}]")
    return " ".join(mine), " ".join(others)


def check_quoted(text: str, span: tuple[int, int], cites: tuple[str, ...],
                 archives: dict[str, Archive]) -> list[Finding]:
    """Words in quotation marks in our prose, checked against the archives of the sources cited with them (the
    paragraph's source links, else the item's sources); only a note when an unarchived source is cited too."""
    cited = {s: archives[s] for s in cites if s in archives}
    unarchived = sorted(set(cites) - cited.keys())
    findings = []
    for offset, part in fragments(text[span[0]:span[1]]) if cited else ():
        if any(found(part, a) or found(part.rstrip(",."), a) for a in cited.values()):  # "sham," said…
            continue
        message = f"the quoted words \"{part}\" are not in {archive_names(cited)}"
        hint = nearest_passage(part, cited)
        if unarchived:
            findings.append(Finding(span[0] + offset, f"{message}; {', '.join(unarchived)} has no archive to check "
                                    "them against", f"{hint}; check them against that source", "note"))
        else:
            findings.append(Finding(span[0] + offset, message, f"{hint}; {MISQUOTED}"))
    return findings


def copied(text: str, plain: str, start: int, end: int, archives: Archives) -> list[Finding]:
    """A finding for each stretch of text[start:end] whose every `limit` words in a row are in an archive
    (looked up in `plain`, the text folded)."""
    keys, limit, runs = [key(word) for word in WORD.findall(plain, start, end)], archives.limit, archives.runs
    hits = {}
    for i in range(len(keys) - limit + 1):
        run = tuple(keys[i:i + limit])
        wanted = hash(run)
        at = bisect_left(runs, wanted)
        if at < len(runs) and runs[at] == wanted and (source := archives.source_of(run)):
            hits[i] = source
    if not hits:
        return []
    spans = [m.span() for m in WORD.finditer(plain, start, end)]
    findings = []
    for i in hits:
        if i - 1 in hits:
            continue  # inside a run reported from its first word
        last = i
        while last + 1 in hits:
            last += 1
        shown = SPACE.sub(" ", text[spans[i][0]:spans[last + limit - 1][1]])
        findings.append(Finding(spans[i][0], f"copies {last + limit - i} words in a row from {hits[i]}: \"{shown}\"",
                                COPIED))
    return findings


def quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the words inside each pair of quotation marks in text[start:end] (one paragraph) start and end:
    double marks straight or curly, and single marks that open at a word's start and close at a word's end
    (an apostrophe, as in it's or Russia's, is neither). A mark that is never closed quotes nothing."""
    doubles = [m.start() for m in DOUBLE_CLOSE.finditer(text, start, end)]
    singles = [m.start() for m in SINGLE_CLOSE.finditer(text, start, end)]
    spans = []
    while mark := QUOTE_MARK.search(text, start, end):
        i, char = mark.start(), mark.group()
        at_word_start = (i == 0 or text[i - 1] in OPENS_AFTER) and i + 1 < end and not text[i + 1].isspace()
        closes = doubles if char in "“«" or char == '"' and at_word_start else singles if at_word_start else []
        after = bisect_right(closes, i + (closes is singles))  # a single mark quotes at least one character
        if after < len(closes):
            spans.append((i + 1, closes[after]))
            start = closes[after] + 1
        else:
            start = i + 1
    return spans


def fragments(text: str) -> Iterator[tuple[int, str]]:
    """Each part of a quotation between ellipses ('…', '...', '[…]') that has words, with where it starts."""
    start = 0
    for end, after in [*((m.start(), m.end()) for m in ELLIPSIS.finditer(text)), (len(text), len(text))]:
        part = text[start:end]
        if any(c.isalnum() for c in part):
            yield start + len(part) - len(part.lstrip()), part.strip()
        start = after


def found(part: str, archive: Archive) -> bool:
    """True when the words stand in the archive as written, as whole words."""
    return any(occurrences(normal(part), archive))


def in_order(wanted: list[str], archive: Archive, after: int = 0, within: int | None = None) -> bool:
    """True when the normalised parts stand in the archive one after the other, from `after` on, each within
    GAP characters of the one before (the first `within` characters of `after`, when given)."""
    if not wanted:
        return True
    end = None if within is None else after + within + len(wanted[0])
    return any(in_order(wanted[1:], archive, stop, GAP) for _, stop in occurrences(wanted[0], archive, after, end))


def occurrences(wanted: str, archive: Archive, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Where the normalised words stand in archive.normal[start:end] as whole words: its first word not the end
    of a longer one (not 'nuclear' of 'non-nuclear'), its last not the start of one (not '300' of '300,000')."""
    words_at = [m.span() for m in WORD.finditer(wanted)]
    if not words_at:
        return
    first, last, text = words_at[0][0], words_at[-1][1], archive.normal
    at = text.find(wanted, start, end)
    while at != -1:
        if starts_word(text, at + first) and ends_word(text, at + last):
            yield at, at + len(wanted)
        at = text.find(wanted, at + 1, end)


def starts_word(text: str, at: int) -> bool:
    """True when a word of the text (WORD) starts at `at`, where a letter or digit stands."""
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] in JOINS and at > 1 and text[at - 2].isalnum())


def ends_word(text: str, at: int) -> bool:
    """True when a word of the text (WORD) ends just before `at`, after a letter or digit."""
    return at == len(text) or not (text[at].isalnum() or text[at] in JOINS and at + 1 < len(text)
                                   and text[at + 1].isalnum())


def archive_names(cited: dict[str, Archive]) -> str:
    return f"the archive{'s' if len(cited) > 1 else ''} of {' or '.join(cited)}"


def nearest_passage(part: str, cited: dict[str, Archive]) -> str:
    """The did-you-mean of a quotation: the passage of the cited archives most like its words."""
    _, passage = max(nearest(part, archive) for archive in cited.values())
    return f"nearest passage: \"{passage}\"" if passage else "no passage comes close"


def nearest(part: str, archive: Archive) -> tuple[float, str]:
    """The archive's passage most like the words (difflib on words), and how alike they are (0 to 1).

    Candidate passages are where the words' rarest words stand in the archive, each voting for the passage
    that would line it up, so the search grows with those few words' occurrences, not with the archive."""
    wanted = [key(word) for word, _, _ in words(clean(part))]
    rare = sorted({w for w in wanted if w in archive.where}, key=lambda w: len(archive.where[w]))[:8]
    tally = Counter(at - i for i, word in enumerate(wanted) if word in rare for at in archive.where[word])
    count = len(archive.starts)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    best: tuple[float, str] = (0.0, "")
    for start, _ in tally.most_common(CANDIDATES):
        low = max(start - 2, 0)
        matcher.set_seq1(archive.words(low, start + len(wanted) + 2))
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        missing_after = len(wanted) - blocks[-1].b - blocks[-1].size  # the words' own ends, matched or not
        first = max(low + blocks[0].a - blocks[0].b, 0)
        last = min(low + blocks[-1].a + blocks[-1].size - 1 + missing_after, count - 1)
        matcher.set_seq1(archive.words(first, last + 1))
        end = archive.ends[last]
        if not part[-1].isalnum():  # the words end with punctuation: show the archive's
            end += len(archive.text[end:end + 3]) - len(archive.text[end:end + 3].lstrip(".,;:!?"))
        best = max(best, (matcher.ratio(), SPACE.sub(" ", archive.text[archive.starts[first]:end])))
    return best


def normal(text: str) -> str:
    """The text clean, with typographic quotation marks and apostrophes made plain, spacing single and every dash
    one '—' without the spaces around it (but the hyphen inside a word: 'non-nuclear'): what a quotation may
    differ in from its source."""
    return DASH.sub(dash, SPACE.sub(" ", clean(text).translate(MARKS))).strip()


def dash(match: re.Match[str]) -> str:
    """'-' for a hyphen between two letters or digits, '—' for any other dash, without its spaces."""
    text, (start, end) = match.string, match.span()
    inside_word = match.group() == "-" and 0 < start and end < len(text) and text[start - 1].isalnum() \
        and text[end].isalnum()
    return "-" if inside_word else "—"


def clean(text: str) -> str:
    """The text without format characters (FORMAT), in Unicode's composed form (NFC): the same text to a reader."""
    return unicodedata.normalize("NFC", FORMAT.sub("", text))


def folded(text: str) -> str:
    """The text with plain quotation marks and apostrophes, in lowercase, character for character (so a position
    in it is the same position in the text; 'İ' is the one letter whose lowercase is two)."""
    return text.translate(MARKS).replace("İ", "I").lower()


def words(text: str) -> list[tuple[str, int, int]]:
    """The words of a text, lowercase, with where each starts and ends in it."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(folded(text))]


def prepare(raw: str, limit: int) -> Archive:
    """An archive ready to search: its words and runs of `limit` words gathered in one pass, into arrays."""
    text = clean(raw)
    starts, ends, hashes = array("i"), array("i"), array("q")
    where: dict[str, array[int]] = {}
    run: deque[str] = deque(maxlen=limit)
    stems, vocabulary, stem_words = array("i"), dict[str, int](), []
    for i, match in enumerate(WORD.finditer(folded(text))):
        word = key(match.group())
        stem_words.append(stem(word))
        stems.append(vocabulary.setdefault(stem_words[-1], len(vocabulary)))
        starts.append(match.start())
        ends.append(match.end())
        if (indexes := where.get(word)) is None:
            indexes = where[word] = array("i")
        indexes.append(i)
        run.append(word)
        if len(run) == limit:
            hashes.append(hash(tuple(run)))
    bidi = BIDI.search(raw)
    return Archive(raw, text, normal(text), starts, ends, where, array("q", sorted(hashes)), limit,
                   (places(raw, [bidi.start()])[0], bidi.group()) if bidi else None, stems, vocabulary,
                   Seeds.of(stem_words),
                   frozenset(numbers_in(text, spaced_apart=True)))


def has_hash(hashes: array[int], wanted: int) -> bool:
    """True when the sorted hashes hold the one wanted."""
    at = bisect_left(hashes, wanted)
    return at < len(hashes) and hashes[at] == wanted


def passages(name: str, document: Document) -> Iterator[tuple[Any, Passage]]:
    """Every text value of a content file with its kind in the model: str and Markdown (our words, the
    Markdown body too) and Verbatim (quotations)."""
    cls = model_of(name)
    if cls in (Section, Article):
        yield from values(cls, document.data, document, ())
        yield Markdown, Passage(document.body, "", document, len(document.text) - len(document.body), False, ())
    elif cls is Site:
        yield from values(cls, document.data, document, ())
    elif cls is not None:
        for item in document.data:
            yield from values(cls, item, document, tuple(item.get("sources", ())))


def values(cls: type, raw: Any, document: Document, cites: tuple[str, ...]) -> Iterator[tuple[Any, Passage]]:
    """The text values of one item (and of the mappings inside it, such as a place's group of declared facts)."""
    for name, kind, many in text_fields(cls):
        value = raw.get(name)
        if value is None:
            continue
        items = zip(value, value.item_at) if many else [(value, raw.value_at[name])]
        if kind in (str, Markdown, Verbatim):
            label = raw.columns.get(name, name) if isinstance(raw, MarkedRow) else name  # a spreadsheet's column
            for text, at in items:  # ArchieML's values stand in the file as they are, as a body does
                yield kind, Passage(text, f"{label}: ", document, at, not document.file.endswith(".aml"), cites)
        else:
            for inner, _ in items:
                if isinstance(inner, MarkedDict):  # a mapping such as a place's group of facts, not an id or a date
                    yield from values(kind, inner, document, cites)


@cache
def text_fields(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """The fields of a model class that hold text or mappings of fields: (name, kind of each value, a list?)."""
    found = []
    for f in fields(cls):
        kind = hints(cls)[f.name]
        if get_origin(kind) in (Union, types.UnionType):
            kind = next(a for a in get_args(kind) if a is not type(None))
        many = get_origin(kind) is tuple
        kind = get_args(kind)[0] if many else kind
        if kind in (str, Markdown, Verbatim) or isinstance(kind, type) and is_dataclass(kind):
            found.append((f.name, kind, many))
    return tuple(found)


def model_of(name: str) -> type | None:
    """What a content file holds, by its name inside content/ ('sections/what-happened.md' holds a Section)."""
    folder, _, file_name = name.rpartition("/")
    if folder in ("sections", "pages") and file_name.endswith((".md", ".aml")):
        return Section if folder == "sections" else Article
    return Site if name == "site.yaml" else COLLECTIONS.get(collection_name(name) or "")
