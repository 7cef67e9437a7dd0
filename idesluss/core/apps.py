from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CoreConfig(AppConfig):
    name = "idesluss.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from idesluss.core.http import IdConverter

        # Before any URLconf is read: every app's patterns use `<id:…>` for primary keys.
        register_converter(IdConverter, "id")

        # The empty choice of every select (Django's own "- Select an option -" has no
        # Swedish translation yet): our words, in our catalogue. Django reads the module
        # attribute each time it builds a select, so setting it here is enough.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = pgettext_lazy("empty choice in a list", "– Choose –")
