"""``python -m hrtui.bench [--quick] [--json FILE] [--cache DIR]``: measure hrtui at agency
scale against its budgets. See :mod:`hrtui.bench`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hrtui.bench import run
from hrtui.bench.synth import FULL, QUICK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hrtui.bench",
        description="Measure hrtui on a synthetic vault against its performance budgets.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smaller vault (1,000 clients, 20 with 3 years of daily entries)",
    )
    parser.add_argument(
        "--json",
        metavar="FILE",
        type=Path,
        help="also write the measures as {name: number} to FILE",
    )
    parser.add_argument(
        "--cache",
        metavar="DIR",
        type=Path,
        help="where synthetic vaults are kept (default: a temp folder)",
    )
    args = parser.parse_args(argv)

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    results = run(QUICK if args.quick else FULL, cache=args.cache, log=say)
    print(results.table())
    if args.json:
        args.json.write_text(json.dumps(results.numbers, indent=2) + "\n")
        say(f"Wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
