"""Scoring benchmark: 1,000,000 subjects × the 20-item example scheme (every rule kind).

Figures: the columnar evaluator over the whole population, the scalar evaluator on a sample
(extrapolated linearly to the population), their ratio, and the process's peak memory.
The data are generated with Polars expressions from a fixed seed, so runs are comparable.
"""

import resource
import time
from decimal import Decimal

import polars as pl

from kaohe.bench import report
from kaohe.scoring import (
    Event,
    Facts,
    ManualScore,
    Subject,
    evaluate,
    evaluate_columnar,
    get_template,
    make_facts,
)
from kaohe.scoring.columnar import FactsFrames
from kaohe.scoring.numbers import from_hundredths
from kaohe.scoring.periods import Period

DEFAULT_SUBJECTS = 1_000_000
SAMPLE = 2_000
EVENTS_PER_SUBJECT = 1.5

LEVELS = ["优", "良", "中", "差"]
EVENT_KINDS = [
    # (type, level choices, share of events)
    ("training_absence", None, 0.25),
    ("late_report", None, 0.15),
    ("late_study_notes", None, 0.15),
    (
        "info_published",
        [
            "city_typical",
            "city_brief",
            "province_typical",
            "province_brief",
            "central_typical",
            "central_brief",
        ],
        0.2,
    ),
    ("honor", ["provincial", "group"], 0.05),
    ("discipline", ["warning", "dismissal", "probation", "expulsion"], 0.1),
    ("circulated_criticism", None, 0.07),
    ("political_accident", None, 0.01),
    ("serious_safety_accident", None, 0.01),
    ("mass_incident", None, 0.01),
]


def _rand(seed: int, modulo: int) -> pl.Expr:
    return (pl.col("i").hash(seed) % modulo).cast(pl.Int64)


def generate(subjects: int) -> FactsFrames:
    base = pl.DataFrame({"i": pl.int_range(0, subjects, eager=True)})
    expected = (20 + _rand(11, 21)) * 100
    frame = base.select(
        pl.format("S{}", pl.col("i")).alias("subject"),
        pl.format("C{}", pl.col("i") % 50).alias("g:committee"),
        (pl.when(_rand(1, 10) > 0).then(100).otherwise(0)).alias("m:dues_paid_in_full"),
        (_rand(2, 5) * 100).alias("m:party_congress_meetings"),
        ((8 + _rand(3, 5)) * 100).alias("m:committee_meetings"),
        ((8 + _rand(4, 5)) * 100).alias("m:group_meetings"),
        ((2 + _rand(5, 3)) * 100).alias("m:party_lectures"),
        (_rand(6, 3) * 100).alias("m:democratic_life_meetings"),
        (pl.when(_rand(7, 5) == 0).then(100).otherwise(0)).alias("m:meeting_minutes_incomplete"),
        (pl.when(_rand(8, 100) == 0).then(100).otherwise(0)).alias("m:team_disunity"),
        (_rand(9, 4) * 100).alias("m:unset_organizations"),
        (pl.when(_rand(10, 20) > 0).then(100).otherwise(0)).alias("m:has_annual_plan"),
        _rand(12, 15000).alias("m:volunteer_hours"),
        (pl.when(_rand(13, 100) == 0).then(None).otherwise(expected - _rand(14, 7) * 100)).alias(
            "m:attendances"
        ),
        expected.alias("m:expected_attendances"),
        (_rand(15, 7) * 100).alias("m:articles_submitted"),
        (pl.when(_rand(16, 8) == 0).then(100).otherwise(0)).alias("m:sloppy_notes"),
        _rand(17, 100000).alias("m:app_points"),
        ((8 + _rand(18, 5)) * 100).alias("m:info_reports"),
        ((5 + _rand(19, 4)) * 100).alias("m:news_leads"),
        (_rand(20, 3) * 100).alias("m:research_articles_adopted"),
        pl.when(_rand(21, 50) == 0)
        .then(None)
        .otherwise(pl.lit(pl.Series(LEVELS)).gather(_rand(22, 4)))
        .alias("man:C2:level"),
        ((3 + _rand(23, 3)) * 100).alias("man:C4:points"),
        pl.lit("见考核组记录").alias("man:C2:comment"),
        pl.lit("见考核组记录").alias("man:C4:comment"),
    )
    count = int(subjects * EVENTS_PER_SUBJECT)
    ev = pl.DataFrame({"i": pl.int_range(0, count, eager=True)})
    # Event kind by cumulative share.
    kind_expr = None
    threshold = 0
    for index, (_, _, share) in enumerate(EVENT_KINDS):
        threshold += int(share * 10000)
        cond = _rand(31, 10000) < threshold
        kind_expr = (
            pl.when(cond).then(index) if kind_expr is None else kind_expr.when(cond).then(index)
        )
    assert kind_expr is not None
    ev = ev.with_columns(
        kind_expr.otherwise(len(EVENT_KINDS) - 1).alias("k"), _rand(32, subjects).alias("owner")
    )
    types = pl.Series([k for k, _, _ in EVENT_KINDS])
    level_expr = pl.lit(None, pl.String)
    for index, (_, levels, _) in enumerate(EVENT_KINDS):
        if levels:
            level_expr = (
                pl.when(pl.col("k") == index)
                .then(pl.lit(pl.Series(levels)).gather(_rand(33, len(levels))))
                .otherwise(level_expr)
            )
    linked = pl.col("k") == 0
    discipline = pl.col("k") == 5
    events = ev.select(
        pl.format("E{}", pl.col("i")).alias("id"),
        pl.when(linked)
        .then(pl.format("M{}", pl.col("i")))
        .otherwise(pl.format("S{}", pl.col("owner")))
        .alias("subject"),
        pl.lit(types).gather(pl.col("k")).alias("type"),
        level_expr.alias("level"),
        pl.when(discipline).then(pl.format("K{}", pl.col("i") // 2)).alias("case"),
        pl.when(discipline).then(pl.format("similar{}", _rand(34, 3))).alias("similar"),
        pl.when(linked).then(pl.format("S{}", pl.col("owner"))).alias("branch"),
    )
    return FactsFrames(frame, events, Period("year", 2024))


def frames_to_facts(frames: FactsFrames, subjects: int) -> Facts:
    """The first ``subjects`` rows as typed Facts for the scalar evaluator."""
    head = frames.subjects.head(subjects)
    ids = set(head["subject"].to_list())
    events = frames.events.filter(pl.col("subject").is_in(ids) | pl.col("branch").is_in(ids))
    metric_columns = [c for c in head.columns if c.startswith("m:")]
    out = []
    for row in head.iter_rows(named=True):
        metrics = {c[2:]: from_hundredths(row[c]) for c in metric_columns if row[c] is not None}
        manual = {}
        if row["man:C2:level"] is not None:
            manual["C2"] = ManualScore(level=row["man:C2:level"], comment=row["man:C2:comment"])
        manual["C4"] = ManualScore(
            points=Decimal(row["man:C4:points"]) / 100, comment=row["man:C4:comment"]
        )
        out.append(Subject(row["subject"], "", {"committee": row["g:committee"]}, metrics, manual))
    typed = [Event(**row) for row in events.iter_rows(named=True)]
    return make_facts(out, typed, frames.period)


def run(subjects: int | None = None) -> None:
    subjects = subjects or DEFAULT_SUBJECTS
    scheme = get_template("example")
    started = time.perf_counter()
    frames = generate(subjects)
    report("scoring.generate_seconds", time.perf_counter() - started, "s")
    report("scoring.subjects", subjects, "subjects")
    report("scoring.items", len(scheme.items), "items")
    report("scoring.events", frames.events.height, "events")

    evaluate_columnar(scheme, generate(1000))  # warm up Polars' thread pool and caches
    started = time.perf_counter()
    result = evaluate_columnar(scheme, frames)
    columnar = time.perf_counter() - started
    assert result.frame.height == subjects
    report("scoring.columnar_seconds", columnar, "s")

    sample = min(SAMPLE, subjects)
    facts = frames_to_facts(frames, sample)
    started = time.perf_counter()
    scalar_result = evaluate(scheme, facts)
    scalar = (time.perf_counter() - started) * subjects / sample
    report("scoring.scalar_seconds_extrapolated", scalar, "s")
    report("scoring.speedup", scalar / columnar, "x")
    # Sanity: on the sample population both evaluators agree exactly.
    assert scalar_result.to_points() == evaluate_columnar(scheme, facts).to_points()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report("scoring.peak_rss", peak, "MB")
