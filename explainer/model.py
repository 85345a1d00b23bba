"""The content model: one frozen dataclass per kind of fact, the value types they use, and their files."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field
from datetime import datetime
from typing import Any, Literal, NewType

Slug = NewType("Slug", str)  # a lowercase id: letters, digits and single hyphens
Url = NewType("Url", str)  # an absolute http(s) URL
BaseUrl = NewType("BaseUrl", str)  # an absolute http(s) URL of a folder, ending in '/'
Language = NewType("Language", str)  # a BCP 47 tag such as 'en' or 'uk'
ContentFile = NewType("ContentFile", str)  # a '/'-separated path inside content/, such as 'map/ukraine.json'
DataFile = NewType("DataFile", str)  # a CSV file inside content/, such as 'data/ferries.csv'
Column = NewType("Column", str)  # a CSV file's column, by its header exactly as written there
AssetFile = NewType("AssetFile", str)  # a '/'-separated path inside assets/, such as 'card.png'
PictureFile = NewType("PictureFile", str)  # a JPEG, PNG or WebP file inside content/, such as 'pictures/bridge.jpg'
PulledFile = NewType("PulledFile", str)  # a '/'-separated path inside content/ that `explainer pull` writes
ArchivePath = NewType("ArchivePath", str)  # a .txt file under content/, written from there: 'archive/report.txt'
Sha256 = NewType("Sha256", str)  # a SHA-256 digest in 64 lowercase hexadecimal digits
TimeZone = NewType("TimeZone", str)  # an IANA time zone known to zoneinfo, such as 'Europe/London'
FieldKey = NewType("FieldKey", str)  # a key a project declares: lowercase letters, digits and underscores
# Text comes in three kinds. `str` is our own words, with typographic punctuation; `Name` is a name or a title
# as its owner writes it (a person, a publisher, a source's headline), typographic too but not our wording;
# `Verbatim` is someone's exact words, never changed.
Name = NewType("Name", str)
Verbatim = NewType("Verbatim", str)
# Terms of the vocabularies site.yaml defines (see Term): what a fact names, checked against that list.
Side = NewType("Side", str)
Category = NewType("Category", str)
Qualifier = Literal["early", "mid", "late"]


def doc(text: str, default: Any = MISSING) -> Any:
    """A dataclass field with the one-line description that docs and JSON Schema show."""
    return field(default=default, metadata={"doc": text})


@dataclass(frozen=True, slots=True)
class Markdown:
    """Markdown prose, with where it starts so problems inside it can name a line."""

    text: str
    file: str = ""
    line: int = 0
    cell: int = 0  # in a spreadsheet, the column of the cell that holds it (problems inside it name the cell)


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year, optionally 'early', 'mid' or 'late' in a month."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}", f"{self.month:02d}" if self.month else "", f"{self.day:02d}" if self.day else ""]
        return "-".join(p for p in parts if p)

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        return "day" if self.day else "month" if self.month else "year"


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A time of day with its UTC offset, as '19:00+03:00'."""

    hour: int
    minute: int
    offset_minutes: int

    @property
    def iso(self) -> str:
        sign = "-" if self.offset_minutes < 0 else "+"
        hours, minutes = divmod(abs(self.offset_minutes), 60)
        return f"{self.hour:02d}:{self.minute:02d}{sign}{hours:02d}:{minutes:02d}"

    @property
    def label(self) -> str:
        hours, minutes = divmod(abs(self.offset_minutes), 60)
        offset = f"{'-' if self.offset_minutes < 0 else '+'}{hours}" + (f":{minutes:02d}" if minutes else "")
        return f"{self.hour:02d}:{self.minute:02d} (UTC{offset if self.offset_minutes else ''})"


@dataclass(frozen=True, slots=True)
class Source:
    id: Slug = doc("Unique id that events, quotes and figures cite, e.g. courier-2025-03-02 (publisher and date).")
    publisher: Name = doc("Who published it, e.g. The Eastport Courier.")
    title: Name = doc("The headline or title of the source.")
    url: Url = doc("The address of the source, starting with https://.")
    date: PartialDate = doc("When it was published: YYYY-MM-DD (or YYYY-MM, YYYY).")
    note: str | None = doc("What the explainer uses this source for.", None)
    archive: ArchivePath | None = doc("A text copy of the source: a .txt file under content/, written from there "
                                      "(archive/courier-2025-03-02.txt); quotations and wording are checked against it.",
                                      None)
    archived: PartialDate | None = doc("The day the archive's text was saved from the source, YYYY-MM-DD; needed "
                                       "with archive.", None)
    archive_sha256: Sha256 | None = doc("The SHA-256 of the archive's text, 64 hexadecimal digits; needed with "
                                        "archive (the build prints it when it is missing or no longer matches).", None)
    language: Language | None = doc("The language of the source's text (BCP 47) when it is not the explainer's: "
                                    "an edition in that language shows a quotation it archives as the original "
                                    "words, checked against it.", None)


@dataclass(frozen=True, slots=True)
class Person:
    id: Slug = doc("Unique id that quotes and events refer to, e.g. maria-lopez.")
    name: Name = doc("Full name, or a description of a group such as 'Two city engineers'.")
    role: str = doc("Their role at the time of the events.")
    affiliation: str = doc("Country or organisation.")
    side: Side = doc("The group the quotes page files them under: one of the sides in site.yaml.")
    sources: tuple[Source, ...] = doc("Source ids for who they are.", ())


@dataclass(frozen=True, slots=True)
class PlaceField:
    """One fact a place may have in this story, as site.yaml's place_fields declares it."""

    id: FieldKey = doc("Its key inside the group, e.g. announced_by: the open data's column is GROUP_KEY.")
    label: str = doc("What the regions page calls it, e.g. 'Announced by'.")
    type: Literal["date", "text", "people", "sources"] = doc(
        "date (YYYY-MM-DD, YYYY-MM or YYYY), text (our own words), people (person ids) or sources (source ids).")
    optional: bool = doc("True when a place may give its group without it; the others go together.", False)


@dataclass(frozen=True, slots=True)
class PlaceFields:
    """A group of facts that go together, declared in site.yaml: a place gives them under the group's key, every
    field that is not optional or none at all."""

    id: FieldKey = doc("The group's key in regions.yaml, e.g. 'inspection' (see docs/content.md#places).")
    fields: tuple[PlaceField, ...] = doc("Its fields, in the order the regions page and the open data give them.")


@dataclass(frozen=True, slots=True)
class PlaceFact:
    """One declared fact of a place, with its value: a date, our own words, people or sources."""

    field: PlaceField
    value: PartialDate | str | tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class PlaceFacts:
    """A place's facts of one declared group, those it gives, in the declared order."""

    group: PlaceFields
    facts: tuple[PlaceFact, ...]


@dataclass(frozen=True, slots=True)
class Region:
    """A place the story concerns: a city, a district, a province, a country."""

    id: Slug = doc("Unique id, which events name under 'regions:'.")
    name: Name = doc("Its name in the explainer's language.")
    kind: str = doc("What kind of place it is, e.g. 'district', 'city' or 'province'.")
    area: str = doc("Where it is, in a few words, e.g. 'north of the river'.")
    status: Markdown = doc("What the story says about it, as the sources describe it (Markdown).")
    sources: tuple[Source, ...] = doc("Source ids; at least one.")
    local_names: dict[Language, Name] | None = doc("Its names in other languages, each under its BCP 47 tag, "
                                                   "e.g. 'fr: Bruxelles'.", None)
    open_questions: tuple[str, ...] = doc("What the sources leave open.", ())
    not_on_map: str | None = doc("Why the map does not draw it, shown under the map; needed when the map's "
                                 "geodata has no outline for its id.", None)
    facts: tuple[PlaceFacts, ...] = field(default=(), metadata={
        "doc": "The story's own facts about it, each group under the key site.yaml's place_fields declares.",
        "declared": True})


@dataclass(frozen=True, slots=True)
class Picture:
    """A photograph or an illustration: its file under content/ and the words that must go with it."""

    id: Slug = doc("Unique id: site.yaml's lead, an event's picture and '![](picture:ID)' in Markdown name it.")
    file: PictureFile = doc("The file inside content/, e.g. pictures/bridge.jpg: a JPEG, PNG or WebP picture.")
    alt: str = doc("What the picture shows, for readers who cannot see it (not the caption's words).")
    credit: Name = doc("Who made it, as the credit line names them, e.g. 'Photo: Ann Writer/Test News'.")
    caption: str | None = doc("What the picture means for the story, shown under it.", None)
    licence: Name | None = doc("The licence it is published under, e.g. 'CC BY 4.0' or 'All rights reserved'.",
                               None)
    source: Url | None = doc("Where the picture or its licence is published, linked from the credit.", None)


@dataclass(frozen=True, slots=True)
class Event:
    id: Slug = doc("Unique id, used as the event's permalink anchor.")
    date: PartialDate = doc("YYYY-MM-DD, YYYY-MM or YYYY: the format is the precision.")
    title: str = doc("A short headline in your own words.")
    summary: Markdown = doc("What happened, in your own words (Markdown).")
    category: Category = doc("The kind of event: one of the categories in site.yaml.")
    sources: tuple[Source, ...] = doc("Source ids; at least one.")
    qualifier: Qualifier | None = doc("early, mid or late; only with a YYYY-MM date.", None)
    time: ClockTime | None = doc("HH:MM with its UTC offset, e.g. 19:00+03:00; only with a day date.", None)
    regions: tuple[Region, ...] = doc("Region ids the event concerns.", ())
    people: tuple[Person, ...] = doc("Person ids the event concerns.", ())
    featured: bool = doc("Show it in the home page's timeline preview.", False)
    picture: Picture | None = doc("A picture's id from pictures.yaml, shown with the event.", None)


@dataclass(frozen=True, slots=True)
class Quote:
    id: Slug = doc("Unique id, used as the quote's permalink anchor.")
    text: Verbatim = doc("The words, verbatim, without surrounding quotation marks.")
    speaker: Person = doc("Person id of who said it.")
    occasion: str = doc("Where or how it was said.")
    date: PartialDate = doc("When it was said: YYYY-MM-DD (or YYYY-MM, YYYY).")
    language: Language = doc("Language the words were first said in (BCP 47: en, uk, ru).")
    sources: tuple[Source, ...] = doc("Source ids; at least one.")
    context: Markdown | None = doc("One or two sentences of context (Markdown).", None)
    translated: bool = doc("True when the text is a translation into the site's language.", False)
    partial: bool = doc("True when the source gives only part of the statement.", False)
    featured: bool = doc("Show it on the home page.", False)

    def language_shown(self, site_language: str) -> str:
        """The language of the words as shown: the site's when translated, else the original's."""
        return site_language if self.translated else self.language


@dataclass(frozen=True, slots=True)
class Comparison:
    """What a key figure is set beside, drawn as two small bars: the whole it is part of, or a number like it."""

    number: int = doc("The number it is compared with, e.g. 2000000.")
    label: str = doc("The comparison in words, shown under the bars, e.g. 'of about 40,000 residents'.")
    sources: tuple[Source, ...] = doc("Source ids for the number; at least one.")


@dataclass(frozen=True, slots=True)
class Figure:
    id: Slug = doc("Unique id, used as the figure's anchor.")
    value: str = doc("The number as displayed, e.g. '12,000' or 'More than 300'.")
    label: str = doc("What the number counts, briefly.")
    sources: tuple[Source, ...] = doc("Source ids; at least one.")
    number: int | None = doc("The plain number for the data export, e.g. 300000.", None)
    detail: Markdown | None = doc("Who gave it, when, and any caveat (Markdown).", None)
    derived: str | None = doc("How the figure was worked out, in one line, when no source gives it as it stands "
                              "(e.g. 'the sum of the four regions' counts'): shown with it, and its value is then "
                              "not looked for in the archives.", None)
    compare: Comparison | None = doc("A sourced number to set it beside, with its words (needs number).", None)


@dataclass(frozen=True, slots=True)
class Datum:
    """One bar, column or point of a chart."""

    label: str = doc("What the number is for, e.g. a year or a place.")
    value: float = doc("The number: digits only, a point for decimals, e.g. 4200 or 12.5.")


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar, column or line chart, drawn at build time from rows in charts.yaml or from a CSV file."""

    id: Slug = doc("Unique id: sections place the chart with 'charts: [ID]'.")
    kind: Literal["bar", "column", "line"] = doc("bar (long labels, across), column (a few short labels, "
                                                 "upright) or line (a series over time).")
    title: str = doc("What the chart shows, shown above it.")
    unit: str = doc("What the numbers count, e.g. 'passengers a day': shown under the title.")
    labels: str = doc("What the labels name, e.g. Week: the heading of the numbers' first column.")
    sources: tuple[Source, ...] = doc("Source ids; at least one.")
    notes: Markdown | None = doc("How the numbers were gathered and any caveat (Markdown).", None)
    data: tuple[Datum, ...] = doc("The rows, each with label and value (or csv: instead).", ())
    csv: DataFile | None = doc("A CSV file inside content/ with the rows, e.g. data/ferries.csv (or data: "
                               "instead).", None)
    label_column: Column | None = doc("With csv: the column that holds the labels, by its header.", None)
    value_column: Column | None = doc("With csv: the column that holds the numbers, by its header.", None)


@dataclass(frozen=True, slots=True)
class Embed:
    """Someone else's video, post, chart or document: shown as a facade with a plain link, loaded from its provider
    only when the reader asks."""

    id: Slug = doc("Unique id: Markdown places it with a line of its own, '[its title](embed:ID)'.")
    kind: Literal["youtube", "vimeo", "x", "bluesky", "instagram", "telegram", "datawrapper", "flourish",
                  "documentcloud"] = doc("Whose it is: youtube, vimeo, x, bluesky, instagram, telegram, datawrapper, "
                                         "flourish or documentcloud.")
    url: Url = doc("Its own address, as the provider shares it, e.g. https://www.youtube.com/watch?v=VIDEO_ID.")
    title: str = doc("What it is, shown with it and given to its frame, e.g. 'The mayor's statement of 3 March'.")
    link_text: str | None = doc("The words of the plain link to it; without them, e.g. 'Watch on YouTube'.", None)
    poster: AssetFile | None = doc("A picture from assets/ shown until the reader loads it (nothing is fetched from "
                                   "the provider before); a plain panel without one.", None)
    height: int | None = doc("The height in pixels that the provider's embed code gives a chart, post or document, "
                             "so the page keeps that room; videos keep 16:9.", None)


@dataclass(frozen=True, slots=True)
class Update:
    date: datetime = doc("When the change was published: YYYY-MM-DDTHH:MM:SS+00:00.")
    kind: Literal["update", "correction", "clarification"] = doc(
        "update (news added), correction (something was wrong) or clarification (something was unclear).")
    text: Markdown = doc("What changed (Markdown).")


@dataclass(frozen=True, slots=True)
class Byline:
    name: Name = doc("The writer's name.")
    role: str | None = doc("Their role, e.g. 'Staff writer'.", None)


@dataclass(frozen=True, slots=True)
class Publisher:
    name: Name = doc("The newsroom's name.")
    url: Url | None = doc("The newsroom's home page.", None)


@dataclass(frozen=True, slots=True)
class RegionsPage:
    """The words that introduce the regions: they differ from story to story, so they live in content."""

    title: str = doc("The heading of the regions page and of the home page's map section, e.g. 'The three "
                     "districts'.")
    menu: str = doc("The page's name in the menu and in the browser's tab: a word or two, e.g. 'Districts'.")
    intro: Markdown | None = doc("One or two sentences under that heading (Markdown, with source links).", None)


@dataclass(frozen=True, slots=True)
class MapArea:
    """An area the map marks apart from the regions, such as a territory another country annexed."""

    outline: Slug = doc("The key of its outline in the geodata file, e.g. old-port (see docs/map.md).")
    label: Name = doc("The name written on the map, e.g. Old Port.")
    legend: str = doc("What the legend says about it, e.g. 'Closed to traffic since 2019'.")
    sources: tuple[Source, ...] = doc("Source ids for what the legend says; at least one.")


@dataclass(frozen=True, slots=True)
class MapLayer:
    """A layer of the map apart from what it marks, such as the boundaries it is drawn with: its source and date."""

    label: str = doc("What the layer is, for the source line under the map, e.g. 'Boundaries'.")
    sources: tuple[Source, ...] = doc("Source ids of its data: the source line names them.")
    as_of: PartialDate | None = doc("When its data is from, YYYY-MM-DD (or YYYY-MM, YYYY).", None)


@dataclass(frozen=True, slots=True)
class ControlArea:
    """The area one side controlled on a day, drawn from an outline in the geodata file, with its source."""

    outline: Slug = doc("The key of its outline in the geodata file, e.g. held-2022-09-21 (see docs/map.md).")
    side: Side = doc("Whose control it shows: one of the sides in site.yaml.")
    legend: str = doc("What the legend says about it, e.g. 'Held by the rebels'.")
    sources: tuple[Source, ...] = doc("Source ids for the area; at least one.")
    as_of: PartialDate = doc("The day the area is true of, YYYY-MM-DD.")


@dataclass(frozen=True, slots=True)
class MapCity:
    """A city the map marks with a dot and its name."""

    name: Name = doc("The name written beside its dot, e.g. Lyon.")
    lon: float = doc("Its longitude in degrees east, e.g. 4.84.")
    lat: float = doc("Its latitude in degrees north, e.g. 45.76.")


@dataclass(frozen=True, slots=True)
class MapName:
    """A name the geodata file writes on the map (a neighbour, a sea, the country, a city, the credit), written
    differently, e.g. in the edition's language."""

    geodata: str = doc("The name as the geodata file has it, e.g. Belgium.")
    label: Name = doc("The name to write instead, e.g. Belgique.")


@dataclass(frozen=True, slots=True)
class MapText:
    """What the regions map shows and says: its geodata, its accessible name and description, legend, caption,
    caveat, and the sources and date of its source line."""

    title: str = doc("The map's accessible name, e.g. 'Map of the city marking the two districts'.")
    description: str = doc("What the map shows, in words, for readers who cannot see it.")
    geodata: ContentFile = doc("The geodata file the map is drawn from, inside content/, e.g. map/city.json "
                               "(made by tools/make_geodata.py, see docs/map.md).")
    legend: str = doc("What the marked regions have in common, for the legend, e.g. 'District cut off by the "
                      "closure'.")
    caption: Markdown | None = doc("The caption under the map (Markdown).", None)
    areas: tuple[MapArea, ...] = doc("Other areas to mark, each with its label, legend line and sources.", ())
    caveat: str | None = doc("What the map does not show, in one line beside it wherever it is drawn, e.g. 'The "
                             "shading marks whole districts, not the streets affected.'", None)
    sources: tuple[Source, ...] = doc("Source ids for what the map marks: the source line under it names them.", ())
    as_of: PartialDate | None = doc("The day what the map marks is true of, YYYY-MM-DD: the source line's date.", None)
    outlines: MapLayer | None = doc("Where the boundaries come from, and when: a line of its own in the source "
                                    "line.", None)
    control: tuple[ControlArea, ...] = doc("Areas a side controlled on a day, each with its source and date.", ())
    cities: tuple[MapCity, ...] = doc("Cities to mark with a dot and a name, by longitude and latitude.", ())
    city_sources: tuple[Source, ...] = doc("Source ids for the cities' positions; needed with cities.", ())
    names: tuple[MapName, ...] = doc("Names from the geodata file written differently on this map.", ())
    locator: str | None = doc("What the small inset map shows, in words, e.g. 'Inset: the region within the country'; "
                              "no inset without it (the geodata file needs a locator: see docs/map.md).", None)


@dataclass(frozen=True, slots=True)
class Image:
    """A picture from assets/ with its words for readers who cannot see it."""

    file: AssetFile = doc("The file inside assets/, e.g. card.png: a PNG or JPEG, best 1200 by 630 pixels.")
    alt: str = doc("What the picture shows, in words.")


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of a vocabulary in site.yaml: the id facts name, and the label readers see."""

    id: Slug = doc("The id facts use, e.g. local-business.")
    label: str = doc("What readers see, e.g. Local business.")


@dataclass(frozen=True, slots=True)
class Site:
    title: str = doc("The explainer's headline.")
    dek: str = doc("The standfirst under the headline: one or two sentences.")
    description: str = doc("A summary for search engines and social cards, at most 200 characters.")
    language: Language = doc("The language of the explainer (BCP 47), e.g. en.")
    bylines: tuple[Byline, ...] = doc("Who wrote it; at least one.")
    publisher: Publisher = doc("The newsroom that publishes it.")
    published: datetime = doc("First publication, with UTC offset: 2025-03-03T08:00:00+00:00.")
    short_title: str | None = doc("A short name for the site's header and tabs; the title when absent.", None)
    base_url: BaseUrl | None = doc("Absolute address the site is published at, ending in '/'.", None)
    as_of: datetime | None = doc("The moment the facts are current to, with UTC offset: 'As of …' on the home "
                                 "page.", None)
    time_zone: TimeZone | None = doc("The newsroom's time zone, an IANA name such as Europe/London: the home "
                                     "page gives the local time beside UTC.", None)
    in_brief: tuple[Markdown, ...] = doc("Three or four one-sentence points for readers in a hurry (Markdown).", ())
    lead: Picture | None = doc("The lead art: a picture's id from pictures.yaml, shown under the headline.", None)
    key_date: PartialDate | None = doc("The story's key day, YYYY-MM-DD: the timeline marks it.", None)
    regions_page: RegionsPage | None = doc("The heading and introduction of the regions (needed with regions).", None)
    place_fields: tuple[PlaceFields, ...] = doc("The facts a place may have in this story beyond its name, kind and "
                                                "status: groups of fields, each with its label and type.", ())
    map: MapText | None = doc("The regions map: its geodata, name, description, legend and caption; no map "
                              "without it.", None)
    image: Image | None = doc("The picture shown where the explainer is shared (the home page's social card); "
                              "without it, a card drawn with the headline.", None)
    copied_words_limit: int = doc("How many words in a row shared with an archived source count as copying: "
                                  "with 8, a run of 8 or more words outside quotation marks is an error.", 8)
    near_copy_words: int = doc("How many words following an archived source's with a word or two changed count as a "
                               "near-copy: with 10, a run of 10 or more words in which at most one in eight differs "
                               "(swapped, added or dropped) is an error; 0 turns the check off.", 10)
    embed_events: int = doc("How many of the latest events the timeline embed lists, newest first, each dated, "
                            "with a link to the full timeline.", 5)
    sides: tuple[Term, ...] = doc("The groups the quotes page files speakers under, in its order; each person's "
                                  "side is one of their ids.", ())
    categories: tuple[Term, ...] = doc("The kinds of event the timeline shows and filters by; each event's "
                                       "category is one of their ids.", ())
    pull: dict[PulledFile, Url] | None = doc("Content files `explainer pull` fetches, each from its address: "
                                             "timeline.csv: https://docs.google.com/… (see docs/content.md).", None)
    editions: tuple[Language, ...] = doc("The other languages the explainer is published in, each translated in "
                                         "content/LANG/ and published under /LANG/, e.g. [uk] (see docs/content.md).",
                                         ())
    translation_gaps: Literal["note", "error"] = doc("What a stale or missing translation in an edition is: note "
                                                     "(the edition shows the original's words, marked), or error "
                                                     "(the build stops: for publishing).", "note")

    @property
    def name(self) -> str:
        return self.short_title or self.title


@dataclass(frozen=True, slots=True)
class Section:
    id: Slug = doc("Taken from the file name: what-happened.md is #what-happened.")
    title: str = doc("The section's heading.")
    order: int = doc("Its position on the page: 1, 2, 3 …")
    body: Markdown = doc("The prose, below the front matter.", Markdown(""))
    charts: tuple[Chart, ...] = doc("Chart ids from charts.yaml, shown after the section's text.", ())


@dataclass(frozen=True, slots=True)
class Article:
    """A standalone page: about, methodology, corrections policy, a background piece."""

    id: Slug = doc("Taken from the file name: about.md is pages/about.html.")
    title: str = doc("The page's title.")
    body: Markdown = doc("The page's text, below the front matter.", Markdown(""))
    description: str | None = doc("One line for the list of pages and for search engines.", None)
    order: int = doc("Its place in the list of pages: lower first, then by title.", 100)


Point = tuple[int, int]  # drawing units, y down
Ring = tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Shape:
    """An outline in a map's geodata (a country, a region, a neighbour), with where its name fits best."""

    name: str = doc("The name, e.g. Natural Earth's name of a neighbouring country.")
    rings: tuple[Ring, ...] = doc("Closed rings of points, drawn with the even-odd rule.")
    label: Point | None = doc("The point with the most room for the name inside the shape; none when there is "
                              "no room.", None)


@dataclass(frozen=True, slots=True)
class Spot:
    """A named point on the map: a city (drawn with a dot) or a sea (its name only)."""

    name: str = doc("The name written on the map.")
    at: Point = doc("Where it is, in drawing units.")


@dataclass(frozen=True, slots=True)
class Projection:
    """Equirectangular: x = (lon - west) * per_degree[0], y = (north - lat) * per_degree[1]."""

    west: float = doc("The longitude at the drawing's left edge.")
    north: float = doc("The latitude at the drawing's top edge.")
    per_degree: tuple[float, float] = doc("Drawing units per degree of longitude and of latitude.")

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """Where a longitude and latitude fall on the drawing."""
        return (lon - self.west) * self.per_degree[0], (self.north - lat) * self.per_degree[1]


@dataclass(frozen=True, slots=True)
class Locator:
    """A small map placing the main one in its wider region, in drawing units of its own."""

    size: Point = doc("Width and height.")
    land: tuple[Ring, ...] = doc("The countries around, cut to it.")
    country: tuple[Ring, ...] = doc("The country the main map is about.")
    frame: Ring = doc("The main map's edges.")


@dataclass(frozen=True, slots=True)
class Geodata:
    """A map's shapes, already projected: a JSON file in content/ made by tools/make_geodata.py."""

    file: str = doc("The file's path inside content/.")
    size: Point = doc("Width and height of the drawing.")
    country: Shape = doc("The country the map is about.")
    regions: tuple[tuple[str, Shape], ...] = doc("Outlines that regions and areas are drawn from, by key.")
    neighbours: tuple[Shape, ...] = doc("The countries around it, cut to the drawing.")
    places: tuple[Spot, ...] = doc("Cities, drawn with a dot.", ())
    waters: tuple[Spot, ...] = doc("Seas, by name.", ())
    credit: str = doc("Where the shapes come from, written in the map's corner.", "")
    projection: Projection | None = doc("How longitudes and latitudes become drawing units.", None)
    locator: Locator | None = doc("A small map of the country in its wider region.", None)

    def outline(self, key: str) -> Shape | None:
        """The outline with this key, or None."""
        return next((shape for name, shape in self.regions if name == key), None)


# The content files that hold one list each, and what each item is.
COLLECTIONS: dict[str, type] = {
    "sources": Source, "people": Person, "regions": Region, "timeline": Event,
    "quotes": Quote, "figures": Figure, "updates": Update, "charts": Chart, "embeds": Embed, "pictures": Picture,
}
# Kinds that other facts refer to by id, and the file that holds them.
REFERABLE: dict[type, str] = {Source: "sources", Person: "people", Region: "regions", Chart: "charts",
                              Picture: "pictures"}
# Terms that facts name, and the vocabulary in site.yaml that lists them.
TERMS: dict[Any, str] = {Side: "sides", Category: "categories"}


@dataclass(frozen=True, slots=True)
class Explainer:
    """Everything the site is built from, with every reference resolved."""

    site: Site
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    people: tuple[Person, ...]
    regions: tuple[Region, ...]
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    updates: tuple[Update, ...]
    pages: tuple[Article, ...] = ()
    geodata: Geodata | None = None  # the file site.map names
    image: bytes | None = None  # the bytes of the file site.image names
    charts: tuple[Chart, ...] = ()  # each with its rows, from charts.yaml or the CSV file it names
    embeds: tuple[Embed, ...] = ()  # others' content that Markdown places with '[title](embed:ID)'
    pictures: tuple[Picture, ...] = ()
    picture_files: tuple[tuple[str, bytes], ...] = ()  # the bytes of each file pictures name, by its path in content/

    @property
    def updated(self) -> datetime | None:
        """The newest update's date, or None while there is none."""
        return max((u.date for u in self.updates), default=None)

    @property
    def modified(self) -> datetime:
        """When the explainer last changed, as every page, embed, data file, feed and JSON-LD says: the newest
        update's date, or the first publication while there is none."""
        return self.updated or self.site.published
