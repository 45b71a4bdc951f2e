"""Run the benchmarks: ``python -m kaohe.bench [NAME …] [--subjects N]``."""

import argparse
import importlib
import sys

# Sibling modules, each with run(subjects: int | None); add new benchmarks here.
BENCHMARKS = ["scoring", "records"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kaohe.bench")
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(BENCHMARKS))
    parser.add_argument(
        "--subjects", type=int, help="population size (default: each benchmark's own)"
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    for name in args.names or BENCHMARKS:
        module = importlib.import_module(f"kaohe.bench.{name}")
        module.run(subjects=args.subjects)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
