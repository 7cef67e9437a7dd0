"""Each app contributes to the whole (demo data, periodic jobs, panels on other apps'
pages) from a module of its own; this imports those modules, so that nothing below an
app has to name it."""

from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import module_has_submodule


@cache
def app_modules(name: str) -> tuple[ModuleType, ...]:
    """The module `name` of every one of the project's apps that has one, imported, in the
    order of INSTALLED_APPS. Looked up once per process (a page's panels ask on every
    request; the apps do not change while it runs)."""
    return tuple(
        import_module(f"{config.name}.{name}")
        for config in apps.get_app_configs()
        if config.name.startswith("idesluss.") and module_has_submodule(config.module, name)
    )


@receiver(setting_changed)
def _forget_app_modules(*, setting: str, **kwargs: Any) -> None:
    if setting == "INSTALLED_APPS":
        app_modules.cache_clear()
