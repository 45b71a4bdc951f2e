"""The records benchmark's three measurements run on a small organization: the pipeline,
and the naive loop scoring each sampled subject the same way (so its ratio means something)."""

import datetime
import re

import pytest

from kaohe.assessments.models import AssessmentRun, ItemScore, SubjectResult
from kaohe.bench import records
from kaohe.demo.organization import build_large
from kaohe.demo.records import build_large_records

pytestmark = pytest.mark.django_db


def test_pipeline_and_naive_loop_measure_the_same_work(capsys):
    today = datetime.date(2026, 3, 1)
    root = build_large(today=today, committees=1, general_branches=2, branches=2, members=5)
    build_large_records(root, 2025)

    seconds, runs = records._pipeline(root, 2025)
    naive = records._naive_extrapolated(root, runs)
    polars = records._polars_reference(2025)
    rows = records._row_counts()
    sheet = records._first_sheet_seconds(runs["member"][2])
    pages = records._page_seconds(runs["member"][2])  # raises unless each page answers 200
    secretary = records._secretary_page_seconds(runs["member"][2])

    assert seconds > 0 and naive > 0 and polars > 0 and sheet > 0
    assert set(pages) == {"dashboard", "ranking", "awards", "review", "facts", "sheet", "export"}
    assert set(secretary) == {
        "dashboard",
        "records",
        "branch_records",
        "meetings",
        "development",
        "sheet",
    }
    assert rows["records_attendance"] > 0 and rows["records_meeting"] > 0
    assert runs["branch"][2].subject_count == 4
    assert runs["member"][2].subject_count == 20
    # The naive loop's own results are rolled back: only the pipeline's two runs remain.
    assert AssessmentRun.objects.count() == 2
    assert SubjectResult.objects.count() == 24
    assert ItemScore.objects.filter(result__run__in=[r[2] for r in runs.values()]).exists()
    lines = capsys.readouterr().out.splitlines()
    names = {line.split()[1] for line in lines}
    assert {
        "records.pipeline_seconds",
        "records.branch.metrics_seconds",
        "records.member.score_and_store_seconds",
        "records.naive.branch_ms_per_subject",
        "records.naive.member_ms_per_subject",
    } <= names
    assert all(re.fullmatch(r"BENCH \S+ [0-9.]+ \S+", line) for line in lines)
