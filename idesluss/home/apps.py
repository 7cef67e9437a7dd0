from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The start page and the demo municipality: the top of the application, above every
    domain app. Nothing imports from here."""

    name = "idesluss.home"
    label = "home"
    verbose_name = _("Start page")
