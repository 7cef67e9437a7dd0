"""The permission tables of docs/roles_and_permissions.md, read for the grid tests.

Each table row names one or more permissions (`ideas.follow_idea`, `ideas.comment_idea`)
and says, per role, who may: "✔" (everyone holding the role), nothing, or a comma-separated
list of relations ("author (drafts)", "unit", "resp."). An app's grid test builds, for every
role and every relation the table uses, a person and an object in that relation, and checks
that the app's policy answers as the table says, for the object (`may`) and for the queryset
(`filter`) alike. The table is the contract: a permission in the table without a rule, a rule
without a row or a relation the test cannot build fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.conftest import ROLES

DOC = Path(__file__).resolve().parent.parent / "docs" / "roles_and_permissions.md"
HEADER = [
    "Anonymous",
    "Employee",
    "Manager",
    "Coach",
    "Conv. leader",
    "Coordinator",
    "Steering group",
    "Administrator",
]
EVERYONE = "✔"


@dataclass(frozen=True)
class Row:
    """One permission's row: the relations each role needs ("✔": none)."""

    perm: str
    cells: dict[str, frozenset[str]]

    def allows(self, role: str, relation: str) -> bool:
        """Does the table allow `role` in `relation` to the object ("" for no relation)?"""
        cell = self.cells[role]
        return EVERYONE in cell or relation in cell

    @property
    def relations(self) -> frozenset[str]:
        """Every relation the row names, for any role."""
        return frozenset().union(*self.cells.values()) - {EVERYONE}


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_rows(header: str) -> Iterator[tuple[str, dict[str, frozenset[str]]]]:
    """The rows of every table of the document whose first header cell is `header`: the
    row's first cell, and each role's tokens ("✔" or relations)."""
    in_table = False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            in_table = False
            continue
        cells = _cells(line)
        if cells[0] == header:
            assert cells[1:] == HEADER, f"unexpected table header: {line}"
            in_table = True
            continue
        if not in_table or set(cells[0]) <= {"-", ":", " "}:
            continue
        yield (
            cells[0],
            {
                role: frozenset(t.strip() for t in cell.split(",") if t.strip())
                for role, cell in zip(ROLES, cells[1:], strict=True)
            },
        )


@cache
def permission_table() -> dict[str, Row]:
    """Every permission row of the document, by permission name."""
    table: dict[str, Row] = {}
    for first, by_role in table_rows("Permission"):
        names = re.findall(r"`([a-z_.]+)`", first.split(" — ")[0])
        assert names, f"a permission row without a permission: {first}"
        app = names[0].split(".")[0]
        for name in names:
            perm = name if "." in name else f"{app}.{name}"
            assert perm not in table, f"{perm} has two rows"
            table[perm] = Row(perm=perm, cells=by_role)
    return table


def rows_for(app_label: str) -> dict[str, Row]:
    """The rows of one app's permissions."""
    return {
        perm: row for perm, row in permission_table().items() if perm.startswith(f"{app_label}.")
    }
