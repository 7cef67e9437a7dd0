from django import forms
from django.utils.translation import gettext_lazy as _


class SubscriptionForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation"), max_length=120)
    feed_url = forms.CharField(
        label=_("Feed address"),
        max_length=500,
        help_text=_("The address of the organisation's JSON Feed, starting with https://."),
        widget=forms.URLInput,
    )
