"""Known vulnerabilities in the pinned dependencies, checked without the network.

`make test` runs `python scripts/audit_dependencies.py`: every package pinned in
pyproject.toml's [project] dependencies (what is deployed; the dev tools never run in
production) must be in docs/security/advisories.json at the pinned version, with no
vulnerability there that is not accepted (with a reason) in the same file, and the file
must be younger than --max-age days (default 45). Otherwise it fails and says why: a pin
that was bumped and not audited, a known vulnerability, or a stale record. It never
passes for want of information.

Why a file and not pip-audit in the test run: pip-audit asks a vulnerability service
(PyPI's per-version JSON or OSV) at each run, and the machines that run the suite do not
always reach it; a test that passes when the service cannot be reached would say nothing.
The file is the record of the last look, kept in git, reviewed like code:

    python scripts/audit_dependencies.py --update    # online: look the pins up again

asks PyPI for each pinned version's known vulnerabilities (PyPI's JSON API, fed by the
OSV database; the same source as pip-audit's default) and writes the file. A pin it
cannot look up makes it fail without writing anything, unless `--unaudited-for DAYS` is
given: such pins are then written as "unaudited" until a date DAYS ahead, and every run
of the check names them on standard error until that date, then fails.
"""

import argparse
import datetime
import json
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
ADVISORIES = ROOT / "docs" / "security" / "advisories.json"
PYPI = "https://pypi.org/pypi"


def pins(pyproject: Path = PYPROJECT) -> dict[str, str]:
    """name -> version of every `name==version` in [project] dependencies; an unpinned
    dependency is an error (the audit could not say which version runs)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    found = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        if len(specifiers) != 1 or specifiers[0].operator != "==":
            raise SystemExit(f"{line!r} is not pinned (name==version): the audit needs pins.")
        found[canonicalize_name(requirement.name)] = specifiers[0].version
    return found


def problems(
    record: dict,
    pinned: dict[str, str],
    *,
    today: datetime.date,
    max_age: int,
    aged: list[str] | None = None,
) -> list[str]:
    """What keeps the pins from passing the audit, in words. What only time made wrong (an
    old record, an ended waiver) goes to `aged` when it is given, else it fails too."""
    found = []
    aged = found if aged is None else aged
    checked = datetime.date.fromisoformat(record["checked_on"])
    if (today - checked).days > max_age:
        aged.append(
            f"The advisories were looked up on {checked} ({(today - checked).days} days ago, "
            f"more than {max_age}): run `python scripts/audit_dependencies.py --update` "
            "where PyPI can be reached, review and commit docs/security/advisories.json."
        )
    accepted = record.get("accepted", {})
    packages = record.get("packages", {})
    unaudited = record.get("unaudited", {})
    for name, version in sorted(pinned.items()):
        entry = packages.get(name)
        waived = unaudited.get(name)
        if entry is None and waived and waived.get("version") == version:
            until = datetime.date.fromisoformat(waived["until"])
            if today > until:
                aged.append(
                    f"{name}=={version} was never audited ({waived['reason']}) and its "
                    f"waiver ended on {until}: bump the pin or audit it where PyPI answers."
                )
            continue
        if entry is None or entry.get("version") != version:
            audited = entry.get("version") if entry else "never"
            found.append(
                f"{name}=={version} is pinned but its advisories were looked up for "
                f"{audited}: run `python scripts/audit_dependencies.py --update`."
            )
            continue
        for vulnerability in entry.get("vulnerabilities", []):
            names = [vulnerability["id"], *vulnerability.get("aliases", [])]
            if any(alias in accepted for alias in names):
                continue
            fixed = ", ".join(vulnerability.get("fixed_in", [])) or "no fixed version yet"
            found.append(
                f"{name}=={version}: {vulnerability['id']} "
                f"({', '.join(vulnerability.get('aliases', [])) or 'no alias'}), fixed in "
                f"{fixed}: {vulnerability.get('summary') or vulnerability.get('link', '')}"
            )
    return found


def _get_json(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def look_up(name: str, version: str) -> list[dict]:
    """The known vulnerabilities of one release, from PyPI. Raises when it cannot tell."""
    release = _get_json(f"{PYPI}/{name}/{version}/json")
    if release is None:
        # Some mirrors answer only for the project: its `vulnerabilities` are those of the
        # newest release, so they tell only when the pin is the newest.
        project = _get_json(f"{PYPI}/{name}/json")
        if project is None or project["info"]["version"] != version:
            raise LookupError(
                f"{name}=={version}: PyPI does not answer for this release "
                "(and it is not the newest, whose vulnerabilities the project page lists)."
            )
        release = project
    return [
        {
            "id": item["id"],
            "aliases": item.get("aliases", []),
            "fixed_in": item.get("fixed_in", []),
            "summary": (item.get("summary") or item.get("details") or "")[:300],
            "link": item.get("link", ""),
        }
        for item in release.get("vulnerabilities", [])
    ]


def update(pinned: dict[str, str], *, today: datetime.date, unaudited_for: int = 0) -> int:
    old = json.loads(ADVISORIES.read_text(encoding="utf-8")) if ADVISORIES.exists() else {}
    packages = {}
    failed = {}
    for name, version in sorted(pinned.items()):
        try:
            packages[name] = {"version": version, "vulnerabilities": look_up(name, version)}
        except (LookupError, OSError) as error:
            failed[name] = str(error)
    if failed and not unaudited_for:
        print(
            "Not written; these could not be looked up:",
            *failed.values(),
            sep="\n  ",
            file=sys.stderr,
        )
        return 1
    until = today + datetime.timedelta(days=unaudited_for)
    record = {
        "checked_on": today.isoformat(),
        "source": "PyPI JSON API, `vulnerabilities` of each pinned release (OSV database)",
        "scope": "[project] dependencies of pyproject.toml",
        "accepted": old.get("accepted", {}),
        "unaudited": {
            name: {
                "version": pinned[name],
                "reason": f"not looked up on {today}: {error.split(': ', 1)[-1]}",
                "until": until.isoformat(),
            }
            for name, error in failed.items()
        },
        "packages": packages,
    }
    ADVISORIES.parent.mkdir(parents=True, exist_ok=True)
    ADVISORIES.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
    count = sum(len(entry["vulnerabilities"]) for entry in packages.values())
    print(f"{len(packages)} pins looked up, {count} known vulnerabilities: {ADVISORIES}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="look the pins up (online)")
    parser.add_argument("--max-age", type=int, default=45, help="days the record is trusted")
    parser.add_argument(
        "--unaudited-for",
        type=int,
        default=0,
        metavar="DAYS",
        help="with --update: write the pins that cannot be looked up as unaudited for DAYS",
    )
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)
    parser.add_argument(
        "--age-warns",
        action="store_true",
        help="an old record or an ended waiver warns instead of failing (the test suite: its "
        "result must not depend on the day it runs)",
    )
    args = parser.parse_args(argv)
    today = args.today or datetime.date.today()
    pinned = pins()
    if args.update:
        return update(pinned, today=today, unaudited_for=args.unaudited_for)
    if not ADVISORIES.exists():
        print(f"No {ADVISORIES.relative_to(ROOT)}: run with --update.", file=sys.stderr)
        return 1
    record = json.loads(ADVISORIES.read_text(encoding="utf-8"))
    aged: list[str] = []
    found = problems(
        record, pinned, today=today, max_age=args.max_age, aged=aged if args.age_warns else None
    )
    for message in aged:
        print(f"WARNING: {message}", file=sys.stderr)
    if found:
        print("Dependency audit failed:", *found, sep="\n  ", file=sys.stderr)
        return 1
    for name, waived in sorted(record.get("unaudited", {}).items()):
        if name in pinned and waived["version"] == pinned[name]:
            print(
                f"WARNING: {name}=={waived['version']} is NOT audited until {waived['until']} "
                f"({waived['reason']}).",
                file=sys.stderr,
            )
    audited = sum(1 for name in pinned if name in record.get("packages", {}))
    print(
        f"Dependency audit: {audited} of {len(pinned)} pins looked up on "
        f"{record['checked_on']}, no known vulnerability."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
