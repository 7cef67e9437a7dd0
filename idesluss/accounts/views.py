from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from rules.contrib.views import permission_required

from idesluss.accounts import selectors, services
from idesluss.accounts.forms import ProfileForm
from idesluss.accounts.models import Unit, User
from idesluss.core.http import safe_next
from idesluss.core.i18n import set_language_cookie
from idesluss.core.pickers import picker_response


@permission_required("accounts.view_organisation")
def unit_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/unit_list.html", {"units": selectors.unit_tree()})


@permission_required("accounts.view_organisation")
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        unit = selectors.unit_for_page(pk=pk)
    except Unit.DoesNotExist:
        raise Http404 from None
    members = selectors.unit_members_page(unit=unit, page=request.GET.get("page"))
    return render(request, "accounts/unit_detail.html", {"unit": unit, "members": members})


@permission_required("accounts.view_person")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        person = selectors.person_for_page(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None
    return render(request, "accounts/person_detail.html", {"person": person})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own details."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(user=request.user, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your details were saved."))
            return set_language_cookie(
                redirect("accounts:profile"), request.user.preferred_language
            )
    person = selectors.person_for_page(pk=request.user.pk)
    return render(request, "accounts/profile.html", {"form": form, "person": person})


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered in a cookie and on the person."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request, "/"))
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        set_language_cookie(response, language)
        user = request.user
        if user.is_authenticated and user.preferred_language != language:
            services.user_update(user=user, preferred_language=language, by=user)
    return response


@require_GET
@login_required
def pick_people(request: HttpRequest) -> HttpResponse:
    """A people picker's options while typing (htmx): anyone active may be chosen."""
    return picker_response(
        request,
        kind="people",
        load=lambda numbers: selectors.people_pickable(numbers=numbers),
        search=selectors.people_matching,
    )
