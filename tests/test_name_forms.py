"""Name forms as data: each actor's names in any script and romanization, checked against
their language tag, curated where the editors are sure and generated where a rule exists."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from documents.linking import names
from documents.linking.curated import LINKING_DIR, LinkingCurationError, load_curation
from documents.models import Actor, NameForm


def forms_of(slug):
    return {
        (form.text, form.language, form.system, form.generated)
        for form in NameForm.objects.filter(actor__slug=slug)
    }


class TestScriptsAndTags:
    @pytest.mark.parametrize(
        "text, language",
        [
            ("김일성", "ko-Hang"),
            ("金日成", "ko-Hani"),
            ("毛泽东", "zh-Hans"),
            ("毛澤東", "zh-Hant"),
            ("Штыков", "ru"),
            ("Štykov", "ru-Latn"),
            ("Pak Hŏn-yŏng", "ko-Latn"),
            ("Workers’ Party of Korea", "en"),
        ],
    )
    def test_a_form_in_its_own_script_is_accepted(self, text, language):
        assert names.problems(text, language) == {}

    @pytest.mark.parametrize(
        "text, language, said",
        [
            ("Kim Il Sung", "ko-Hang", "contains Latin letters"),
            ("김일성", "ko-Hani", "contains Hangul letters"),
            ("Stalin", "ru", "contains Latin letters"),
            ("Сталин", "ru-Latn", "contains Cyrillic letters"),
            ("毛泽东", "en", "contains Han letters"),
        ],
    )
    def test_a_form_in_the_wrong_script_is_refused_saying_why(self, text, language, said):
        message = " ".join(names.problems(text, language)["text"])
        assert said in message and language in message

    def test_a_romanization_system_only_on_latin_forms_of_its_language(self):
        assert (
            "only to a form in Latin letters"
            in names.problems("김일성", "ko-Hang", "rr")["system"][0]
        )
        assert "does not romanize" in names.problems("Mao Zedong", "ko-Latn", "pinyin")["system"][0]
        assert names.problems("Mao Zedong", "zh-Latn", "pinyin") == {}


class TestFolding:
    @pytest.mark.parametrize(
        "spellings",
        [
            ["Pak Hon-yong", "Pak Hŏn-yŏng", "Pak Honyong", "PAK HON YONG"],
            ["Kim Il Sung", "Kim Il-sung", "Kim Ilsung", "kim il-sŭng"],
            ["P'eng Te-huai", "Peng Te-huai", "P’eng Tehuai"],
        ],
    )
    def test_spellings_differing_by_breves_hyphens_apostrophes_spaces_fold_alike(self, spellings):
        assert len({names.fold_name(spelling) for spelling in spellings}) == 1

    def test_different_names_stay_apart(self):
        assert names.fold_name("Kim Il Sung") != names.fold_name("Kim Jong-un")
        assert names.fold_name("Shtykov") != names.fold_name("Štykov")  # two systems, two keys


class TestGenerated:
    def test_revised_romanization_from_hangul(self):
        [hyphened, *_] = names.generate("박헌영", "ko-Hang", "박", "헌영")
        assert (hyphened.text, hyphened.system) == ("Bak Heon-yeong", names.RR)
        assert (hyphened.family, hyphened.given) == ("Bak", "Heon-yeong")

    def test_pinyin_and_wade_giles_from_characters(self):
        texts = {v.system: v.text for v in names.generate("周恩来", "zh-Hans", "周", "恩来")}
        assert texts == {names.PINYIN: "Zhou Enlai", names.WADE_GILES: "Chou En-lai"}

    def test_russian_transliterations_from_cyrillic(self):
        texts = {v.system: v.text for v in names.generate("Вячеслав Молотов", "ru", "Молотов")}
        assert texts == {
            names.RU_BGN: "Vyacheslav Molotov",
            names.RU_SCHOLARLY: "Vjačeslav Molotov",
        }

    def test_no_rule_no_variant(self):
        assert names.generate("Kim Il Sung", "en", "Kim", "Il Sung") == []
        assert names.generate("金日成", "ko-Hani", "金", "日成") == []  # Hanja: no Korean reading


@pytest.mark.django_db
class TestModel:
    def test_clean_refuses_the_wrong_script_on_the_text_field(self, collection):
        form = NameForm(actor=Actor.objects.get(slug="kim-il-sung"), text="Kim", language="ru")
        with pytest.raises(ValidationError) as error:
            form.full_clean()
        assert "Cyrillic" in str(error.value.message_dict["text"])

    def test_one_preferred_form_per_actor(self, collection):
        actor = Actor.objects.get(slug="kim-il-sung")
        with pytest.raises(IntegrityError), transaction.atomic():
            NameForm.objects.create(actor=actor, text="Kim Il-song", language="en", preferred=True)

    def test_saving_keeps_the_folded_key(self, collection):
        actor = Actor.objects.get(slug="kim-koo")
        form = NameForm.objects.create(actor=actor, text="Kim Gu", language="ko-Latn", system="rr")
        assert form.folded == "kimgu"


@pytest.mark.django_db
class TestCurated:
    def test_original_scripts_where_the_editors_are_sure(self, collection):
        kim = forms_of("kim-il-sung")
        assert {("김일성", "ko-Hang", "", False), ("金日成", "ko-Hani", "", False)} <= kim
        assert ("Ким Ир Сен", "ru", "", False) in kim
        assert ("Kim Il-sŏng", "ko-Latn", names.MR, False) in kim
        assert ("毛泽东", "zh-Hans", "", False) in forms_of("mao-zedong")
        assert ("Штыков", "ru", "", False) in forms_of("terentii-shtykov")

    def test_generated_forms_are_marked_and_editors_forms_win(self, collection):
        kim = forms_of("kim-il-sung")
        assert ("Gim Il-seong", "ko-Latn", names.RR, True) in kim
        assert ("Kim Ir Sen", "ru-Latn", names.RU_BGN, True) in kim
        mao = forms_of("mao-zedong")
        # Pinyin and Wade–Giles come from 毛泽东, but the editors listed both: theirs stay
        assert ("Mao Zedong", "zh-Latn", names.PINYIN, False) in mao
        assert ("Mao Tse-tung", "zh-Latn", names.WADE_GILES, False) in mao
        assert not any(generated for *_, generated in mao)

    def test_every_curated_form_says_its_basis_and_one_is_preferred(self, collection):
        for actor in Actor.objects.filter(name_forms__isnull=False).distinct():
            forms = list(actor.name_forms.all())
            assert all(form.basis.strip() for form in forms), actor
            preferred = [form.text for form in forms if form.preferred]
            assert preferred == [actor.name], actor

    def test_the_most_mentioned_persons_and_the_named_bodies_have_forms(self, collection):
        named = set(Actor.objects.filter(name_forms__isnull=False).values_list("slug", flat=True))
        persons = (
            Actor.objects.filter(kind=Actor.Kind.PERSON, mentions__isnull=False)
            .distinct()
            .order_by()
        )
        from django.db.models import Count

        top = persons.annotate(n=Count("mentions")).order_by("-n", "slug")[:25]
        missing = [actor.slug for actor in top if actor.slug not in named]
        assert missing == []
        bodies = {"workers-party-of-korea", "soviet-civil-administration", "soviet-union"}
        assert bodies <= named

    def test_a_form_in_the_wrong_script_stops_the_fixture(self, tmp_path):
        for path in LINKING_DIR.glob("*.json"):
            (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        data = json.loads((tmp_path / "name_forms.json").read_text(encoding="utf-8"))
        data["actors"][0]["forms"].append({"text": "Kim Il Sung", "language": "ko-Hang"})
        (tmp_path / "name_forms.json").write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(LinkingCurationError, match="contains Latin letters"):
            load_curation(tmp_path)


@pytest.mark.django_db
def test_a_database_loaded_before_name_forms_gets_them_on_the_next_load(collection):
    import os

    from django.core.management import call_command

    NameForm.objects.all().delete()
    with open(os.devnull, "w") as devnull:
        call_command("load_collection", verbosity=0, stdout=devnull)
    assert ("김일성", "ko-Hang", "", False) in forms_of("kim-il-sung")
    assert ("Gim Il-seong", "ko-Latn", names.RR, True) in forms_of("kim-il-sung")
    edited = NameForm.objects.filter(actor__slug="kim-koo")
    edited.exclude(preferred=True).delete()  # an editor removed forms: the next load keeps that
    with open(os.devnull, "w") as devnull:
        call_command("load_collection", verbosity=0, stdout=devnull)
    assert [form.text for form in edited] == ["Kim Koo"]
