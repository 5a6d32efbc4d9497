"""Run the benchmarks: ``python -m bench [--only NAME] [--quick] [extra args for the modules]``.

Every module ``bench/<name>.py`` that defines ``main(argv)`` is a benchmark; each runs in turn
(alphabetically) and prints its own figures. ``--quick`` is passed on to each.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path


def discover() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(
        info.name
        for info in pkgutil.iter_modules([str(here)])
        if not info.name.startswith("_") and not info.ispkg
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run only this benchmark")
    parser.add_argument("--quick", action="store_true", help="smaller data sets")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args, rest = parser.parse_known_args(argv)
    names = discover()
    if args.list:
        print("\n".join(names))
        return 0
    unknown = [n for n in args.only if n not in names]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(names)}")
    status = 0
    for name in args.only or names:
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "main"):
            continue
        print(f"== bench.{name} ==", flush=True)
        started = time.monotonic()
        result = module.main([*(["--quick"] if args.quick else []), *rest])
        print(f"(bench.{name}: {time.monotonic() - started:.0f} s)\n", flush=True)
        status = status or int(result or 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
