"""Form labels carry no colon, and a select's empty choice speaks the page's language
(issue 12, item 8)."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from idesluss.core.jinja2 import label
from idesluss.workshops.models import Workshop


class _Form(forms.Form):
    remember = forms.BooleanField(label="Remember me", required=False)
    name = forms.CharField(label="Name")
    asks = forms.CharField(label="Asks", label_suffix=" →")


def test_labels_have_no_colon_in_django_and_jinja2_rendering():
    form = _Form()
    for name in ("remember", "name"):
        assert form[name].label_tag().endswith(f"{form[name].label}</label>")
        assert str(label(form[name])).endswith(f"{form[name].label}</label>")
    with translation.override("sv"):
        assert ":" not in _Form()["remember"].label_tag()


def test_a_field_that_asks_for_a_suffix_keeps_it():
    form = _Form()
    assert "Asks →</label>" in form["asks"].label_tag()
    assert "Asks →</label>" in str(label(form["asks"]))


def test_the_empty_choice_is_ours_and_translated():
    # Django's own "- Select an option -" has no Swedish; every select gets ours.
    field = forms.ModelChoiceField(queryset=Workshop.objects.none(), required=False)
    with translation.override("sv"):
        assert str(field.empty_label) == "– Välj –"
        assert str(Workshop._meta.get_field("phase").get_choices()[0][1]) == "– Välj –"
    with translation.override("en"):
        assert str(field.empty_label) == "– Choose –"


@pytest.mark.django_db
def test_the_sign_in_checkbox_reads_without_a_colon(client):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="sv").text
    assert "Kom ihåg mig</label>" in page
    assert ":</label>" not in page
