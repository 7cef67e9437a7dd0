"""The form renderer every form uses (settings.FORM_RENDERER)."""

from django.forms import BoundField
from django.forms.renderers import TemplatesSetting


class LabelWithoutColon(BoundField):
    """Labels without a trailing colon, in both languages and in every form (ours,
    allauth's, the back office's): a label is a name, not the start of a sentence, and
    "Kom ihåg mig:" beside a checkbox reads wrong. A field that asks for a suffix
    (`label_suffix=…`) still gets it."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if label_suffix is None:
            label_suffix = self.field.label_suffix or ""
        return super().label_tag(contents, attrs, label_suffix=label_suffix, tag=tag)


class Renderer(TemplatesSetting):
    """Django's TemplatesSetting renderer (the project's templates may override
    widgets) whose fields are `LabelWithoutColon`."""

    bound_field_class = LabelWithoutColon
