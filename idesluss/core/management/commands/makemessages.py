"""Django's makemessages, which also finds the strings of the Jinja2 templates.

Django reads every `.html` file as a Django template; in idesluss/jinja2/ that finds only
`{{ _("…") }}` and misses `ngettext`, `pgettext`, strings with values and `{% trans %}`
blocks. Those files are read with Jinja2's own extraction instead and handed to xgettext
as the calls they are.
"""

import os

from django.core.management.commands import makemessages
from django.template import engines

JINJA2_FUNCTIONS = {"_": 1, "gettext": 1, "ngettext": 2, "pgettext": 2, "npgettext": 3}


def jinja2_messages(source: str) -> str:
    """Python source with one call per translatable string of a Jinja2 template, on the
    template's line, for xgettext."""
    lines: dict[int, list[str]] = {}
    environment = engines["jinja2"].env
    for lineno, function, message in environment.extract_translations(source):
        strings = message if isinstance(message, tuple) else (message,)
        strings = tuple(value for value in strings if isinstance(value, str))
        if function not in JINJA2_FUNCTIONS or not strings:
            continue
        name = "gettext" if function == "_" else function
        arguments = ", ".join(repr(value) for value in strings)
        if name in ("ngettext", "npgettext"):
            arguments += ", 0"
        lines.setdefault(lineno, []).append(f"{name}({arguments})")
    last = max(lines, default=0)
    return "\n".join("; ".join(lines.get(number, [])) for number in range(1, last + 1)) + "\n"


class BuildFile(makemessages.BuildFile):
    def preprocess(self) -> None:
        if self.domain == "django" and f"{os.sep}jinja2{os.sep}" in self.path:
            with open(self.path, encoding="utf-8") as source:
                content = jinja2_messages(source.read())
            with open(self.work_path, "w", encoding="utf-8") as work:
                work.write(content)
            return
        super().preprocess()


class Command(makemessages.Command):
    build_file_class = BuildFile
