"""Import a text from the admin: upload → preview (nothing written) → confirm → a new draft.

The preview runs the same parser as `manage.py import_text` (documents.texts.parser) and shows what
the import would create: counts of paragraphs, notes and note markers, the first paragraphs with
their markers, and every problem with its line number. Only a preview without problems offers the
confirmation, which imports through documents.texts.importer in one transaction.
"""

import base64
import binascii
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from documents.models import Document
from documents.texts import parser
from documents.texts.importer import ImportRefused, import_bytes

PREVIEW_PARAGRAPHS = 5
PREVIEW_NOTES = 3
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Text file",
        required=False,
        help_text="A plain UTF-8 text file (.txt), as received: nothing in it is changed.",
    )
    # A file already uploaded, kept after a refused preview so that fixing the slug does not
    # mean choosing the file again (base64, as the confirmation carries it).
    kept = forms.CharField(widget=forms.HiddenInput, required=False)
    kept_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)
    slug = forms.SlugField(
        max_length=100,
        help_text="The document's address, e.g. “kim-il-sung-letters”; it must be new.",
    )
    kind = forms.ChoiceField(choices=Document.Kind.choices, initial=Document.Kind.ARTICLE)
    title = forms.CharField(
        max_length=300,
        required=False,
        help_text="Only where the text has none (an interview): otherwise its first line is used.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; is it a text?"
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file") is not None or "file" in self.errors:
            return cleaned
        kept = cleaned.get("kept")
        try:
            data = base64.b64decode(kept.encode("ascii"), validate=True) if kept else b""
        except (binascii.Error, ValueError, UnicodeEncodeError):
            data = b""
        if not data or len(data) > MAX_UPLOAD_BYTES:
            self.add_error("file", "Choose the text file to import.")
        else:
            cleaned["data"], cleaned["filename"] = data, cleaned.get("kept_name") or "text.txt"
        return cleaned

    def upload(self):
        """(bytes, filename) of the file chosen now, or of the one kept."""
        values = self.cleaned_data
        if values.get("file") is not None:
            return values["file"].read(), values["file"].name
        return values["data"], values["filename"]


class ConfirmForm(forms.Form):
    """What the preview showed, carried to the confirmation (the file travels base64-encoded)."""

    data = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, max_length=255)
    slug = forms.SlugField(widget=forms.HiddenInput, max_length=100)
    kind = forms.ChoiceField(choices=Document.Kind.choices, widget=forms.HiddenInput)
    title = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)

    def clean_data(self):
        try:
            return base64.b64decode(self.cleaned_data["data"].encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise ValidationError(
                "The uploaded text was damaged on the way; upload it again."
            ) from None


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str


@dataclass(frozen=True)
class Segment:
    text: str
    marker: str = ""


@dataclass
class PreviewParagraph:
    position: int
    line: int
    kind: str
    section: str
    segments: list[Segment]


@dataclass
class Preview:
    filename: str
    slug: str
    kind: str
    title: str
    parsed: parser.ParsedText | None = None
    problems: list[Problem] = field(default_factory=list)
    paragraphs: list[PreviewParagraph] = field(default_factory=list)
    notes: list[parser.Note] = field(default_factory=list)

    @property
    def ok(self):
        return self.parsed is not None and not self.problems

    @property
    def more_paragraphs(self):
        return max(0, self.parsed.paragraph_count - len(self.paragraphs)) if self.parsed else 0

    @property
    def more_notes(self):
        return max(0, self.parsed.note_count - len(self.notes)) if self.parsed else 0

    @property
    def shown_title(self):
        return self.title or (self.parsed.title if self.parsed else "") or self.slug


def _segments(paragraph: parser.Paragraph) -> list[Segment]:
    segments, start = [], 0
    for ref in sorted(paragraph.refs, key=lambda ref: ref.offset):
        segments.append(Segment(paragraph.text[start : ref.offset], str(ref.number)))
        start = ref.offset
    segments.append(Segment(paragraph.text[start:]))
    return segments


def slug_problem(slug: str) -> str | None:
    """Why the importer would refuse this slug, in its words; None if it is free."""
    try:
        validate_slug(slug)
    except ValidationError:
        return f"“{slug}” is not a valid slug: use letters, digits, hyphens and underscores"
    if Document.objects.filter(slug=slug).exists():
        return (
            f"a document with the slug “{slug}” already exists; choose another slug "
            "(nothing was changed)"
        )
    return None


def build_preview(data: bytes, *, filename: str, slug: str, kind: str, title: str) -> Preview:
    """What importing `data` would create, and every problem found; writes nothing."""
    preview = Preview(filename=filename, slug=slug, kind=kind, title=title)
    problem = slug_problem(slug)
    if problem:
        preview.problems.append(Problem(None, problem))
    try:
        parsed = parser.parse_bytes(data, kind=kind, filename=filename)
    except parser.ParseError as error:
        # the page says "Line 7:" itself; the file's name is the page's title
        preview.problems.append(Problem(error.line, error.message))
        return preview
    preview.parsed = parsed
    if parsed.abstract_refs:
        preview.problems.append(
            Problem(
                None,
                "note markers in the abstract are not supported; move the note into the body text",
            )
        )
    titles = [section.title for section in parsed.sections]
    for position, item in enumerate(parsed.paragraphs[:PREVIEW_PARAGRAPHS], start=1):
        preview.paragraphs.append(
            PreviewParagraph(
                position=position,
                line=item.line,
                kind=item.kind,
                section=titles[item.section] if item.section < len(titles) else "",
                segments=_segments(item),
            )
        )
    preview.notes = parsed.notes[:PREVIEW_NOTES]
    return preview


# Steps run after a text is imported from the admin, in the import's request: each takes the
# new document and returns a sentence for the editor (or None). Apps built on documents add
# theirs (citations drafts the notes' references); documents adds the suggested mentions.
_import_steps = []


def add_import_step(step) -> None:
    if step not in _import_steps:
        _import_steps.append(step)


def after_import(document) -> list[str]:
    """Run every import step for `document`; what each has to say to the editor."""
    said = []
    for step in _import_steps:
        sentence = step(document)
        if sentence:
            said.append(sentence)
    return said


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def import_confirmed(form: ConfirmForm):
    """Import what the editor confirmed, as a draft. Raises ParseError or ImportRefused."""
    values = form.cleaned_data
    return import_bytes(
        values["data"],
        slug=values["slug"],
        kind=values["kind"],
        filename=values["filename"],
        title=values["title"],
    )


__all__ = [
    "ConfirmForm",
    "add_import_step",
    "after_import",
    "ImportForm",
    "ImportRefused",
    "Preview",
    "build_preview",
    "encode",
    "import_confirmed",
]
