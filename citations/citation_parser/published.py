"""Published works, read as CSL fields: books, journal articles, chapters, working papers,
theses, conference papers and FRUS volumes (with the document printed in them), and the pages
or chapter cited."""

from __future__ import annotations

import re

from .archival_documents import KIND_RE, QUOTED_TITLE_RE, read_document_header
from .dates import SEASON_YEAR, find_date
from .drafts import DocumentDraft, Reference, SourceDraft
from .lead_ins import split_lead_in
from .names import csl_name, split_names

_PUBLICATION_RE = re.compile(r"\((?P<inside>[^()]*(?:\([^()]*\)[^()]*)*)\)")
_CONFERENCE_RE = re.compile(
    r"the paper (?P<author>[A-Z][\w.]*(?: [A-Z][\w.]*)+) presented at (?:a |the )?"
    r"(?P<event>.+?) held at (?P<place>.+?) in (?P<date>.+?)\.?$"
)
_TITLE_ABBREVIATIONS = {"CWIHP": "Cold War International History Project"}


def looks_published(text: str) -> bool:
    """An italic title, publication details in parentheses, FRUS or a conference paper."""
    return bool(
        re.search(r"\*[^*]+\*", text)
        or re.search(r"\([^()]*\b\d{4}\)", text)
        or re.search(r"\([^()]*:[^()]*\)", text)
        or re.search(r"\bFRUS\b", text)
        or re.search(r"\bpaper\b.*\bpresented at\b", text)
    )


def read_published_with_document(segment: str) -> list[Reference]:
    """A published work, or a document published in one ('Notes by …, published in …')."""
    published_in = re.match(r"(?P<document>.+?),?\s+published in\s+(?P<rest>.+)", segment)
    if not published_in:
        return [read_published(segment)]
    reference = read_published(published_in["rest"])
    reference.printed = segment
    reference.document = read_document_header(published_in["document"], reference)
    return [reference]


def read_published(segment: str) -> Reference:
    reference = Reference("published", segment)
    reference.prefix, body = split_lead_in(segment.rstrip())
    source = SourceDraft()
    reference.source = source
    body = body.strip().rstrip(".")
    conference = _CONFERENCE_RE.search(body)
    if conference:
        source.type = "paper-conference"
        source.authors = [csl_name(conference["author"])]
        source.event = conference["event"]
        source.event_place = conference["place"]
        source.issued = find_date(conference["date"])[0] or conference["date"]
        reference.prefix = (reference.prefix + " " + body[: conference.start()]).strip()
        reference.doubt("a paper presented at a conference: no title given", 0.8)
        return reference
    body = re.sub(r"\bFRUS\b(?!\))", "Foreign Relations of the United States (FRUS)", body, count=1)

    before, after = _read_titles(body, reference)
    _read_authors(before, reference)
    if source.title.startswith("Foreign Relations of the United States"):
        source.collection_title = "Foreign Relations of the United States"
        _read_frus_item(after, reference)
        return reference
    _read_after_title(after, source, reference)
    if not source.authors and source.type in ("book", "article-journal", "chapter"):
        reference.doubt("no author found", 0.8)
    return reference


def _read_titles(body: str, reference: Reference) -> tuple[str, str]:
    """The title (quoted or italic), the container it sits in and so the work's type; returns
    what stands before the titles (the authors) and after them (the publication details)."""
    source = reference.source
    italic = re.search(r"\*([^*]+)\*", body)
    quoted = re.search(r"[“\"](.+?)[,.]?(?:[”\"]|$)", body)
    if quoted and italic and quoted.start() > italic.start():
        quoted = None
    first = min(m.start() for m in (italic, quoted) if m) if (italic or quoted) else 0
    before = body[:first]
    if quoted:
        source.title = quoted[1].strip().rstrip(",")
        after = body[quoted.end() :]
        if italic:
            between = body[quoted.end() : italic.start()]
            source.container_title = italic[1].strip()
            after = body[italic.end() :]
            editors = re.search(r"\bin\s+(.+?),\s+eds?\.,\s*$", between)
            report = re.search(r"Working Paper No\. (\d+)", between)
            if report:
                source.type = "report"
                source.genre = "Working Paper"
                source.number = report[1]
                source.collection_title, source.container_title = source.container_title, ""
            elif editors or _PUBLICATION_RE.search(after) and ":" in after.split(")")[0]:
                source.type = "chapter"
                if editors:
                    source.editors = [csl_name(n) for n in split_names(editors[1])]
            else:
                source.type = "article-journal"
        else:
            source.type = "article-journal" if re.search(r"\d+ \(.*\d{4}\)", after) else "book"
    elif italic:
        source.title = italic[1].strip()
        after = body[italic.end() :]
        volume = re.search(r",?\s+(?:Volume|Vol\.)\s+([IVXLC\d]+)$", source.title)
        if volume:
            source.volume = volume[1]
            source.title = source.title[: volume.start()]
        inner_volume = re.search(r"^(.*?),\s+Volume\s+([IVXLC]+),\s+(.*)$", source.title)
        if inner_volume:
            source.title = f"{inner_volume[1]}, {inner_volume[3]}"
            source.volume = inner_volume[2]
    else:
        after = body
        reference.doubt("no title found")
    return before, after


def _read_authors(before: str, reference: Reference) -> None:
    """'James Matray.' / 'Robert Scalapino and Chong-sik Lee.' / 'Kim Young Jun repeats this
    interpretation in' (a lead-in naming the author) / 'See the … account found in Hak S. Paik,'."""
    authors = before.strip(" .,")
    if not authors:
        return
    source = reference.source
    lead = re.match(r"(?P<name>(?:[A-Z][\w.'-]*\s+){1,3}?)(?P<verb>[a-z][\w ]*?\bin)$", authors)
    found_in = re.match(r"(?P<lead>.*\b(?:found )?in)\s+(?P<name>[A-Z].*)$", authors)
    if lead:
        reference.prefix = authors
        source.authors = [csl_name(lead["name"])]
        reference.doubt("the author is named in the lead-in", 0.8)
    elif found_in and reference.prefix:
        reference.prefix = f"{reference.prefix} {found_in['lead']}"
        source.authors = [csl_name(n) for n in split_names(found_in["name"])]
    elif re.search(r"[a-z]{4,} [a-z]{4,}", authors):
        reference.doubt(f"not understood before the title: “{authors}”")
    else:
        source.authors = [csl_name(n) for n in split_names(authors)]


def _read_after_title(after: str, source: SourceDraft, reference: Reference) -> None:
    translated = re.match(r"\s*\[([^\]]+)\]", after)
    if translated:
        source.translated_title = translated[1]
        after = after[translated.end() :]
    translators = re.search(r"translated by ([^(,]+)", after)
    if translators:
        source.translators = [csl_name(translators[1].strip())]
    publication = _PUBLICATION_RE.search(after)
    journal = re.search(
        r"(?:\((?P<place>[^()\d]+)\),\s*)?,?\s*(?P<volume>\d+(?:[./]\d+)?)\s+"
        r"\((?P<date>[^()]*\d{4}[^()]*)\):\s*(?P<pages>\d+[–-]\d+)",
        after,
    )
    if journal:
        _read_journal(journal, source, reference)
        return
    tail = after
    if publication:
        _read_publication(publication["inside"], source, reference)
        tail = after[publication.end() :]
        unread = after[: publication.start()]
        if translators:
            unread = unread.replace(translators[0], "")
        if unread.strip(" ,"):
            reference.doubt(f"not understood: “{unread.strip(' ,')}”", 0.8)
    elif source.type == "book":
        reference.doubt("no place, publisher or year", 0.8)
    read_pinpoint(tail, reference)


def _read_journal(journal: re.Match, source: SourceDraft, reference: Reference) -> None:
    """'*International Security* 13.3 (Winter 1988/1989): 50–91'."""
    for short, full in _TITLE_ABBREVIATIONS.items():
        for name in ("title", "container_title"):
            value = getattr(source, name)
            if re.search(rf"\b{short}\b", value):
                reference.printed_fields[name] = value
                setattr(source, name, re.sub(rf"\b{short}\b", full, value))
    if not source.container_title:
        # '*CWIHP Bulletin* 3 (Fall 1993): 15–17': an issue of a periodical, no article named.
        source.type = "periodical"
        reference.pinpoint, reference.pinpoint_unit = journal["pages"], "page"
    else:
        source.type = "article-journal"
        source.pages = journal["pages"]
    volume = journal["volume"]
    if "." in volume:
        source.volume, source.issue = volume.split(".")
    elif "Bulletin" in (source.container_title or source.title):
        source.issue = volume  # bulletins are numbered by issue ("6/7": a double issue)
    else:
        source.volume = volume
        reference.doubt(f"“{volume}”: a volume or an issue?", 0.9)
    season = SEASON_YEAR.search(journal["date"])
    source.issued = season[2] if season else re.search(r"\d{4}", journal["date"])[0]
    if season:
        reference.printed_fields["issued"] = journal["date"]
    if journal["place"]:
        source.publisher_place = journal["place"].strip()


def _read_publication(inside: str, source: SourceDraft, reference: Reference) -> None:
    """'(Honolulu, HI: University of Hawaii Press, 1985)', '(Ph.D. Dissertation, University of
    Pennsylvania, 1993)', '(Washington, DC: Woodrow Wilson International Center for Scholars)'."""
    year = re.search(r"(\d{4})\s*$", inside)
    if year:
        source.issued = year[1]
        inside = inside[: year.start()].rstrip(" ,:")
    genre = re.match(r"(Ph\.D\. Dissertation|M\.A\. Thesis|Thesis[^,]*),\s*(.*)", inside)
    if genre:
        source.type = "thesis"
        source.genre = genre[1]
        source.publisher = genre[2].strip()
    elif ":" in inside:
        place, _, publisher = inside.partition(":")
        source.publisher_place = place.strip()
        source.publisher = publisher.strip()
    else:
        source.publisher = inside.strip()
        reference.doubt("publication details without a place", 0.8)
    if not year:
        reference.doubt("no year of publication", 0.8)


def read_pinpoint(tail: str, reference: Reference) -> None:
    """The part of a work cited: a chapter or part, and pages."""
    division = re.search(
        r"(?:^|[,:]\s*)((?:Part|chapter|Chapter)\s+[\wIVX]+(?:,\s*[“\"][^”\"]+?,?[”\"])?)", tail
    )
    if division:
        reference.division = division[1].replace(",”", "”").replace(',"', '"')
    pages = re.search(r"\bpp?\.\s*(\d+(?:[–-]\d+)?(?:,\s*\d+(?:[–-]\d+)?)*)", tail)
    if pages:
        reference.pinpoint = pages[1]
        reference.pinpoint_unit = "page"


def _read_frus_item(tail: str, reference: Reference) -> None:
    """A document printed in a FRUS volume: its number, title, author, kind, then the pages."""
    read_pinpoint(tail, reference)
    item = re.sub(r",?\s*pp?\.\s*[\d–-]+\s*$", "", tail).strip(" ,")
    if not item:
        return
    document = DocumentDraft()
    number = re.search(r"\bPaper no\. \d+", item)
    if number:
        document.number = number[0]
    bracket = re.search(r"\[([^\]]+):\s*([^\]:]+)\]", item)
    if bracket:
        document.number = bracket[1].strip()
        document.kind = bracket[2].strip().lower()
        reference.printed_fields["kind"] = bracket[2].strip()
    title = QUOTED_TITLE_RE.search(item)
    if title:
        document.title = title[1]
        author = re.match(r"\s*from\s+([^,]+)", item[title.end() :])
        if author:
            document.author = author[1].strip()
        people = re.fullmatch(r"(.+?) to (?:the )?(.+)", document.title)
        if people and not KIND_RE.search(people[1]) and "Draft" not in people[1]:
            document.author, document.addressee = people[1], people[2]
    rest = re.sub(r"\bPaper no\. \d+|\[[^\]]+\]|[“\"].+?[”\"]|\bfrom\s+[^,]+", "", item)
    rest = rest.strip(" ,")
    if rest:
        document.summary = rest
        reference.doubt(f"“{rest}”: kept as the document's description", 0.8)
    reference.document = document
