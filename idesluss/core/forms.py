"""Form fields every app shares: choices by id that never reach the database with a
number it cannot hold, dates within sensible bounds, and choices read when shown."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.utils import ErrorDict
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from idesluss.core.dates import validate_date_in_bounds
from idesluss.core.http import parse_id, parse_ids
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
            if item in self.empty_values:  # an empty box (a form sent by hand): no choice
                continue
            number = parse_id(str(getattr(item, "pk", item)))
            if number is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            numbers.setdefault(number)
        return list(numbers)


class PickOneField(PickField):
    """The one primary key chosen in a single-choice `PickerWidget` (`multiple=False`)."""

    def to_python(self, value) -> list[int]:
        numbers = super().to_python(value)
        if len(numbers) > 1:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return numbers


# How many chosen ones a picker reads back (a form never needs more).
PICKER_MAX_CHOSEN = 200


class PickerFormMixin:
    """What a form with pickers does: reads the chosen ones back (only those the person may
    choose: `load` decides, on the server) and the matches of a search, and refuses a choice
    `load` did not return. `prepare_picker` in `__init__`, `picked` in `clean_<name>`."""

    def prepare_picker(
        self,
        name: str,
        *,
        load: Callable[[list[int]], list],
        search: Callable[..., list],
        leave_out: set[int] | frozenset[int] = frozenset(),
    ) -> None:
        """What the picker shows: the chosen ones (one query) and what the search found (one
        more, only when searching); `leave_out` is never offered (e.g. the idea itself)."""
        key = self.add_prefix(name)
        if self.is_bound:
            values = self.data.getlist(key) if hasattr(self.data, "getlist") else []
            query = str(self.data.get(f"{key}_q") or "")[:200]
        else:
            values = self.initial.get(name) or self.fields[name].initial or []
            if not isinstance(values, list | tuple):
                values = [values]
            query = ""
        numbers = parse_ids(str(getattr(item, "pk", item)) for item in values)
        numbers = numbers[:PICKER_MAX_CHOSEN]
        found = {obj.pk: obj for obj in load(numbers)} if numbers else {}
        widget = self.fields[name].widget
        widget.chosen = [found[number] for number in numbers if number in found]
        widget.query = query
        widget.results = search(text=query, exclude={*numbers, *leave_out}) if query.strip() else []
        if leave_out:
            widget.lookup_params = {"except": ",".join(str(pk) for pk in sorted(leave_out))}

    def picked(self, name: str, message: str) -> list:
        """The chosen objects in the order given; `message` if one may not be chosen."""
        numbers = self.cleaned_data[name]
        chosen = {obj.pk: obj for obj in self.fields[name].widget.chosen}
        if any(number not in chosen for number in numbers):
            raise forms.ValidationError(message)
        return [chosen[number] for number in numbers]

    def picked_one(self, name: str, message: str):
        """The one chosen object (a `PickOneField`), or None."""
        found = self.picked(name, message)
        return found[0] if found else None

    @property
    def searching(self) -> bool:
        """The form came back from a picker's search button (no JavaScript): show the
        matches, save nothing."""
        return self.is_bound and bool(self.data.get("pick"))

    def hide_errors(self) -> None:
        """Shown again after a search: nothing is wrong yet."""
        self._errors = ErrorDict()
