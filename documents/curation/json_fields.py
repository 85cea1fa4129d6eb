"""The shape of every JSON value an editor or a loader stores, in one place.

A JSON column takes anything; the pages, exports and the API that read it do not. So each JSON
field of the models is one of the fields below, which

* refuses a value of the wrong shape on every write path: the admin's forms (a field error in
  an editor's words), `full_clean`, and `save()`/`bulk_create()` of the loaders (the check runs
  in `pre_save`, so no loader can forget it);
* reads a value stored in a wrong shape anyway (written with `QuerySet.update()` or SQL, or by
  an older version) back in the right shape: a name written as a bare string is read as a
  literal name, members that cannot be read (null, a number, an object of other keys) are left
  out. A public page, an export or the API therefore never meets a malformed value, and the
  stored text is not lost: the admin shows it, readable, for an editor to save back.

The shapes are checked with pydantic (strict models, no extra keys), which django-ninja brings.
"""

from django.core.exceptions import ValidationError
from django.db import models
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from pydantic import ValidationError as ShapeError

_NAME_EXAMPLE = '{"family": …, "given": …} or {"literal": …}'


class CSLName(BaseModel):
    """A name as CSL-JSON writes it: a family name (with its given name), or a literal name."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    family: str = ""
    given: str = ""
    literal: str = ""
    suffix: str = ""
    dropping_particle: str = Field("", alias="dropping-particle")
    non_dropping_particle: str = Field("", alias="non-dropping-particle")

    def is_a_name(self) -> bool:
        return bool(self.family.strip() or self.literal.strip())


_NAME = TypeAdapter(CSLName)


def _as_name(member):
    """A member as a CSL name dict, or None when it cannot be read as one."""
    if isinstance(member, str):
        return {"literal": member} if member.strip() else None
    if not isinstance(member, dict):
        return None
    try:
        name = _NAME.validate_python(member)
    except ShapeError:
        # Keep what can be read (the string-valued keys CSL knows), drop the rest.
        known = {
            key: value
            for key, value in member.items()
            if isinstance(value, str) and key in _NAME_KEYS
        }
        try:
            name = _NAME.validate_python(known)
        except ShapeError:
            return None
    if not name.is_a_name():
        return None
    return name.model_dump(by_alias=True, exclude_defaults=True)


_NAME_KEYS = {field.alias or name for name, field in CSLName.model_fields.items()}


def _describe(member) -> str:
    if member is None:
        return "empty (null)"
    text = repr(member) if not isinstance(member, str) else f"“{member}”"
    return text if len(text) <= 60 else text[:57] + "…"


class ShapedJSONField(models.JSONField):
    """A JSONField whose value has a shape (subclasses say which): see the module docstring."""

    empty: type = list

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", self.empty)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def problem(self, value) -> str | None:
        """What is wrong with `value`, in an editor's words; None when it has the shape."""
        raise NotImplementedError

    def read(self, value):
        """`value` in the field's shape, leaving out the members that cannot be read."""
        raise NotImplementedError

    @property
    def noun(self) -> str:
        """'translator' for a field named translators."""
        name = str(self.verbose_name)
        return name[:-1] if name.endswith("s") else name

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        self._refuse_a_wrong_shape(value)

    def _refuse_a_wrong_shape(self, value):
        problem = self.problem(value)
        if problem:
            raise ValidationError(problem, code="json_shape")

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value in self.empty_values:  # an emptied field (None, "", [] for an object …)
            value = self.empty()
            setattr(model_instance, self.attname, value)
        try:
            self._refuse_a_wrong_shape(value)
        except ValidationError as error:
            raise ValidationError(
                {self.name: error.messages},
                code="json_shape",
            ) from None
        return value

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        if expression is not None and getattr(expression, "target", None) is not self:
            return value  # a key lookup (authors__0): not the whole value
        return self.read(value)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is self.empty:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs


class CSLNamesField(ShapedJSONField):
    """A list of CSL names: [{"family": "Matray", "given": "James"}, {"literal": "Xinhua"}]."""

    def problem(self, value):
        rule = f"Each {self.noun} must be a name: {_NAME_EXAMPLE}"
        if not isinstance(value, list):
            return f"{rule}, in a list [ … ]; this is {_describe(value)}."
        for position, member in enumerate(value, 1):
            ok = isinstance(member, dict) and _as_name(member) == _canonical(member)
            if not ok:
                return f"{rule}. {self.noun.capitalize()} {position} is {_describe(member)}."
        return None

    def read(self, value):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [name for name in map(_as_name, value) if name is not None]


def _canonical(member: dict) -> dict:
    """A valid name as `_as_name` writes it (empty keys left out), to compare with the stored."""
    return {key: value for key, value in member.items() if value != ""}


class StringListField(ShapedJSONField):
    """A list of non-empty strings: ["Korean War", "Stalin"]."""

    def problem(self, value):
        rule = f"{self.verbose_name.capitalize()} must be a list of words in quotes: "
        rule += '["Korean War", "Stalin"]'
        if not isinstance(value, list):
            return f"{rule}; this is {_describe(value)}."
        for position, member in enumerate(value, 1):
            if not isinstance(member, str) or not member.strip():
                return f"{rule}. Entry {position} is {_describe(member)}."
        return None

    def read(self, value):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [member for member in value if isinstance(member, str) and member.strip()]


class StringMapField(ShapedJSONField):
    """An object of field names to strings: {"archive": "AVPRF AVIPRF"}."""

    empty = dict

    def problem(self, value):
        rule = f"{self.verbose_name.capitalize()} must be an object of field names and words "
        rule += 'in quotes: {"archive": "AVPRF AVIPRF", "kind": "Ciphred telegram"}'
        if not isinstance(value, dict):
            return f"{rule}; this is {_describe(value)}."
        for key, member in value.items():
            if not isinstance(member, str):
                return f"{rule}. “{key}” is {_describe(member)}."
        return None

    def read(self, value):
        if not isinstance(value, dict):
            return {}
        return {key: member for key, member in value.items() if isinstance(member, str)}
