"""The TEI export (/documents/<slug>.tei.xml): valid TEI P5, the exact wording, every note at
its anchor with its references as data, mentions pointing into a register, drafts hidden.

Validity is checked with lxml against TEI's tei_all RELAX NG schema, which stays beside the
project (../shared/tei/tei_all.rng) and is not copied into it. libxml2 cannot compile two of
its element definitions in any reasonable time (with listPrefixDef or rdgGrp in, the compile
had not finished after 15 minutes; without them it takes about 4 s; TEIC/TEI#655 reports
libxml2 hanging on tei_all since 2008), so those two definitions are
replaced by <notAllowed/> before compiling. That only forbids the two elements, which the
export never writes: a document valid against this schema is valid against tei_all itself.
"""

import functools
import re
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import etree

from citations.models import Citation
from documents.models import Actor, Document, Footnote, Mention, Paragraph

from . import curated

TEI_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "tei" / "tei_all.rng"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": TEI_NS}
UNCOMPILABLE = {"listPrefixDef", "rdgGrp"}  # see the module's docstring
EMPHASIS = re.compile(r"\*([^*\n]+)\*")

PAPER = "weathersby-soviet-role"
INTERVIEW = "shen-zhihua-interview"


def t(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


@pytest.fixture(scope="module")
def tei_schema():
    if not TEI_SCHEMA.exists():
        pytest.skip(f"the TEI schema is not at {TEI_SCHEMA} (it stays outside the project)")
    return compiled_tei_schema()


@functools.cache
def compiled_tei_schema() -> etree.RelaxNG:
    """Compiled once per process (about 4 s; test_tei_names validates against it too)."""
    tree = etree.parse(str(TEI_SCHEMA))
    for define in tree.getroot().iter(f"{{{RNG_NS}}}define"):
        if define.get("name") in UNCOMPILABLE:
            for child in list(define):
                define.remove(child)
            etree.SubElement(define, f"{{{RNG_NS}}}notAllowed")
    return etree.RelaxNG(tree)


@pytest.fixture(scope="module")
def exported(django_db_setup, django_db_blocker):
    """Both texts exported once, with what the database holds about them (plain data), and the
    number of queries each export took, read from the session's committed collection."""
    with django_db_blocker.unblock():
        curated.committed()  # the session's copy (curated.py), before the rolled-back changes
    with django_db_blocker.unblock(), transaction.atomic():
        client = Client()
        result = {"xml": {}, "queries": {}}
        for slug in (PAPER, INTERVIEW):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/documents/{slug}.tei.xml")
            assert response.status_code == 200
            assert response["Content-Type"] == "application/tei+xml; charset=utf-8"
            result["xml"][slug] = response.content
            result["queries"][slug] = len(queries)
        result["paragraphs"] = {
            (p.document.slug, p.position): (
                p.text,
                [(r.offset, r.footnote.number) for r in p.note_refs.all()],
            )
            for p in Paragraph.objects.select_related("document").prefetch_related(
                "note_refs__footnote"
            )
        }
        result["notes"] = {
            (n.document.slug, n.number): n.text for n in Footnote.objects.select_related("document")
        }
        result["mentions"] = [
            (
                (m.paragraph or m.footnote).document.slug,
                ("p", m.paragraph.position) if m.paragraph else ("fn", m.footnote.number),
                m.surface,
                f"#actor-{m.actor.slug}" if m.actor else f"#event-{m.event.slug}",
                m.actor.kind if m.actor else "event",
            )
            for m in Mention.objects.select_related(
                "actor", "event", "paragraph__document", "footnote__document"
            )
        ]
        transaction.set_rollback(True)
    return result


@pytest.fixture(scope="module")
def paper(exported):
    return etree.fromstring(exported["xml"][PAPER])


@pytest.fixture(scope="module")
def interview(exported):
    return etree.fromstring(exported["xml"][INTERVIEW])


def unemphasised(text: str, end: int | None = None) -> str:
    """The text as the export writes it: the source's *emphasis* asterisks left out."""
    hidden = {i for m in EMPHASIS.finditer(text) for i in (m.start(), m.end() - 1)}
    return "".join(c for i, c in enumerate(text[:end]) if i not in hidden)


def own_text(element, skip=("note", "listBibl")) -> str:
    """The element's text without the notes inside it (or a note's references)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in {t(name) for name in skip}:
            parts.append(own_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def text_before(container, target) -> str:
    """The text of `container` (notes left out) that precedes `target` in reading order."""
    parts = []

    def walk(element):
        if element is target:
            raise StopIteration
        parts.append(element.text or "")
        for child in element:
            if child is target or child.tag != t("note"):
                walk(child)
            parts.append(child.tail or "")

    try:
        walk(container)
    except StopIteration:
        return "".join(parts)
    raise AssertionError("target not inside container")


def by_id(root, value):
    (element,) = root.xpath("//*[@xml:id=$v]", v=value)
    return element


class TestValidity:
    @pytest.mark.parametrize("slug", [PAPER, INTERVIEW])
    def test_valid_against_tei_all(self, tei_schema, exported, slug):
        document = etree.fromstring(exported["xml"][slug])
        assert tei_schema.validate(document), tei_schema.error_log

    def test_the_schema_rejects_what_tei_does_not_allow(self, tei_schema, exported):
        """The check is real: an attribute TEI does not know on a bibl is refused."""
        document = etree.fromstring(exported["xml"][PAPER])
        document.find(".//t:bibl", NS).set("cert", "low")
        assert not tei_schema.validate(document)

    def test_declares_utf8_and_the_tei_namespace(self, exported, paper):
        assert exported["xml"][PAPER].startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
        assert paper.tag == t("TEI")
        assert paper.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"

    @pytest.mark.parametrize("slug", [PAPER, INTERVIEW])
    def test_every_pointer_leads_somewhere(self, exported, slug):
        root = etree.fromstring(exported["xml"][slug])
        ids = set(root.xpath("//@xml:id"))
        pointers = root.xpath("//@ref | //@target | //@corresp | //@sameAs | //@who")
        local = [p for p in pointers if p.startswith("#")]
        assert local
        assert {p[1:] for p in local} <= ids
        # A published work's address online (<bibl><ptr target>) is the one pointer that
        # leaves the site: https only (tests/test_outlinks.py).
        outside = set(root.xpath("//t:bibl/t:ptr/@target", namespaces=NS))
        assert all(p.startswith("https://") for p in outside)
        assert all(p.startswith(("#", "http://testserver/")) for p in pointers if p not in outside)


class TestHeader:
    def test_title_author_and_edition(self, paper):
        header = paper.find("t:teiHeader/t:fileDesc", NS)
        assert header.findtext("t:titleStmt/t:title", namespaces=NS) == (
            "US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea"
        )
        assert header.findtext("t:titleStmt/t:author", namespaces=NS) == "Kathryn Weathersby"
        assert header.findtext("t:publicationStmt/t:idno[@type='URI']", namespaces=NS) == (
            f"http://testserver/documents/{PAPER}/"
        )

    def test_source_description_says_only_what_is_known(self, paper):
        source = paper.find("t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl", NS)
        assert source.findtext("t:author", namespaces=NS) == "Kathryn Weathersby"
        assert source.findtext("t:orgName[@type='affiliation']", namespaces=NS) == (
            "Georgetown University"
        )
        # Neither the journal nor the date is printed in the text: nothing is invented.
        assert source.find("t:date", NS) is None
        assert source.find("t:title[@level='j']", NS) is None

    def test_keywords_and_abstract(self, paper):
        terms = paper.xpath("//t:keywords/t:term/text()", namespaces=NS)
        assert terms == [
            "Postwar Occupation",
            "Trusteeship",
            "Kim Il Sung",
            "Armistice Negotiations",
            "Juche",
        ]
        abstract = paper.find("t:text/t:front/t:div[@type='abstract']/t:p", NS)
        assert own_text(abstract).startswith("This paper examines some of the ways")

    def test_interview_speakers_and_interviewee(self, interview):
        people = interview.find(".//t:profileDesc/t:particDesc/t:listPerson", NS)
        assert people.xpath("t:person/@xml:id", namespaces=NS) == [
            "speaker-historian",
            "speaker-interviewer",
        ]
        assert by_id(interview, "speaker-historian").findtext("t:persName", namespaces=NS) == (
            "Shen Zhihua"
        )
        source = interview.find(".//t:sourceDesc/t:bibl", NS)
        assert source.findtext("t:respStmt/t:persName", namespaces=NS) == "Shen Zhihua"


class TestText:
    @pytest.mark.parametrize("slug", [PAPER, INTERVIEW])
    def test_every_paragraph_with_its_exact_wording(self, exported, slug):
        root = etree.fromstring(exported["xml"][slug])
        expected = {
            pos: text for (s, pos), (text, _) in exported["paragraphs"].items() if s == slug
        }
        found = {int(p.get("n")): p for p in root.iterfind(".//t:body//t:p", NS)}
        assert sorted(found) == sorted(expected)
        for position, p in found.items():
            assert p.get(XML_ID) == f"p-{position}"
            assert own_text(p) == unemphasised(expected[position])

    def test_sections_with_their_headings(self, paper):
        heads = paper.xpath("//t:body/t:div[@type='section']/t:head/text()", namespaces=NS)
        assert heads[:2] == ["Introduction", "The Division of Korea"]
        assert paper.xpath("//t:body/t:div/@xml:id", namespaces=NS)[:2] == ["s-1", "s-2"]

    def test_emphasis_is_italic_not_asterisks(self, paper):
        note = by_id(paper, "fn-1")
        assert note.findtext("t:hi[@rend='italic']", namespaces=NS) == (
            "The Reluctant Crusade: American Foreign Policy in Korea, 1941–1950"
        )
        assert "*" not in "".join(paper.find("t:text", NS).itertext())

    def test_every_note_at_its_anchor_with_its_exact_text(self, exported, paper):
        anchored = 0
        for (slug, position), (text, refs) in exported["paragraphs"].items():
            if slug != PAPER:
                continue
            p = by_id(paper, f"p-{position}")
            for offset, number in refs:
                note = by_id(paper, f"fn-{number}")
                assert note.getparent() is p or p in note.iterancestors()
                assert text_before(p, note) == unemphasised(text, offset)
                assert note.get("n") == str(number) and note.get("place") == "end"
                assert own_text(note) == unemphasised(exported["notes"][(PAPER, number)])
                anchored += 1
        assert anchored == 58
        assert len(paper.findall(".//t:note[@place='end']", NS)) == 58

    def test_interview_turns_carry_their_speaker(self, interview):
        turns = interview.findall(".//t:body//t:sp", NS)
        assert len(turns) == len(interview.findall(".//t:body//t:p", NS))
        speakers = {sp.get("who") for sp in turns}
        assert speakers == {"#speaker-interviewer", "#speaker-historian"}
        historian = next(sp for sp in turns if sp.get("who") == "#speaker-historian")
        assert historian.findtext("t:speaker", namespaces=NS) == "Shen Zhihua"


class TestMentions:
    @pytest.mark.parametrize("slug", [PAPER, INTERVIEW])
    def test_each_mention_is_named_with_a_reference(self, exported, slug):
        root = etree.fromstring(exported["xml"][slug])
        names = {"person": "persName", "event": "rs"}
        mentions = [m for m in exported["mentions"] if m[0] == slug]
        assert mentions
        for _, (prefix, number), surface, ref, kind in mentions:
            passage = by_id(root, f"{prefix}-{number}")
            element = names.get(kind, "orgName")
            found = [
                own_text(e)
                for e in passage.iter(t(element))
                if e.get("ref") == ref
                and (prefix == "fn" or next(e.iterancestors(t("note")), None) is None)
            ]
            assert unemphasised(surface) in found, (prefix, number, surface)

    def test_the_register_describes_who_and_what_is_named(self, paper):
        stalin = by_id(paper, "actor-joseph-stalin")
        assert stalin.tag == t("person")
        names = stalin.xpath("t:persName/text()", namespaces=NS)
        assert names[0] == "Joseph Stalin" and "Filippov" in names
        assert stalin.findtext("t:idno[@type='URI']", namespaces=NS) == (
            "http://testserver/actors/joseph-stalin/"
        )
        assert by_id(paper, "actor-soviet-union").tag == t("org")
        conference = by_id(paper, "event-moscow-conference")
        assert conference.tag == t("event") and conference.get("from", conference.get("when"))


class TestReferences:
    def bibls(self, root, number):
        return by_id(root, f"fn-{number}").findall("t:listBibl/t:bibl", NS)

    def test_an_archival_reference_as_data(self, paper):
        (malik,) = self.bibls(paper, 14)
        assert malik.get("type") == "archival"
        address = {i.get("type"): i.text for i in malik.findall("t:idno", NS)}
        assert address == {"fond": "0102", "opis": "1", "delo": "15", "papka": "1"}
        archive = malik.find("t:orgName[@type='archive']", NS)
        assert (archive.text, archive.get("ref")) == ("AVPRF", "#archive-avprf")
        assert malik.findtext("t:citedRange[@unit='leaf']", namespaces=NS) == "ll. 18–21"
        assert malik.find("t:date", NS).get("when") == "1945-12-10"
        avprf = by_id(paper, "archive-avprf")
        assert avprf.xpath("t:orgName/text()", namespaces=NS)[:2] == ["AVPRF", "АВПРФ"]

    def test_a_published_reference_as_data(self, paper):
        matray = self.bibls(paper, 1)[0]
        assert matray.get("type") == "book"
        assert matray.findtext("t:author/t:persName/t:surname", namespaces=NS) == "Matray"
        assert matray.findtext("t:title[@level='m']", namespaces=NS).startswith(
            "The Reluctant Crusade"
        )
        assert matray.find("t:date", NS).get("when") == "1985"
        assert matray.findtext("t:citedRange", namespaces=NS) == "pp. 75–98"

    def test_ibid_points_at_what_it_repeats(self, paper):
        (ibid,) = self.bibls(paper, 16)
        assert ibid.get("type") == "ibid"
        assert ibid.get("corresp") == "#fn-15-ref-1"
        assert by_id(paper, "fn-15-ref-1").getparent().getparent().get(XML_ID) == "fn-15"
        (remark,) = [b for b in self.bibls(paper, 53)]
        assert remark.findtext("t:note[@type='remark']", namespaces=NS) == (
            "Translation by the author."
        )

    @pytest.mark.parametrize("number", [35, 36, 37, 38])
    def test_cited_in_keeps_the_file_and_the_thesis(self, paper, number):
        (reference,) = self.bibls(paper, number)
        assert reference.find("t:orgName", NS).get("ref") == "#archive-tsamo"
        thesis = reference.find("t:relatedItem[@type='citedIn']/t:bibl", NS)
        assert thesis.get("type") == "thesis"

    def test_explanatory_and_quoted_notes_are_marked_not_forced(self, paper):
        for number in (30, 31, 34):
            note = by_id(paper, f"fn-{number}")
            assert note.get("type") == "explanatory"
            assert note.find("t:listBibl", NS) is None
        assert by_id(paper, "fn-23").get("type") == "quoted-document"


@pytest.mark.django_db
class TestAccess:
    @pytest.fixture
    def draft(self):
        from documents.texts.importer import import_bytes

        document, _ = import_bytes(
            "A title with <b> & “quotes”\n\nA paragraph with </p><evil/> & \x0b a control "
            "character, *emphasis* and a note.¹\n\nNotes\n\n1. A note with ]]> in it.\n".encode(),
            slug="a-draft",
            kind="article",
            filename="draft.txt",
        )
        return document

    def test_a_draft_is_not_found_by_the_public(self, client, draft):
        assert client.get("/documents/a-draft.tei.xml").status_code == 404

    def test_staff_export_drafts_and_markup_in_the_text_is_escaped(self, editor_client, draft):
        response = editor_client.get("/documents/a-draft.tei.xml")
        assert response.status_code == 200
        root = etree.fromstring(response.content)
        (p,) = root.iterfind(".//t:body//t:p", NS)
        assert (
            own_text(p)
            == "A paragraph with </p><evil/> &  a control character, emphasis and a note."
        )
        assert root.find(".//t:evil", NS) is None
        assert own_text(by_id(root, "fn-1")) == "A note with ]]> in it."

    def test_as_many_queries_for_a_one_note_text_as_for_the_paper(
        self, client, exported, draft, settings
    ):
        """The paper has 58 notes, about 80 references and hundreds of mentions: the export
        reads them in the same fixed number of queries as a text with one of each."""
        settings.PAGE_CACHE = False  # the export's own queries, not a cached copy
        Document.objects.filter(pk=draft.pk).update(status=Document.Status.PUBLISHED)
        actor = Actor.objects.create(slug="a-person", name="A Person")
        paragraph = draft.paragraphs.get()
        Mention.objects.create(
            paragraph=paragraph, start=2, end=11, surface="paragraph", actor=actor
        )
        url = "/documents/a-draft.tei.xml"
        with CaptureQueriesContext(connection) as first:
            assert client.get(url).status_code == 200  # rendered and stored
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200  # read as stored
        # The paper's export in the module's fixture was read as stored too (the collection
        # is rendered when it is loaded): the same queries for one note as for 58.
        assert len(queries) == exported["queries"][PAPER]
        assert len(first) <= 16

    def test_an_unknown_document_is_not_found(self, client, db):
        assert client.get("/documents/no-such-text.tei.xml").status_code == 404


@pytest.mark.django_db
class TestWhatAnIbidRepeats:
    """An Ibid.'s original is found among the document's own citations (already read), not
    joined in again for every citation (33 tables)."""

    def export(self):
        from citations.tei.export import export_queryset, tei_document

        with CaptureQueriesContext(connection) as queries:
            root = etree.fromstring(tei_document(export_queryset(None).get(slug=PAPER)))
        return root, len(queries)

    def ibid_16(self, root):
        (ibid,) = by_id(root, "fn-16").findall("t:listBibl/t:bibl", NS)
        return ibid

    def test_the_papers_ibids_cost_no_query(self, collection):
        root, queries = self.export()
        assert self.ibid_16(root).get("corresp") == "#fn-15-ref-1"
        Citation.objects.filter(footnote__document__slug=PAPER).update(ibid_of=None)
        assert self.export()[1] == queries  # the same with no Ibid. linked at all

    def test_an_ibid_of_another_texts_reference_is_read_in_one_query(self, collection):
        _, queries = self.export()
        interview = Document.objects.get(slug=INTERVIEW)
        note = Footnote.objects.create(document=interview, number=99, text="Elsewhere.")
        elsewhere = Citation.objects.create(
            footnote=note, position=1, kind=Citation.Kind.EXPLANATORY
        )
        Citation.objects.filter(footnote__document__slug=PAPER, kind=Citation.Kind.IBID).update(
            ibid_of=elsewhere
        )
        root, after = self.export()
        assert after <= queries + 1
        ibid = self.ibid_16(root)  # (a link within the paper's TEI only)
        assert ibid.get("corresp") is None and ibid.text == "Ibid."
