"""Benchmarks: `make bench` runs every module in kaohe.bench.__main__.BENCHMARKS.

Each benchmark module has ``run()`` and prints one line per figure: ``BENCH <name> <value> <unit>``.
"""


def report(name: str, value: float | int, unit: str) -> None:
    text = f"{value:.3f}" if isinstance(value, float) else str(value)
    print(f"BENCH {name} {text} {unit}", flush=True)
