import re

from kaohe.bench import scoring


def test_scoring_benchmark_runs_and_prints_bench_lines(capsys):
    scoring.run(subjects=3000)
    lines = capsys.readouterr().out.splitlines()
    names = {line.split()[1] for line in lines}
    assert {
        "scoring.columnar_seconds",
        "scoring.scalar_seconds_extrapolated",
        "scoring.speedup",
        "scoring.peak_rss",
    } <= names
    assert all(re.fullmatch(r"BENCH \S+ [0-9.]+ \S+", line) for line in lines)


def test_generated_population_covers_every_rule_kind_input():
    frames = scoring.generate(500)
    assert frames.subjects.height == 500
    types = set(frames.events["type"].unique().to_list())
    assert {"training_absence", "discipline", "info_published", "mass_incident"} <= types
