"""The exports page, the exports themselves (CSV streamed, Excel from a temporary file) and
the printable steering-group report."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from idesluss.accounts.forms import offer_units
from idesluss.accounts.models import Unit
from idesluss.core.exports import csv_lines, excel_file
from idesluss.core.forms import BoundedDateField, IdChoiceField
from idesluss.core.widgets import LongSelect
from idesluss.ideas.forms import idea_filters
from idesluss.insights import exports
from idesluss.insights import report as reports
from idesluss.insights.exports import EXPORTS, ExportFilters, _may_export, exports_for

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


class PeriodForm(forms.Form):
    """A period of days (both ends optional, or required for the report) and a unit."""

    unit = IdChoiceField(
        label=gettext_lazy("Unit"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=gettext_lazy("All units"),
        widget=LongSelect,
    )

    def __init__(self, *args, require_period: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" and "to" are the addresses' names; Python cannot name attributes so.
        self.fields["from"] = BoundedDateField(
            label=_("From"), required=require_period, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["to"] = BoundedDateField(
            label=_("To"), required=require_period, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.order_fields(["from", "to", "unit"])
        offer_units(self.fields["unit"])

    def clean(self):
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if first and last and first > last:
            self.add_error("to", _("The period must end on or after the day it begins."))
        return data


class ExportForm(PeriodForm):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("csv", gettext_lazy("CSV (semicolons, UTF-8)")), ("xlsx", "Excel (.xlsx)")],
        initial="csv",
        required=False,
    )


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    """What the viewer may export, with the period, unit and format to choose."""
    available = exports_for(request.user)
    if not available:
        raise PermissionDenied
    form = ExportForm(initial={"format": "csv"})
    return _render_page(request, form, available)


def _render_page(request: HttpRequest, form: ExportForm, available, status: int = 200):
    context = {"form": form, "exports": available}
    return render(request, "insights/exports.html", context, status=status)


@login_required
def export_download(request: HttpRequest, name: str) -> HttpResponse:
    """One export as CSV (streamed) or Excel, with the filters of the query string; wrong
    filters bring back the exports page with what is wrong."""
    export = EXPORTS.get(name)
    if export is None:
        raise Http404
    if not export.may(request.user):
        raise PermissionDenied
    form = ExportForm(request.GET)
    if not form.is_valid() or (form.cleaned_data.get("format") or "csv") not in FORMATS:
        return _render_page(request, form, exports_for(request.user), status=400)
    data = form.cleaned_data
    filters = ExportFilters(
        first_day=data.get("from"),
        last_day=data.get("to"),
        unit=data.get("unit") if export.by_unit else None,
        ideas=idea_filters(request.GET)[1] if export.idea_filters else ExportFilters().ideas,
    )
    header = export.header()
    rows = export.rows(viewer=request.user, filters=filters)
    content_type, extension = FORMATS[data.get("format") or "csv"]
    filename = f"{export.name}-{timezone.localdate():%Y-%m-%d}.{extension}"
    if extension == "csv":
        response = StreamingHttpResponse(csv_lines(header, rows), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if export.count is not None:
        count = export.count(viewer=request.user, filters=filters)
        if count > exports.EXCEL_MAX_ROWS:
            form.add_error(
                "format",
                _(
                    "Excel takes at most %(max)s rows here and this export has %(count)s: "
                    "choose CSV, or narrow the period or the unit."
                )
                % {"max": number_format(exports.EXCEL_MAX_ROWS), "count": number_format(count)},
            )
            return _render_page(request, form, exports_for(request.user), status=400)
    file = excel_file(header, rows, title=str(export.title))
    return FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    """The steering group's report of a period, to print or save as PDF."""
    if not _may_export(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    params = request.GET if request.GET.get("from") or request.GET.get("to") else None
    form = PeriodForm(
        params,
        initial={"from": datetime.date(today.year, 1, 1), "to": today},
        require_period=True,
    )
    if params is None:
        first, last, unit = datetime.date(today.year, 1, 1), today, None
    elif form.is_valid():
        data = form.cleaned_data
        first, last, unit = data["from"], data["to"], data.get("unit")
    else:
        return render(request, "insights/report.html", {"form": form, "report": None}, status=400)
    report = reports.steering_report(viewer=request.user, first_day=first, last_day=last, unit=unit)
    return render(request, "insights/report.html", {"form": form, "report": report})
