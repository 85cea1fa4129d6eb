"""A pinpoint's unit is named in one table: abbreviated, spelled out, for CSL and for TEI."""

import pytest

from citations.models import format_pinpoint, unit_words


@pytest.mark.parametrize(
    ("value", "unit", "abbreviated", "spelled"),
    [
        ("75–98", "page", "pp. 75–98", "pp. 75–98"),
        ("12", "page", "p. 12", "p. 12"),
        ("55", "leaf", "l. 55", "list 55"),
        ("18–21", "leaf", "ll. 18–21", "listy 18–21"),
        ("8, 10", "leaf", "ll. 8, 10", "listy 8, 10"),
        ("3", "archival-page", "str. 3", "str. 3"),
        ("3", "", "3", "3"),
        ("", "leaf", "", ""),
    ],
)
def test_pinpoint_labels(value, unit, abbreviated, spelled):
    assert format_pinpoint(value, unit) == abbreviated
    assert format_pinpoint(value, unit, spelled=True) == spelled


@pytest.mark.parametrize(
    ("unit", "csl", "tei"),
    [
        ("page", "page", "page"),
        ("leaf", "folio", "leaf"),
        ("archival-page", "page", "page"),
        ("", "page", ""),
    ],
)
def test_unit_names_for_csl_and_tei(unit, csl, tei):
    assert (unit_words(unit).csl, unit_words(unit).tei) == (csl, tei)
