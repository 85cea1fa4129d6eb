"""Name forms: what script a name is written in, whether it fits its language tag, how names
are folded for matching, and the variants that rules (not editors) derive from an original script.

Pure: no database. The model (documents/models/actors.py NameForm) and the search
(documents/search/names.py) use it.

Systems generated here, each from a form in the original script:
- Hangul → Revised Romanization, by the `korean-romanizer` package (family and given name
  romanized apart, as RR writes personal names: "Gim Il-seong");
- Han characters → Hanyu Pinyin and Wade–Giles, by `pypinyin` (its WADEGILES style);
- Cyrillic → BGN/PCGN (the English-language press form: Shtykov, Vyacheslav) and the scholarly
  system (ISO/R 9 as Slavists print it: Štykov, Vjačeslav), from the two small tables below:
  the transliteration packages on PyPI each do some third system of their own.
McCune–Reischauer has no rule-based library worth keeping (its voicing and breve rules need
the editor's ear): MR forms are curated only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from documents.search.query import fold

# BCP 47 tag → (label, the script its text must be in)
LANGUAGES = {
    "en": ("English (Latin script)", "Latn"),
    "ko-Hang": ("Korean in Hangul", "Hang"),
    "ko-Hani": ("Korean in Hanja", "Hani"),
    "ko-Latn": ("Korean, romanized", "Latn"),
    "zh-Hans": ("Chinese, simplified characters", "Hani"),
    "zh-Hant": ("Chinese, traditional characters", "Hani"),
    "zh-Latn": ("Chinese, romanized", "Latn"),
    "ru": ("Russian in Cyrillic", "Cyrl"),
    "ru-Latn": ("Russian, transliterated", "Latn"),
}
SCRIPT_NAMES = {"Latn": "Latin", "Hang": "Hangul", "Hani": "Han", "Cyrl": "Cyrillic"}

MR, RR, PINYIN, WADE_GILES = "mr", "rr", "pinyin", "wade-giles"
RU_BGN, RU_SCHOLARLY, CONVENTIONAL = "ru-bgn", "ru-scholarly", "conventional"
SYSTEMS = {
    MR: "McCune–Reischauer",
    RR: "Revised Romanization",
    PINYIN: "Hanyu Pinyin",
    WADE_GILES: "Wade–Giles",
    RU_BGN: "Russian: BGN/PCGN",
    RU_SCHOLARLY: "Russian: scholarly (ISO/R 9)",
    CONVENTIONAL: "Conventional English spelling",
}
# which romanizations belong to which language (a Pinyin "Korean" form is a mistake)
SYSTEM_LANGUAGES = {
    MR: {"ko-Latn"},
    RR: {"ko-Latn"},
    PINYIN: {"zh-Latn"},
    WADE_GILES: {"zh-Latn"},
    RU_BGN: {"ru-Latn"},
    RU_SCHOLARLY: {"ru-Latn"},
    CONVENTIONAL: {"en", "ko-Latn", "zh-Latn", "ru-Latn"},
}


def char_script(char: str) -> str | None:
    """The script of a letter (Latn, Hang, Hani, Cyrl, or 'other'); None for anything else."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if name.startswith("LATIN"):
        return "Latn"
    if name.startswith("HANGUL"):
        return "Hang"
    if name.startswith("CJK UNIFIED IDEOGRAPH") or name.startswith("CJK COMPATIBILITY IDEOGRAPH"):
        return "Hani"
    if name.startswith("CYRILLIC"):
        return "Cyrl"
    return "other"


def scripts_of(text: str) -> set[str]:
    return {script for script in map(char_script, text) if script}


def problems(text: str, language: str, system: str = "") -> dict[str, list[str]]:
    """What is wrong with a name form, field by field, as sentences an editor can act on."""
    found: dict[str, list[str]] = {}
    if language not in LANGUAGES:
        found["language"] = [
            f"“{language}” is not one of the language tags used here: {', '.join(LANGUAGES)}."
        ]
        return found
    label, script = LANGUAGES[language]
    scripts = scripts_of(text)
    if not scripts:
        found["text"] = ["A name form needs at least one letter."]
    elif scripts != {script}:
        wrong = ", ".join(SCRIPT_NAMES.get(s, "other") for s in sorted(scripts - {script}))
        found["text"] = [
            f"“{text}” is tagged {language} ({label}), which is written in "
            f"{SCRIPT_NAMES[script]} script, but it contains {wrong} letters."
        ]
    if system:
        if script != "Latn":
            found["system"] = [
                f"A romanization system belongs only to a form in Latin letters; "
                f"{language} ({label}) is not one: leave the system empty."
            ]
        elif system not in SYSTEMS:
            found["system"] = [f"“{system}” is not a known romanization system."]
        elif language not in SYSTEM_LANGUAGES[system]:
            found["system"] = [f"{SYSTEMS[system]} does not romanize {label}."]
    return found


def fold_name(text: str) -> str:
    """The key two spellings of a name share when they differ only by case, diacritics and
    breves, hyphens, apostrophes or spacing: 'Pak Hŏn-yŏng', 'Pak Hon-yong', 'PAK HONYONG' →
    'pakhonyong'. The one place names are folded for matching."""
    return "".join(char for char in fold(unicodedata.normalize("NFKC", text)) if char.isalnum())


# -- generated variants --------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    text: str
    language: str
    system: str
    family: str = ""
    given: str = ""


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _korean_rr(hangul: str) -> str:
    from korean_romanizer.romanizer import Romanizer

    return Romanizer(hangul).romanize()


def romanize_korean(family: str, given: str) -> list[Variant]:
    """Revised Romanization of a Korean personal name given in Hangul, family name first:
    'Gim Il-seong' (RR's hyphen between the given name's syllables) and 'Gim Ilseong'."""
    if not family or not given or scripts_of(family + given) != {"Hang"}:
        return []
    family_rr = _cap(_korean_rr(family))
    syllables = [_korean_rr(syllable) for syllable in given]
    joined = _cap("".join(syllables))
    hyphened = _cap("-".join(syllables))
    variants = [Variant(f"{family_rr} {hyphened}", "ko-Latn", RR, family_rr, hyphened)]
    if joined != hyphened:
        variants.append(Variant(f"{family_rr} {joined}", "ko-Latn", RR, family_rr, joined))
    return variants


def romanize_chinese(family: str, given: str) -> list[Variant]:
    """Pinyin ('Mao Zedong') and Wade–Giles ('Mao Tse-tung') of a Chinese name in characters."""
    if not family or not given or scripts_of(family + given) != {"Hani"}:
        return []
    from pypinyin import Style, lazy_pinyin

    variants = []
    for system, convert, joiner in ((PINYIN, str, ""), (WADE_GILES, _wade_giles, "-")):
        family_latin = _cap("".join(map(convert, lazy_pinyin(family, style=Style.NORMAL))))
        given_latin = _cap(joiner.join(map(convert, lazy_pinyin(given, style=Style.NORMAL))))
        variants.append(
            Variant(f"{family_latin} {given_latin}", "zh-Latn", system, family_latin, given_latin)
        )
    return variants


def _wade_giles(syllable: str) -> str:
    """One Pinyin syllable in Wade–Giles, looked up whole in pypinyin's table: its own
    WADEGILES style replaces substrings and turns 'lai' into 'lei' (Zhou Enlai → 'Chou En-lei')."""
    from pypinyin.style.wadegiles import _convert_table

    table = {}
    for pinyin, wade_giles in _convert_table:
        table.setdefault(pinyin, wade_giles)
    return table.get(syllable, syllable)


_BGN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e ë zh z i y k l m n o p r s t u f kh ts ch sh shch ʺ y ʹ e yu ya".split(),
        strict=True,
    )
)
_BGN.update({"ё": "yo", "ъ": "", "ь": ""})  # the common simplification in English prose
_SCHOLARLY = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e ë ž z i j k l m n o p r s t u f x c č š šč ʺ y ʹ è ju ja".split(),
        strict=True,
    )
)
_SCHOLARLY.update({"х": "ch", "ъ": "", "ь": ""})  # Slavists' ch for х; hard/soft signs dropped


def _transliterate(text: str, table: dict[str, str]) -> str:
    out = []
    for char in text:
        lower = char.lower()
        if lower in table:
            latin = table[lower]
            out.append(_cap(latin) if char != lower else latin)
        else:
            out.append(char)
    return "".join(out)


def transliterate_russian(text: str, family: str = "", given: str = "") -> list[Variant]:
    """BGN/PCGN ('Shtykov', 'Kim Ir Sen') and scholarly ('Štykov') forms of a Cyrillic name."""
    if scripts_of(text) != {"Cyrl"}:
        return []
    return [
        Variant(
            _transliterate(text, table),
            "ru-Latn",
            system,
            _transliterate(family, table),
            _transliterate(given, table),
        )
        for system, table in ((RU_BGN, _BGN), (RU_SCHOLARLY, _SCHOLARLY))
    ]


SPLIT = re.compile(r"\s+")


def generate(text: str, language: str, family: str = "", given: str = "") -> list[Variant]:
    """The rule-derived Latin forms of one original-script form ([] where no rule applies)."""
    if language == "ko-Hang":
        return romanize_korean(family, given)
    if language in ("zh-Hans", "zh-Hant"):
        return romanize_chinese(family, given)
    if language == "ru":
        return transliterate_russian(text, family, given)
    return []
