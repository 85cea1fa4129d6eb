"""How a note introduces a reference: “See”, “See also”, “For the text of the document, see”,
“Cited in”. The lead-in is kept as the reference's ``prefix``."""

from __future__ import annotations

import re

LEAD_IN_RE = re.compile(
    r"^(?P<prefix>(?:See also|See, for example,|See|For [^.;]*?,? see|Cited in)\s+)",
)


def split_lead_in(text: str) -> tuple[str, str]:
    """(the lead-in, without its trailing space, or "", and the text after it)."""
    lead = LEAD_IN_RE.match(text)
    if lead is None:
        return "", text
    return lead["prefix"].strip(), text[lead.end() :]


def is_text_of_document(prefix: str) -> bool:
    """'For the text of the document, see …': the published text of the document just cited."""
    return bool(re.match(r"For the (?:full )?text of (?:the|this) document", prefix))
