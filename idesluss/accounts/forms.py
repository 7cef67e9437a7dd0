from django import forms
from django.utils.translation import gettext_lazy as _

from idesluss.accounts.models import Unit, User
from idesluss.accounts.selectors import unit_choices
from idesluss.core.forms import LazyChoices
from idesluss.core.text import SingleLineCharField


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "job_title", "phone", "preferred_language"]
        field_classes = {"full_name": SingleLineCharField, "job_title": SingleLineCharField}
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {"preferred_language": _("The language of the pages and of emails to you.")}


class SignupForm(forms.Form):
    """The extra field of self sign-up: people are known by their name."""

    full_name = SingleLineCharField(
        label=_("Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])


class ImportForm(forms.Form):
    class Kind:
        UNITS = "units"
        USERS = "users"

    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[(Kind.UNITS, _("Units")), (Kind.USERS, _("People"))],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("CSV file"), help_text=_("Comma- or semicolon-separated, at most 20 MB.")
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate people who are not in the file"),
        required=False,
        help_text=_(
            "Only for a complete export of all staff. Administrators are never deactivated."
        ),
    )
    dry_run = forms.BooleanField(label=_("Only check the file (import nothing)"), required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choose a CSV file (ending in .csv)."))
        return file


def offer_units(*fields: forms.ModelChoiceField) -> None:
    """Offer every active unit in these fields, in tree order and indented, from the
    cached choices (accounts.selectors.unit_choices), read when shown; the queryset
    validates."""
    units = LazyChoices(unit_choices)
    for field in fields:
        field.queryset = Unit.objects.filter(is_active=True)
        empty = getattr(field, "empty_label", None)
        field.choices = (
            LazyChoices(lambda empty=empty: [("", empty), *units]) if empty is not None else units
        )
