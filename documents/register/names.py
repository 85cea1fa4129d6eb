"""An actor's name forms as the register shows them: grouped by script, each with its language
tag (for the `lang` attribute), its romanization system and whether a rule or an editor wrote
it; and the register filtered by any form of a name."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from documents.linking.names import LANGUAGES, SCRIPT_NAMES, SYSTEMS, fold_name

SCRIPT_ORDER = ["Latn", "Hang", "Hani", "Cyrl"]


@dataclass
class ScriptGroup:
    script: str  # ISO 15924 code
    label: str  # "Hangul"
    forms: list = field(default_factory=list)


def grouped_forms(forms) -> list[ScriptGroup]:
    """Name forms grouped by script (Latin first, then Hangul, Han, Cyrillic), the preferred
    form first, editors' forms before generated ones; each form gets `language_label` and
    `system_label`."""
    groups = {code: ScriptGroup(code, SCRIPT_NAMES[code]) for code in SCRIPT_ORDER}
    for form in sorted(forms, key=lambda f: (not f.preferred, f.generated, f.language, f.text)):
        form.language_label = LANGUAGES.get(form.language, (form.language, ""))[0]
        form.system_label = SYSTEMS.get(form.system, "")
        groups[form.script].forms.append(form)
    return [group for group in groups.values() if group.forms]


def name_filter(text: str) -> Q:
    """Actors any of whose names contains `text`, however it is spelt: a name form (folded:
    'Kim Ilsung', 'kim il-sŭng' and 'Kim Il Sung' alike), the register's name or an alias."""
    key = fold_name(text)
    found = Q(name__icontains=text) | Q(aliases__name__icontains=text)
    if key:
        found |= Q(name_forms__folded__contains=key)
    return found
