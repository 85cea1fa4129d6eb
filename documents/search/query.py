"""What a searcher typed, made safe: parsing, engine syntax and highlighting. No database.

A query is a list of clauses that must all match (AND):
- a word (letters and digits; everything else separates words), matched as a whole word,
  ignoring case and accents: `shtykov`, `Balazs` (finds "Balázs"), `Российской`;
- a word ending in `*`, matched as the start of a word: `telegram*`;
- words in double quotes, matched as a phrase: `"Kim Il Sung"`.
Nothing the user types reaches an engine as syntax: words are extracted as letters and
digits only, and each engine receives them quoted (FTS5 "…", tsquery '…') and passed as a
query parameter. Unbalanced quotes are ignored, operators (`AND`, `NEAR(`, `-`) are words or
separators like any other.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from documents.markup import EMPHASIS_PATTERN

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 20
SNIPPET_CHARS = 300

WORD = re.compile(r"[^\W_]+(\*)?")
PLAIN_WORD = re.compile(r"[^\W_]+")
QUOTES = re.compile(r"[\"“”„«»]")


_STEMMER = Stemmer.Stemmer("porter")  # the algorithm of SQLite FTS5's porter tokenizer


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A folded word's English stem, as the search engines index it: 'approved' → 'approv'.
    Words with no Latin ending (names in Cyrillic, Korean) come back unchanged."""
    return _STEMMER.stemWord(word)


def fold(word: str) -> str:
    """Case- and accent-insensitive form of a word: 'Balázs' → 'balazs'. (Called for every
    word of every result shown: a plain ASCII word takes the short way.)"""
    if word.isascii():
        return word.lower()
    return _fold_unicode(word)


@lru_cache(maxsize=8192)
def _fold_unicode(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]  # as typed (NFC); engines fold them their own way
    prefix: bool = False

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold(word) for word in self.words)


@dataclass
class ParsedQuery:
    text: str = ""  # the query as used: stripped and cut to MAX_QUERY_CHARS
    clauses: list[Clause] = field(default_factory=list)
    truncated: bool = False  # the input was longer than MAX_QUERY_CHARS
    dropped: int = 0  # clauses beyond MAX_CLAUSES, ignored
    # Set when the query names an actor (documents/search/names.py): a passage matches if it
    # matches every clause of any one group (the words typed, or a spelling the texts use).
    any_of: list[list[Clause]] = field(default_factory=list)

    def __bool__(self):
        return bool(self.clauses)

    @property
    def groups(self) -> list[list[Clause]]:
        return self.any_of or [self.clauses]

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every word a quoted string, implicit AND between clauses
        (and OR between groups, parenthesised, when the query names an actor)."""

        def conjunction(clauses):
            parts = []
            for clause in clauses:
                quoted = '"' + " ".join(clause.words).replace('"', '""') + '"'
                parts.append(quoted + ("*" if clause.prefix else ""))
            return " ".join(parts)

        if not self.any_of:
            return conjunction(self.clauses)
        return " OR ".join(f"({conjunction(group)})" for group in self.any_of)

    def tsquery(self) -> str:
        """A to_tsquery() text: quoted lexemes, <-> inside phrases, :* for prefixes, & between
        (and | between groups when the query names an actor)."""

        def conjunction(clauses):
            parts = []
            for clause in clauses:
                lexemes = [f"'{word}'" for word in clause.words]  # no quote or backslash
                if clause.prefix:
                    lexemes[-1] += ":*"
                parts.append("(" + " <-> ".join(lexemes) + ")")
            return " & ".join(parts)

        if not self.any_of:
            return conjunction(self.clauses)
        return " | ".join(f"({conjunction(group)})" for group in self.any_of)


def parse_query(raw: str | None) -> ParsedQuery:
    text = unicodedata.normalize("NFC", (raw or "").strip())
    truncated = len(text) > MAX_QUERY_CHARS
    if truncated:
        text = text[:MAX_QUERY_CHARS]
    pieces = QUOTES.split(text)
    if len(pieces) % 2 == 0:  # an odd number of quotes: the last one is unbalanced, ignore it
        pieces[-2:] = [pieces[-2] + " " + pieces[-1]]
    clauses: list[Clause] = []
    seen = set()

    def add(clause):
        key = (clause.folded, clause.prefix)
        if key not in seen:
            seen.add(key)
            clauses.append(clause)

    for index, piece in enumerate(pieces):
        if index % 2:  # inside quotes: a phrase
            words = tuple(PLAIN_WORD.findall(piece))
            if words:
                add(Clause(words))
        else:
            for match in WORD.finditer(piece):
                word = match.group(0).rstrip("*")
                add(Clause((word,), prefix=bool(match.group(1))))
    dropped = max(0, len(clauses) - MAX_CLAUSES)
    return ParsedQuery(text, clauses[:MAX_CLAUSES], truncated, dropped)


def match_spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """(start, end) of every word or phrase of `text` that the query matches, in order.
    (Runs for each result shown: the text's words are folded and stemmed once, and each
    clause is looked for only where its last word is.)"""
    tokens = [(m.start(), m.end(), fold(m.group(0))) for m in PLAIN_WORD.finditer(text)]
    stems = [stem(token) for _, _, token in tokens]
    where: dict[str, list[int]] = {}
    for index, token_stem in enumerate(stems):
        where.setdefault(token_stem, []).append(index)
    found = set()
    for clause in {clause for group in query.groups for clause in group}:
        folded = clause.folded
        leading = [stem(word) for word in folded[:-1]]
        if clause.prefix:
            ends = [i for i, token in enumerate(tokens) if token[2].startswith(folded[-1])]
        else:
            ends = where.get(stem(folded[-1]), [])
        for end in ends:
            start = end - len(leading)
            if start >= 0 and stems[start:end] == leading:
                found.add((tokens[start][0], tokens[end][1]))
    spans = sorted(found)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _word_boundary(text: str, position: int, forward: bool) -> int:
    """Move `position` to the nearest space so a snippet does not cut a word in two."""
    if position <= 0 or position >= len(text):
        return max(0, min(position, len(text)))
    if forward:
        space = text.find(" ", position)
        return len(text) if space == -1 or space - position > 30 else space
    space = text.rfind(" ", 0, position)
    return 0 if space == -1 or position - space > 30 else space + 1


def snippet(text: str, query: ParsedQuery, width: int = SNIPPET_CHARS) -> SafeString:
    """An escaped excerpt of `text` around the first match, matched words in <mark>."""
    text = EMPHASIS_PATTERN.sub(r"\1", text)
    spans = match_spans(text, query)
    start, end = 0, len(text)
    if len(text) > width:
        anchor = spans[0][0] if spans else 0
        start = _word_boundary(text, max(0, anchor - width // 3), forward=False)
        end = _word_boundary(text, min(len(text), start + width), forward=True)
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, cursor), min(span_end, end)
        pieces.append(conditional_escape(text[cursor:span_start]))
        pieces.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
        cursor = span_end
    pieces.append(conditional_escape(text[cursor:end]))
    pieces.append("…" if end < len(text) else "")
    return mark_safe("".join(str(piece) for piece in pieces))  # pieces escaped
