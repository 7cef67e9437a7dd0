"""Form fields every app shares: choices by id that never reach the database with a
number it cannot hold, dates within sensible bounds, and choices read when shown."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from idesluss.core.dates import validate_date_in_bounds
from idesluss.core.http import parse_id
from idesluss.core.widgets import PickerWidget


def _is_id_text(value: object) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit()


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose submitted value must be an id the database can hold:
    "²", "٣" and 10²³ are "not a valid choice", not a query that fails."""

    def to_python(self, value):
        if (
            value not in self.empty_values
            and not self.to_field_name
            and not isinstance(value, Model)
            and parse_id(str(value)) is None
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:40]},
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses ids the database cannot hold, with the
    field's usual messages (SQLite cannot even compare with a number beyond 64 bits)."""

    def _check_values(self, value):
        if not self.to_field_name:
            for item in value:
                if isinstance(item, Model) or parse_id(str(item)) is not None:
                    continue
                if not _is_id_text(item):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(item)[:40]},
                    )
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:40]},
                )
        return super()._check_values(value)


class BoundedDateField(forms.DateField):
    """A date within `core.dates.BOUND_YEARS` of today (9999-12-31 is a typing mistake)."""

    default_validators = [validate_date_in_bounds]


class LazyChoices(BaseChoiceIterator):
    """Choices read once, when first shown or counted: a form that is posted and valid
    never shows them (its fields' querysets validate), so it does not read them."""

    def __init__(self, load: Callable[[], list]):
        self._load = load
        self._choices: list | None = None

    def _loaded(self) -> list:
        if self._choices is None:
            self._choices = list(self._load())
        return self._choices

    def __iter__(self):
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


class PickField(forms.Field):
    """The primary keys ticked in a `PickerWidget`, each once, in the order given."""

    widget = PickerWidget
    default_error_messages = {"invalid": _("Choose from the list.")}

    def to_python(self, value) -> list[int]:
        if value in self.empty_values:
            return []
        if isinstance(value, str | int):
            value = [value]
        numbers: dict[int, None] = {}
        for item in value:
            number = parse_id(str(getattr(item, "pk", item)))
            if number is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            numbers.setdefault(number)
        return list(numbers)
