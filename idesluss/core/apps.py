from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "idesluss.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from idesluss.core.http import IdConverter

        # Before any URLconf is read: every app's patterns use `<id:…>` for primary keys.
        register_converter(IdConverter, "id")
