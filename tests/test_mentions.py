"""The alias matcher and the editorial fixes, on small strings (no database)."""

import pytest

from documents.linking.mentions import (
    AliasMatcher,
    AmbiguousAlias,
    Fix,
    FixMismatch,
    apply_fixes,
    locate,
    whole_places,
)

STALIN = ("actor", "stalin")
USSR = ("actor", "soviet-union")
US = ("actor", "united-states")
MOSCOW_CONFERENCE = ("event", "moscow-conference")


def found(matcher, text):
    """(surface, target) pairs, checking on the way that every span is exactly its text."""
    spans = matcher.find(text)
    for span in spans:
        assert text[span.start : span.end] == span.surface
    return [(span.surface, span.target) for span in spans]


class TestWholeWords:
    def test_an_alias_inside_a_longer_word_is_not_matched(self):
        matcher = AliasMatcher([("Kim", "kim"), ("Mao", "mao")])
        assert found(matcher, "Kimber and Maoists met Kim.") == [("Kim", "kim")]

    def test_punctuation_and_dashes_are_boundaries(self):
        matcher = AliasMatcher([("US", US), ("China", "china"), ("Stalin", STALIN)])
        assert found(matcher, "US-China talks; Stalin's reply, (Stalin).") == [
            ("US", US),
            ("China", "china"),
            ("Stalin", STALIN),
            ("Stalin", STALIN),
        ]

    def test_matching_is_case_sensitive(self):
        matcher = AliasMatcher([("US", US)])
        assert found(matcher, "Tell us about the US.") == [("US", US)]

    def test_an_alias_starting_with_a_bracket_is_bounded_by_the_bracket(self):
        matcher = AliasMatcher([("[Joseph] Stalin", STALIN), ("Stalin", STALIN)])
        assert found(matcher, "given by [Joseph] Stalin, so") == [("[Joseph] Stalin", STALIN)]

    def test_digits_count_as_word_characters(self):
        matcher = AliasMatcher([("war of 1950–53", "war")])
        assert found(matcher, "the war of 1950–53.") == [("war of 1950–53", "war")]
        assert found(matcher, "the war of 1950–530") == []


class TestLongestMatchFirst:
    def test_the_longer_alias_wins_at_the_same_place(self):
        matcher = AliasMatcher([("Moscow", USSR), ("Moscow Conference", MOSCOW_CONFERENCE)])
        assert found(matcher, "the Moscow Conference decision, as Moscow wished") == [
            ("Moscow Conference", MOSCOW_CONFERENCE),
            ("Moscow", USSR),
        ]

    def test_a_longer_match_further_on_beats_an_earlier_overlapping_one(self):
        matcher = AliasMatcher(
            [("Council of Ministers", "council"), ("Ministers of Foreign Affairs", "conference")]
        )
        assert found(matcher, "the Council of Ministers of Foreign Affairs") == [
            ("Ministers of Foreign Affairs", "conference")
        ]

    def test_of_two_overlapping_matches_of_equal_length_the_earlier_wins(self):
        matcher = AliasMatcher([("Red Army", "army"), ("Army Day", "holiday")])
        assert found(matcher, "on Red Army Day") == [("Red Army", "army")]

    def test_matches_never_overlap(self):
        matcher = AliasMatcher(
            [
                ("Soviet Union", USSR),
                ("Union", "union"),
                ("Communist Party of the Soviet Union", "cpsu"),
            ]
        )
        text = "the Central Committee of the Communist Party of the Soviet Union and the Union"
        spans = matcher.find(text)
        assert [(s.surface, s.target) for s in spans] == [
            ("Communist Party of the Soviet Union", "cpsu"),
            ("Union", "union"),
        ]
        for first, second in zip(spans, spans[1:], strict=False):
            assert first.end <= second.start


class TestScripts:
    def test_cyrillic_aliases_match_as_whole_words(self):
        matcher = AliasMatcher([("Ким Ир Сен", "kim"), ("АВПРФ", "avprf")])
        assert found(matcher, "(AVPRF АВПРФ), телеграмма: Ким Ир Сен, 1950") == [
            ("АВПРФ", "avprf"),
            ("Ким Ир Сен", "kim"),
        ]

    def test_a_cyrillic_inflection_is_not_the_alias(self):
        # "Ким Ир Сена" (genitive) would need its own alias: Cyrillic letters are word characters.
        matcher = AliasMatcher([("Ким Ир Сен", "kim")])
        assert found(matcher, "письмо Ким Ир Сена") == []

    def test_accents_and_typographic_apostrophes(self):
        matcher = AliasMatcher([("Balázs Szalontai", "bs"), ("People’s Volunteer Army", "cpv")])
        assert found(matcher, "Balázs Szalontai's work on the People’s Volunteer Army") == [
            ("Balázs Szalontai", "bs"),
            ("People’s Volunteer Army", "cpv"),
        ]


class TestAliasTable:
    def test_a_blocked_phrase_protects_its_words(self):
        matcher = AliasMatcher([("Washington", US), ("Washington, DC", None)])
        assert found(matcher, "Washington refused. (Washington, DC: Norton)") == [
            ("Washington", US)
        ]

    def test_an_alias_with_two_targets_is_refused(self):
        with pytest.raises(AmbiguousAlias):
            AliasMatcher([("Kim", "kim-il-sung"), ("Kim", "kim-koo")])

    def test_the_same_alias_twice_for_one_target_is_harmless(self):
        matcher = AliasMatcher([("Mao", "mao"), ("Mao", "mao")])
        assert found(matcher, "Mao") == [("Mao", "mao")]

    @pytest.mark.parametrize("alias", ["", " Mao", "Mao "])
    def test_empty_or_padded_aliases_are_refused(self, alias):
        with pytest.raises(ValueError):
            AliasMatcher([(alias, "mao")])

    def test_an_empty_table_finds_nothing(self):
        assert AliasMatcher([]).find("Stalin") == []


class TestFixes:
    TEXT = "When the Soviet leader received it, the Soviet leadership and Moscow agreed; Moscow: Norton."

    def matcher(self):
        return AliasMatcher([("Moscow", USSR)])

    def fixed(self, *fixes):
        text = self.TEXT
        spans = apply_fixes(text, self.matcher().find(text), fixes)
        for span in spans:
            assert text[span.start : span.end] == span.surface
        return [(span.surface, span.target) for span in spans]

    def test_an_addition_tags_one_occurrence(self):
        assert self.fixed(
            Fix("add", "the Soviet leader", target=STALIN, reason="named before")
        ) == [
            ("the Soviet leader", STALIN),
            ("Moscow", USSR),
            ("Moscow", USSR),
        ]

    def test_the_soviet_leadership_is_not_an_occurrence_of_the_soviet_leader(self):
        with pytest.raises(FixMismatch):
            self.fixed(Fix("add", "the Soviet leader", occurrence=2, target=STALIN, reason="x"))

    def test_an_exclusion_drops_one_occurrence(self):
        assert self.fixed(Fix("exclude", "Moscow", occurrence=2, reason="a place")) == [
            ("Moscow", USSR)
        ]

    def test_within_locates_the_quote_inside_a_longer_phrase(self):
        assert self.fixed(
            Fix("exclude", "Moscow", within="Moscow: Norton", reason="publisher")
        ) == [("Moscow", USSR)]

    def test_an_addition_replaces_the_automatic_matches_it_overlaps(self):
        fix = Fix("add", "Moscow agreed", target=("event", "agreement"), reason="the event")
        assert self.fixed(fix) == [("Moscow agreed", ("event", "agreement")), ("Moscow", USSR)]

    def test_excluding_what_the_matcher_did_not_tag_is_an_error(self):
        with pytest.raises(FixMismatch, match="nothing to exclude"):
            self.fixed(Fix("exclude", "the Soviet leader", reason="x"))

    def test_adding_what_the_matcher_already_tags_is_an_error(self):
        with pytest.raises(FixMismatch, match="redundant"):
            self.fixed(Fix("add", "Moscow", target=USSR, reason="x"))

    def test_a_quote_no_longer_in_the_text_is_an_error(self):
        with pytest.raises(FixMismatch):
            self.fixed(Fix("add", "Filippov", target=STALIN, reason="code name"))

    def test_overlapping_additions_are_an_error(self):
        with pytest.raises(FixMismatch, match="overlap"):
            self.fixed(
                Fix("add", "the Soviet leader", target=STALIN, reason="x"),
                Fix("add", "Soviet leader received", target=("event", "e"), reason="y"),
            )

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"action": "tag", "quote": "Moscow", "reason": "x"},
            {"action": "add", "quote": "Moscow", "reason": "no target"},
            {"action": "exclude", "quote": "Moscow", "reason": " "},
            {"action": "exclude", "quote": "Moscow", "within": "Washington", "reason": "x"},
        ],
    )
    def test_malformed_fixes_are_refused(self, kwargs):
        with pytest.raises(ValueError):
            Fix(**kwargs)


class TestLocate:
    """One rule for finding a phrase by its words: the fixes and the admin's mention form."""

    @pytest.mark.parametrize(
        ("text", "quote", "places"),
        [
            ("Kim met Kimber and Kim.", "Kim", [0, 19]),
            ("Soviet-backed Sovietization of the Soviet zone", "Soviet", [0, 35]),
            ("Stalin's reply", "Stalin", [0]),
            ("Maoists only", "Mao", []),
            ("", "Mao", []),
            ("anything", "", []),
        ],
    )
    def test_whole_places(self, text, quote, places):
        assert whole_places(text, quote) == places

    def test_locate_counts_whole_phrases_only(self):
        assert locate("Kimber, Kim, Kim", "Kim", 2) == (13, 16)

    def test_locate_says_how_often_the_phrase_occurs(self):
        with pytest.raises(FixMismatch, match="occurs 1 time"):
            locate("Kimber, Kim", "Kim", 2)
