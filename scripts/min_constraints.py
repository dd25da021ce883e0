"""Write a pip constraints file pinning every runtime dependency to its declared floor.

    python scripts/min_constraints.py [-o FILE] [--pyproject PATH]

Each ``name>=X`` of ``[project].dependencies`` in pyproject.toml becomes ``name==X`` (extras
dropped, an environment marker kept). A runtime dependency without a ``>=`` floor is an error:
every floor must be one that is tested. ``make floors`` installs the project with
``pip install -c FILE`` and runs a smoke subset of the tests there, so a floor that no longer
works fails CI.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*"
    r"(?P<spec>[^;]*?)\s*(?:;\s*(?P<marker>.+?))?\s*$"
)


def floor_pins(dependencies: list[str]) -> list[str]:
    """``name==floor`` (with ``; marker`` if the requirement had one) for each requirement."""
    pins = []
    for requirement in dependencies:
        found = REQUIREMENT.match(requirement)
        if found is None:
            raise ValueError(f"cannot read the requirement {requirement!r}")
        floors = [
            part.strip()[2:].strip()
            for part in found["spec"].split(",")
            if part.strip().startswith(">=")
        ]
        if len(floors) != 1:
            raise ValueError(f"{requirement!r} needs exactly one '>=' floor")
        pin = f"{found['name']}=={floors[0]}"
        if found["marker"]:
            pin += f"; {found['marker']}"
        pins.append(pin)
    return pins


def constraints(pyproject: Path) -> str:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    lines = [
        f"# The declared floors of {project['name']}'s runtime dependencies, made by",
        "# scripts/min_constraints.py from pyproject.toml: do not edit.",
        *floor_pins(project.get("dependencies", [])),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    parser.add_argument("--pyproject", type=Path, default=ROOT / "pyproject.toml")
    args = parser.parse_args(argv)
    try:
        text = constraints(args.pyproject)
    except (OSError, KeyError, ValueError) as exc:
        print(f"min_constraints: {exc}", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
