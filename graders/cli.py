"""The `torchkata` command.

  torchkata release [--check] [--root DIR]   write exercises/ (stubs, test files) from solutions/
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graders import release


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="torchkata", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rel = commands.add_parser("release", help="write the student stubs in exercises/ from solutions/")
    rel.add_argument("--root", type=Path, default=Path.cwd(), help="the kit's folder (default: here)")
    rel.add_argument("--check", action="store_true", help="change nothing; exit 1 if exercises/ is out of date")
    args = parser.parse_args(argv)

    root = args.root.resolve()
    if not (root / "solutions").is_dir():
        parser.error(f"{root} has no solutions/ folder; run this in the kit's folder or pass --root")
    try:
        if args.check:
            out_of_date = release.stale(root)
            for path in out_of_date:
                print(f"out of date: {path.relative_to(root)}")
            if out_of_date:
                print("run `torchkata release` to regenerate exercises/ from solutions/")
            return 1 if out_of_date else 0
        for path in release.release(root):
            print(f"wrote {path.relative_to(root)}")
    except release.ReleaseError as error:
        print(f"torchkata release: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
