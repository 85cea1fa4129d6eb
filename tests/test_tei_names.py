"""The TEI export carries each actor's name forms with their language tags: <persName xml:lang>
in the listPerson (family and given name as <surname>/<forename>), <orgName xml:lang> in the
listOrg, generated forms marked so, and the whole still valid against tei_all."""

import pytest
from lxml import etree

from .test_tei import INTERVIEW, NS, PAPER, by_id, exported, t, tei_schema  # noqa: F401

pytestmark = pytest.mark.django_db

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def paper(exported):  # noqa: F811
    return etree.fromstring(exported["xml"][PAPER])


def forms(element, name):
    return {
        (e.get(XML_LANG), "".join(e.itertext()), e.get("type"), e.get("subtype"))
        for e in element.findall(f"t:{name}", NS)
        if e.get(XML_LANG)
    }


def test_still_valid_against_tei_all(tei_schema, exported):  # noqa: F811
    for slug in (PAPER, INTERVIEW):
        document = etree.fromstring(exported["xml"][slug])
        assert tei_schema.validate(document), tei_schema.error_log


def test_a_person_with_forms_in_every_script(paper):
    kim = by_id(paper, "actor-kim-il-sung")
    found = forms(kim, "persName")
    assert ("ko-Hang", "김일성", "variant", None) in found
    assert ("ko-Hani", "金日成", "variant", None) in found
    assert ("ru", "Ким Ир Сен", "variant", None) in found
    assert ("ko-Latn", "Kim Il-sŏng", "variant", "mr") in found
    assert ("ko-Latn", "Gim Il-seong", "generated", "rr") in found
    assert "Kim Il Sung" in kim.xpath("t:persName[@type='main']/text()", namespaces=NS)


def test_family_and_given_name_are_marked(paper):
    kim = by_id(paper, "actor-kim-il-sung")
    (hangul,) = [e for e in kim.findall("t:persName", NS) if e.get(XML_LANG) == "ko-Hang"]
    assert hangul.findtext("t:surname", namespaces=NS) == "김"
    assert hangul.findtext("t:forename", namespaces=NS) == "일성"
    (russian,) = [e for e in kim.findall("t:persName", NS) if e.get(XML_LANG) == "ru"]
    assert "".join(russian.itertext()) == "Ким Ир Сен"  # the space kept between the parts


def test_a_body_with_its_names(paper):
    ussr = by_id(paper, "actor-soviet-union")
    found = forms(ussr, "orgName")
    assert ("ru", "СССР", "variant", None) in found and (
        "ko-Hang",
        "소련",
        "variant",
        None,
    ) in found
