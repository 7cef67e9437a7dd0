"""The follow-up: who in which unit has which training and which qualification (managers:
their units), on a page and as CSV and Excel for the steering group."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from idesluss.accounts.selectors import unit_choices
from idesluss.core.dates import format_date
from idesluss.core.exports import csv_writer
from idesluss.core.http import parse_id
from idesluss.learning import selectors
from idesluss.learning.policy import policy

EXPORT_CHUNK = 2000


def _unit_id(request: HttpRequest) -> int | None:
    return parse_id(request.GET.get("unit"))


@login_required
def follow_up(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "learning.view_follow_up")
    unit_id = _unit_id(request)
    page = selectors.follow_up_page(
        viewer=request.user, unit_id=unit_id, page=request.GET.get("page")
    )
    rows = list(page.object_list)
    context = {
        "page": page,
        "rows": rows,
        "qualifications": selectors.qualifications_by_person(rows),
        "unit_choices": unit_choices(),
        "unit_id": unit_id,
        "query": f"unit={unit_id}" if unit_id else "",
    }
    return render(request, "learning/follow_up.html", context)


def _header() -> list[str]:
    return [
        _("Name"),
        _("Unit"),
        _("Training"),
        _("Status"),
        _("Completed"),
        _("Qualifications"),
    ]


def _export_rows(request: HttpRequest):
    """The follow-up's rows, read in chunks (flat memory, however many)."""
    rows = selectors.follow_up_rows(viewer=request.user, unit_id=_unit_id(request))
    chunk: list = []
    for row in rows.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(row)
        if len(chunk) >= EXPORT_CHUNK:
            yield from _cells(chunk)
            chunk = []
    if chunk:
        yield from _cells(chunk)


def _cells(chunk: list):
    held = selectors.qualifications_by_person(chunk)
    for row in chunk:
        yield [
            row.person.full_name,
            row.person.unit.name if row.person.unit else "",
            row.training.title,
            str(row.get_status_display()),
            format_date(row.completed_at) if row.completed_at else "",
            ", ".join(label for label, _expires in held.get(row.person_id, [])),
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def follow_up_csv(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "learning.view_follow_up")
    writer = csv_writer(_Echo())

    def lines():
        yield "\ufeff"  # Excel reads UTF-8 with the byte-order mark
        yield writer.writerow(_header())
        for cells in _export_rows(request):
            yield writer.writerow(cells)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="trainings-follow-up.csv"'
    return response


@login_required
def follow_up_xlsx(request: HttpRequest) -> HttpResponse:
    """The same rows as an Excel file: written row by row (openpyxl's write-only mode) to a
    temporary file that is streamed."""
    from openpyxl import Workbook

    from idesluss.core.exports import csv_safe

    policy.require(request.user, "learning.view_follow_up")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Trainings")[:31])
    sheet.append(_header())
    for cells in _export_rows(request):
        sheet.append([csv_safe(value) for value in cells])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename="trainings-follow-up.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
