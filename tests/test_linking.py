"""The curated links of the loaded collection: actors and their mentions, events, cross-references.

These are the checks a historian would make of the register and the timeline: that a mention
stands on the words it claims, that Stalin is found under “Filippov” and “the Soviet leader” but
not under “the Soviet leadership”, that the two spellings of Kim Il Sung are one person, that
each cross-reference still points at the passage it quotes.
"""

import json
import shutil
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from documents.linking import curated as linking_curation
from documents.linking.curated import LinkingCurationError
from documents.linking.mentions import locate
from documents.models import (
    Actor,
    ActorAlias,
    CrossReference,
    Document,
    Event,
    Footnote,
    Mention,
    Paragraph,
)

from .conftest import FIXTURES
from .curated import delete_quietly

LINKING = FIXTURES / "linking"
PAPER = "weathersby-soviet-role"
INTERVIEW = "shen-zhihua-interview"
PUBLISHED = Document.Status.PUBLISHED


def curated(name):
    return json.loads((LINKING / name).read_text(encoding="utf-8"))


def paragraph(slug, position):
    return Paragraph.objects.get(document__slug=slug, position=position)


def note(number):
    return Footnote.objects.get(document__slug=PAPER, number=number)


def tags(passage):
    """(surface, actor or event slug) for each mention of a paragraph or note, in reading order."""
    return [
        (m.surface, (m.actor or m.event).slug)
        for m in passage.mentions.select_related("actor", "event").order_by("start")
    ]


def occurrences(text, phrase):
    """Start offsets of every whole-phrase occurrence of `phrase` in `text`."""
    found, n = [], 1
    while True:
        try:
            found.append(locate(text, phrase, n)[0])
        except ValueError:
            return found
        n += 1


def mention_at(passage, start, end):
    return passage.mentions.select_related("actor", "event").filter(start=start, end=end).first()


@pytest.mark.django_db
class TestMentions:
    def test_every_mention_stands_on_its_words(self, collection):
        mentions = Mention.objects.select_related("paragraph", "footnote")
        assert mentions.count() > 500
        for mention in mentions:
            text = (mention.paragraph or mention.footnote).text
            assert text[mention.start : mention.end] == mention.surface, mention.pk

    def test_mentions_in_a_passage_never_overlap(self, collection):
        spans = defaultdict(list)
        for m in Mention.objects.all():
            spans[(m.paragraph_id, m.footnote_id)].append((m.start, m.end))
        for passage, ranges in spans.items():
            ranges.sort()
            for (_, end), (start, _) in zip(ranges, ranges[1:], strict=False):
                assert end <= start, passage

    def test_both_texts_and_the_notes_are_tagged(self, collection):
        assert Mention.objects.filter(paragraph__document__slug=INTERVIEW).count() > 100
        assert Mention.objects.filter(paragraph__document__slug=PAPER).count() > 300
        assert Mention.objects.filter(footnote__isnull=False).count() > 100

    def test_every_actor_is_mentioned_in_a_published_text(self, collection):
        in_published = Q(mentions__paragraph__document__status=PUBLISHED) | Q(
            mentions__footnote__document__status=PUBLISHED
        )
        unmentioned = Actor.objects.annotate(n=Count("mentions", filter=in_published)).filter(n=0)
        assert list(unmentioned.values_list("slug", flat=True)) == []

    def test_filippov_is_stalin_in_notes_46_and_48(self, collection):
        for number in (46, 48):
            assert ("Filippov", "joseph-stalin") in tags(note(number))
            assert ("Stalin", "joseph-stalin") in tags(note(number))  # the bracketed "[Stalin]"

    def test_the_two_spellings_of_kim_il_sung_are_one_person(self, collection):
        in_interview = dict(tags(paragraph(INTERVIEW, 1)))
        in_paper = dict(tags(paragraph(PAPER, 31)))
        assert in_interview["Kim Il-sung"] == in_paper["Kim Il Sung"] == "kim-il-sung"
        kim = Actor.objects.get(slug="kim-il-sung")
        assert kim.name == "Kim Il Sung"
        assert "Kim Il-sung" in kim.aliases.values_list("name", flat=True)

    def test_pak_hon_yong_in_every_spelling(self, collection):
        assert ("Pak Hon-Yong", "pak-hon-yong") in tags(paragraph(PAPER, 40))
        assert ("Pak", "pak-hon-yong") in tags(paragraph(PAPER, 40))  # "Pak added that …"
        assert ("Pak Hon-yong", "pak-hon-yong") in tags(note(31))

    def test_kim_alone_is_tagged_only_where_it_is_certain(self, collection):
        assert ("Kim", "kim-il-sung") in tags(note(48))  # "the reply from Kim to Mao"
        interview = paragraph(INTERVIEW, 3)  # "the Kim family"
        start = interview.text.index("Kim family")
        assert not interview.mentions.filter(start__lte=start, end__gt=start).exists()

    def test_the_soviet_leadership_is_never_stalin(self, collection):
        seen = 0
        for passage in Paragraph.objects.filter(text__contains="the Soviet leadership"):
            for start in occurrences(passage.text, "the Soviet leadership"):
                seen += 1
                end = start + len("the Soviet leadership")
                assert not passage.mentions.filter(
                    actor__slug="joseph-stalin", start__lt=end, end__gt=start
                ).exists(), passage
        assert seen == 2

    def test_the_soviet_leader_is_stalin_wherever_the_paper_says_it(self, collection):
        seen = 0
        for passage in Paragraph.objects.filter(document__slug=PAPER):
            for start in occurrences(passage.text, "the Soviet leader"):
                seen += 1
                mention = mention_at(passage, start, start + len("the Soviet leader"))
                assert mention is not None and mention.actor.slug == "joseph-stalin", passage
        assert seen == 6

    def test_gorbachev_the_former_soviet_leader_is_not_stalin(self, collection):
        assert tags(paragraph(INTERVIEW, 45))[0] == ("Gorbachev", "mikhail-gorbachev")
        assert not paragraph(INTERVIEW, 45).mentions.filter(actor__slug="joseph-stalin").exists()

    def test_the_bracketed_first_name_is_part_of_the_mention(self, collection):
        assert ("[Joseph] Stalin", "joseph-stalin") in tags(paragraph(INTERVIEW, 1))

    def test_moscow_is_the_soviet_union_only_where_it_stands_for_the_government(self, collection):
        assert ("Moscow", "soviet-union") in tags(paragraph(PAPER, 2))  # Moscow's decision-making
        assert ("Moscow", "soviet-union") in tags(paragraph(INTERVIEW, 49))  # Moscow's behaviour
        # a place: "the Soviet officials in Moscow and Pyongyang", "in Moscow for Stalin's funeral"
        assert ("Moscow", "soviet-union") not in tags(paragraph(PAPER, 31))
        assert ("Pyongyang", "dprk") not in tags(paragraph(PAPER, 31))
        assert [s for s, _ in tags(paragraph(PAPER, 46))].count("Moscow") == 0
        for number in (4, 13, 31, 44):  # places of publication and of events
            assert ("Moscow", "soviet-union") not in tags(note(number))
        # the conference, not the government
        assert ("Moscow Conference", "moscow-conference") in tags(paragraph(PAPER, 14))

    def test_north_korea_before_1948_is_not_the_dprk(self, collection):
        assert ("North Korea", "dprk") not in tags(paragraph(PAPER, 23))  # Kim, April 1946
        for number in (35, 36, 37, 38):  # "Soviet Occupation of North Korea" (1945–1946)
            assert ("North Korea", "dprk") not in tags(note(number))
        assert ("North Korea", "dprk") in tags(paragraph(INTERVIEW, 1))
        assert ("North Korea", "dprk") in tags(paragraph(PAPER, 43))  # 1952

    def test_series_and_publishers_are_not_their_states(self, collection):
        for number in (2, 3, 25, 27, 43):
            assert ("United States", "united-states") not in tags(note(number))
            assert ("US", "united-states") not in tags(note(number))
            assert ("Washington", "united-states") not in tags(note(number))

    def test_every_alias_is_a_spelling_the_texts_use(self, collection):
        texts = list(Paragraph.objects.values_list("text", flat=True)) + list(
            Footnote.objects.values_list("text", flat=True)
        )
        invented = [a.name for a in ActorAlias.objects.all() if not any(a.name in t for t in texts)]
        assert invented == []

    def test_each_alias_tags_its_own_actor(self, collection):
        for alias in ActorAlias.objects.select_related("actor"):
            mentions = Mention.objects.filter(surface=alias.name, actor__isnull=False)
            assert set(mentions.values_list("actor_id", flat=True)) <= {alias.actor_id}, alias


@pytest.mark.django_db
class TestEvents:
    def test_at_least_25_events_from_1945_to_2017(self, collection):
        events = Event.objects.all()
        assert events.count() >= 25
        years = {event.date.year for event in events}
        assert min(years) <= 1945 and max(years) >= 2017

    @pytest.mark.parametrize(
        "slug, shown",
        [
            ("yalta-conference", "4–11 February 1945"),
            ("soviet-entry-into-the-pacific-war", "9 August 1945"),
            ("london-council-of-foreign-ministers", "11 September – 2 October 1945"),
            ("moscow-conference", "16–26 December 1945"),
            ("soviet-rejection-of-bretton-woods", "December 1945"),
            ("north-korean-land-reform", "5 March 1946"),
            ("joint-commission-opens", "20 March 1946"),
            ("joint-commission-adjourns", "8 May 1946"),
            ("marshall-plan-refusal", "July 1947"),
            ("founding-of-the-dprk", "9 September 1948"),
            ("prc-dprk-diplomatic-relations", "6 October 1949"),
            ("outbreak-of-the-korean-war", "25 June 1950"),
            ("armistice-negotiations", "July 1951 – July 1953"),
            ("death-of-stalin", "5 March 1953"),
            ("council-of-ministers-resolution-1953", "19 March 1953"),
            ("korean-armistice", "27 July 1953"),
            ("soviet-intervention-1956", "1956"),
            ("chinese-withdrawal-1958", "1958"),
            ("dissolution-of-the-soviet-union", "26 December 1991"),
            ("us-china-trade-war", "2017"),
        ],
    )
    def test_dates_as_curated_and_as_precise_as_known(self, collection, slug, shown):
        assert Event.objects.get(slug=slug).display_date == shown

    def test_every_event_is_discussed_in_a_published_text(self, collection):
        in_published = Q(mentions__paragraph__document__status=PUBLISHED) | Q(
            mentions__footnote__document__status=PUBLISHED
        )
        unmentioned = Event.objects.annotate(n=Count("mentions", filter=in_published)).filter(n=0)
        assert list(unmentioned.values_list("slug", flat=True)) == []

    def test_every_event_has_its_actors(self, collection):
        assert not Event.objects.annotate(n=Count("actors")).filter(n=0).exists()
        assert "joseph-stalin" in Event.objects.get(slug="death-of-stalin").actors.values_list(
            "slug", flat=True
        )

    def test_dates_the_texts_give_are_on_the_tagged_words(self, collection):
        """Where the paper writes the date into the words tagged as the event, it is the
        event's date."""
        expected = {
            "death-of-stalin": "5 March 1953",
            "joint-commission-opens": "March 20",
            "joint-commission-adjourns": "May 8",
            "outbreak-of-the-korean-war": "25 June 1950",
            "london-council-of-foreign-ministers": "11 September 1945",
            "soviet-entry-into-the-pacific-war": "August 9",
        }
        for slug, date_words in expected.items():
            surfaces = Mention.objects.filter(event__slug=slug).values_list("surface", flat=True)
            assert any(date_words in surface for surface in surfaces), slug

    def test_the_trade_war_is_the_historians(self, collection):
        mentions = Mention.objects.filter(event__slug="us-china-trade-war")
        assert {m.paragraph.document.slug for m in mentions} == {INTERVIEW}
        assert all("In 2017" in m.paragraph.text for m in mentions)


@pytest.mark.django_db
class TestCrossReferences:
    def test_at_least_twelve_each_joining_the_interview_and_the_paper(self, collection):
        xrefs = CrossReference.objects.select_related("source__document", "target__document")
        assert xrefs.count() >= 12
        for xref in xrefs:
            assert {xref.source.document.slug, xref.target.document.slug} == {INTERVIEW, PAPER}

    def test_each_link_points_at_the_passage_it_quotes(self, collection):
        entries = curated("crossrefs.json")["crossrefs"]
        assert len(entries) == CrossReference.objects.count()
        for entry in entries:
            source = paragraph(entry["source"]["document"], entry["source"]["position"])
            target = paragraph(entry["target"]["document"], entry["target"]["position"])
            assert source.text.startswith(entry["source"]["quote"])
            assert target.text.startswith(entry["target"]["quote"])
            stored = CrossReference.objects.get(source=source, target=target)
            assert (stored.relation, stored.reason) == (entry["relation"], entry["reason"])

    def test_reasons_are_one_line_and_relations_vary(self, collection):
        for xref in CrossReference.objects.all():
            assert xref.reason and "\n" not in xref.reason and len(xref.reason) <= 300
        relations = set(CrossReference.objects.values_list("relation", flat=True))
        assert relations == set(CrossReference.Relation.values)


@pytest.mark.django_db
class TestLoading:
    def counts(self):
        return {
            model.__name__: model.objects.count()
            for model in (Actor, ActorAlias, Event, Event.actors.through, Mention, CrossReference)
        }

    def test_a_second_load_creates_nothing(self, collection):
        before = self.counts()
        call_command("load_collection", verbosity=0, stdout=open("/dev/null", "w"))
        assert self.counts() == before

    def test_a_reimported_text_gets_its_links_back_and_editors_work_survives(self, collection):
        before = self.counts()
        stalin = Actor.objects.get(slug="joseph-stalin")
        stalin.description = "Edited in the admin."
        stalin.save()
        Document.objects.get(slug=INTERVIEW).delete()
        assert self.counts()["CrossReference"] == 0
        call_command("load_collection", verbosity=0, stdout=open("/dev/null", "w"))
        assert self.counts() == before
        assert Actor.objects.get(slug="joseph-stalin").description == "Edited in the admin."

    def test_storing_the_links_takes_a_few_bulk_queries(
        self, collection, django_assert_max_num_queries
    ):
        # Clearing the ground, not the subject: deleted with a few statements (with what
        # cascades from them), not row by row through the signals (6 s on PostgreSQL).
        delete_quietly(Mention, CrossReference, Event, Actor)
        with django_assert_max_num_queries(25):
            linking_curation.apply(collection)
        assert Mention.objects.count() > 500


@pytest.mark.django_db
class TestDrift:
    """Curation that no longer matches the texts stops the load, and nothing is written."""

    @pytest.fixture
    def linking_copy(self, tmp_path, monkeypatch):
        copy = tmp_path / "linking"
        shutil.copytree(LINKING, copy)
        monkeypatch.setattr(linking_curation, "LINKING_DIR", copy)
        return copy

    def edit(self, directory, name, change):
        data = json.loads((directory / name).read_text(encoding="utf-8"))
        change(data)
        (directory / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def assert_load_refused(self, match):
        with pytest.raises(LinkingCurationError, match=match):
            call_command("load_collection", verbosity=0, stdout=open("/dev/null", "w"))
        assert Document.objects.count() == Mention.objects.count() == Actor.objects.count() == 0

    def test_a_fix_whose_words_are_gone(self, linking_copy):
        def change(data):
            data["passages"][PAPER]["p46"][0]["add"] = "the Soviet premier"

        self.edit(linking_copy, "mention_fixes.json", change)
        self.assert_load_refused(f"{PAPER} p46")

    def test_an_exclusion_the_matcher_no_longer_needs(self, linking_copy):
        def change(data):
            data["never_tag"].append({"phrase": "Soviet officials in Moscow", "reason": "test"})

        self.edit(linking_copy, "mention_fixes.json", change)
        self.assert_load_refused("nothing to exclude")

    def test_a_cross_reference_that_points_elsewhere(self, linking_copy):
        def change(data):
            data["crossrefs"][0]["target"]["position"] += 1

        self.edit(linking_copy, "crossrefs.json", change)
        self.assert_load_refused("does not start with")

    def test_fixes_for_a_document_that_does_not_exist(self, linking_copy):
        def change(data):
            data["passages"]["weathersby-soviet-roles"] = data["passages"].pop(PAPER)

        self.edit(linking_copy, "mention_fixes.json", change)
        self.assert_load_refused("weathersby-soviet-roles")

    def test_an_event_with_an_unknown_actor(self, linking_copy):
        def change(data):
            data["events"][0]["actors"].append("winston-churchill")

        self.edit(linking_copy, "events.json", change)
        self.assert_load_refused("winston-churchill")
