"""Checking the words against the archived sources: quotations are the sources' own, our prose copies none.

A source with an `archive` (its text, read by load) can be checked against. Every quotation, and every
fragment of one between ellipses, must stand in the archive of a source it cites, with only quotation
marks, apostrophes, dashes and spacing allowed to differ; words in quotation marks inside our own prose
likewise. Our own words (the model's `str` and `Markdown` fields and the Markdown bodies) may share no run
of `copied_words_limit` words with any archive outside quotation marks. Each finding names the file, line
and column where it starts, read back through the file's text (load.scalar_indexes). Every step is linear
in the size of the text checked, and a rebuild checks only the files that changed.
"""

from __future__ import annotations

import difflib
import re
import types
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from functools import cache, lru_cache
from typing import Any, Literal, Union, get_args, get_origin

from .load import Document, Loaded
from .strict_yaml import MarkedDict, scalar_indexes
from .model import COLLECTIONS, Article, Explainer, Markdown, Section, Site, Source, Verbatim
from .problems import Problem, places
from .spreadsheet import MarkedRow, Sheet
from .validate import collection_name, hints

COPIED = "rewrite it in your own words, or quote and attribute it"
VERBATIM = "quote the source's words exactly (only quotation marks, apostrophes, dashes and spacing may differ)"
MISQUOTED = "quote the source exactly, or drop the quotation marks and say it in your own words"
# Typographic marks become plain ones, one character for one, so positions found in the result stay true.
MARKS = str.maketrans("“”„‟«»″‘’‚‛ʼ′‐‑", '"' * 7 + "'" * 6 + "-" * 2)
SPACE = re.compile(r"\s+")
DASH = re.compile(r" ?[-‒–—―]+ ?")
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
CANDIDATES = 20  # places in an archive where a misquotation may have come from, compared word by word


@dataclass(frozen=True, slots=True)
class Archive:
    """An archived text made ready once: normalised for finding quotations, and split into words."""

    text: str
    normal: str
    words: tuple[tuple[str, int, int], ...]  # (lowercase word, start, end) in text
    where: dict[str, list[int]]  # word -> its indexes in words


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
    runs: dict[tuple[str, ...], str]
    limit: int


def verify(explainer: Explainer, loaded: Loaded) -> list[Problem]:
    """Every quotation found in an archive of a source it cites, and no run of copied words in our prose; a
    quotation that only unarchived sources could confirm gets a note. Without any archive, one note."""
    archives = archives_of(explainer, loaded)
    if archives is None:
        return [unchecked(loaded)]
    return [problem for name, document in sorted(loaded.documents.items())
            for problem in check_document(name, document, archives)]


def archives_of(explainer: Explainer, loaded: Loaded) -> Archives | None:
    """The archives of the explainer's sources, ready to search, or None when no source has one."""
    by_source: dict[str, Archive] = {s.id: prepare(loaded.archives[s.archive]) for s in explainer.sources if s.archive}
    if not by_source:
        return None
    limit = explainer.site.copied_words_limit
    runs = run_index(tuple(sorted((source_id, archive.text) for source_id, archive in by_source.items())), limit)
    return Archives(by_source, runs, limit)


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
            found = check_quotation(passage, archives.by_source)
        else:
            found = sorted(check_prose(passage, archives.by_source, archives.runs, archives.limit),
                           key=lambda finding: finding.offset)
        if passage.scalar:
            indexes = scalar_indexes(document.text, passage.at, passage.text, [f.offset for f in found])
        else:
            indexes = [passage.at + f.offset for f in found]
        at = [document.data.cell_at(passage.at)] * len(found) if isinstance(document.data, Sheet) \
            else places(document.text, indexes)  # a spreadsheet's findings at the cell
        problems += [Problem(document.file, line, col, passage.label + f.message, f.hint, f.severity)
                     for f, (line, col) in zip(found, at)]
    return problems


def check_quotation(passage: Passage, archives: dict[str, Archive]) -> list[Finding]:
    """A quotation's fragments, each in the archive of a source it cites; a note when none has an archive."""
    cited = {s: archives[s] for s in passage.cites if s in archives}
    if not cited:
        start = len(passage.text) - len(passage.text.lstrip())
        return [Finding(start, f"not checked: no source it cites has an archive ({', '.join(passage.cites)})",
                        "add 'archive:' to one of them in sources.yaml", "note")]
    parts = list(fragments(passage.text))
    unarchived = [s for s in passage.cites if s not in cited]
    fix = VERBATIM + (f"; if they come from {' or '.join(unarchived)}, archive it too" if unarchived else "")
    findings = []
    for offset, part in parts:
        if not any(found(part, archive) for archive in cited.values()):
            what = f'the part "{part}"' if len(parts) > 1 else "the quotation"
            findings.append(Finding(offset, f"{what} is not in {archive_names(cited)}",
                                    f"{nearest_passage(part, cited)}; {fix}"))
    return findings


def check_prose(passage: Passage, archives: dict[str, Archive], runs: dict[tuple[str, ...], str],
                limit: int) -> list[Finding]:
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
        cites = tuple(SOURCE_LINK.findall(passage.text, start, end)) or passage.cites
        for inside in spans:
            findings += check_quoted(text, inside, cites, archives)
        outside = [start, *(i for first, last in spans for i in (first - 1, last + 1)), end]
        for first, last in zip(outside[::2], outside[1::2]):
            findings += copied(passage.text, plain, first, last, runs, limit)
    return findings


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


def copied(text: str, plain: str, start: int, end: int, runs: dict[tuple[str, ...], str],
           limit: int) -> list[Finding]:
    """A finding for each stretch of text[start:end] whose every `limit` words in a row are in an archive
    (looked up in `plain`, the text folded)."""
    keys = WORD.findall(plain, start, end)
    hits = {i: runs[run] for i in range(len(keys) - limit + 1) if (run := tuple(keys[i:i + limit])) in runs}
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
    """True when the words stand in the archive as written, whole words at both ends."""
    wanted = normal(part)
    at = archive.normal.find(wanted)
    while wanted and at != -1:
        end = at + len(wanted)
        cut_before = wanted[0].isalnum() and at > 0 and archive.normal[at - 1].isalnum()
        cut_after = wanted[-1].isalnum() and end < len(archive.normal) and archive.normal[end].isalnum()
        if not cut_before and not cut_after:
            return True
        at = archive.normal.find(wanted, at + 1)
    return False


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
    wanted = [word for word, _, _ in words(part)]
    rare = sorted({w for w in wanted if w in archive.where}, key=lambda w: len(archive.where[w]))[:8]
    votes = Counter(at - i for i, word in enumerate(wanted) if word in rare for at in archive.where[word])
    keys = [word for word, _, _ in archive.words]
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    best: tuple[float, str] = (0.0, "")
    for start, _ in votes.most_common(CANDIDATES):
        low = max(start - 2, 0)
        matcher.set_seq1(keys[low:start + len(wanted) + 2])
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        missing_after = len(wanted) - blocks[-1].b - blocks[-1].size  # the words' own ends, matched or not
        first = max(low + blocks[0].a - blocks[0].b, 0)
        last = min(low + blocks[-1].a + blocks[-1].size - 1 + missing_after, len(keys) - 1)
        matcher.set_seq1(keys[first:last + 1])
        end = archive.words[last][2]
        if not part[-1].isalnum():  # the words end with punctuation: show the archive's
            end += len(archive.text[end:end + 3]) - len(archive.text[end:end + 3].lstrip(".,;:!?"))
        best = max(best, (matcher.ratio(), SPACE.sub(" ", archive.text[archive.words[first][1]:end])))
    return best


def normal(text: str) -> str:
    """The text with typographic quotation marks and apostrophes made plain, spacing single and every dash one
    '-' without the spaces around it: what a quotation may differ in from its source."""
    return DASH.sub("-", SPACE.sub(" ", text.translate(MARKS))).strip()


def folded(text: str) -> str:
    """The text with plain quotation marks and apostrophes, in lowercase, character for character (so a position
    in it is the same position in the text; 'İ' is the one letter whose lowercase is two)."""
    return text.translate(MARKS).replace("İ", "I").lower()


def words(text: str) -> list[tuple[str, int, int]]:
    """The words of a text, lowercase, with where each starts and ends in it."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(folded(text))]


@lru_cache(maxsize=1024)
def prepare(text: str) -> Archive:
    """An archive ready to search, made once per text (a preview's rebuilds reuse it)."""
    found_words = tuple(words(text))
    where: dict[str, list[int]] = {}
    for i, (word, _, _) in enumerate(found_words):
        where.setdefault(word, []).append(i)
    return Archive(text, normal(text), found_words, where)


@lru_cache(maxsize=8)
def run_index(texts: tuple[tuple[str, str], ...], limit: int) -> dict[tuple[str, ...], str]:
    """Every run of `limit` words in a row in the archives (lowercase) -> the first source id that has it: one
    look-up per word of our prose, however many archives there are. Made once per set of archives."""
    index: dict[tuple[str, ...], str] = {}
    for source_id, text in texts:
        keys = [word for word, _, _ in prepare(text).words]
        for i in range(len(keys) - limit + 1):
            index.setdefault(tuple(keys[i:i + limit]), source_id)
    return index


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
    """The text values of one item (and of the mappings inside it, such as a region's vote)."""
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
                if isinstance(inner, MarkedDict):  # a mapping such as a region's vote, not an id or a date
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
    """What a content file holds, by its name inside content/ ('sections/votes.md' holds a Section)."""
    folder, _, file_name = name.rpartition("/")
    if folder in ("sections", "pages") and file_name.endswith((".md", ".aml")):
        return Section if folder == "sections" else Article
    return Site if name == "site.yaml" else COLLECTIONS.get(collection_name(name) or "")
