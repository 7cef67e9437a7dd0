"""Each app contributes to the whole (demo data, periodic jobs, panels on other apps'
pages) from a module of its own; this imports those modules, so that nothing below an
app has to name it."""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(name: str) -> list[ModuleType]:
    """The module `name` of every one of the project's apps that has one, imported, in the
    order of INSTALLED_APPS."""
    return [
        import_module(f"{config.name}.{name}")
        for config in apps.get_app_configs()
        if config.name.startswith("idesluss.") and module_has_submodule(config.module, name)
    ]
