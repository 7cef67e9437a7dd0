"""Small helpers that every app's views share."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# The largest primary key either database keeps: PostgreSQL's bigint and SQLite's 64-bit
# integer. A larger number can name no row, and SQLite refuses to even compare with it.
ID_MAX = 2**63 - 1


def parse_id(value: object) -> int | None:
    """A primary key from user input (a query parameter, a form value), or None.

    Only ASCII digits count: `str.isdigit()` also accepts "²" and other Unicode digits,
    which `int()` then refuses (or reads as another number). Zero, negatives and numbers
    beyond what the database keeps are no id either.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= ID_MAX else None
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    if len(value) > len(str(ID_MAX)):
        return None
    number = int(value)
    return number if 0 < number <= ID_MAX else None


def parse_ids(values: Iterable[object] | None) -> list[int]:
    """The ids among the values, each once, in the order given; anything else is left out."""
    numbers: dict[int, None] = {}
    for value in values or ():
        number = parse_id(getattr(value, "pk", value))
        if number is not None:
            numbers.setdefault(number)
    return list(numbers)


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` address of the request if it stays on this site, else the fallback."""
    target = request.POST.get("next") or request.GET.get("next")
    # Only a path: anything else would be taken for a view's name by redirect().
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback


class IdConverter:
    """`<id:pk>` in URL patterns: a primary key the database can hold. A longer number is
    no match (404) instead of a query SQLite cannot run."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)
