"""The naive loop stores what the pipeline stores: the same results, ranks, grades, awards,
vetoes and item scores, the same pinned facts, and one audit row per subject total."""

import pytest

from kaohe.assessments.models import AuditSource, ItemScore, ScoreAudit, SubjectResult
from kaohe.assessments.services import (
    assessment_compute,
    assessment_open,
    scheme_version_from_file,
)
from kaohe.bench.naive import naive_run
from kaohe.bench.records import SCHEMES
from kaohe.scoring import Period
from tests.bench.conftest import YEAR

pytestmark = pytest.mark.django_db


def stored(run) -> tuple[dict, dict]:
    results = {
        key: rest
        for key, *rest in SubjectResult.objects.filter(run=run).values_list(
            "subject_key", "base", "bonus", "penalty", "total", "rank", "grade", "awards",
            "vetoes", "explanations",
        )
    }  # fmt: skip
    items = {
        (key, item): rest
        for key, item, *rest in ItemScore.objects.filter(result__run=run).values_list(
            "result__subject_key", "item_id", "points", "excluded", "explanations"
        )
    }
    return results, items


@pytest.mark.parametrize("name", ["bench-branch", "bench-member"])
def test_naive_run_stores_what_the_pipeline_stores(small_bench, name):
    version, scheme = scheme_version_from_file(SCHEMES / f"{name}.yaml")
    assessment = assessment_open(
        scheme_version=version, organization=small_bench.root, period=Period("year", YEAR), by=None
    )
    pipeline, built = assessment_compute(assessment=assessment, by=None)
    audited = set(ScoreAudit.objects.values_list("pk", flat=True))
    subjects = small_bench.branches if scheme.subject == "branch" else small_bench.members

    naive = naive_run(
        assessment=assessment,
        scheme=scheme,
        subjects=subjects,
        member_branches=built.member_branches,
    )

    assert naive.facts_fingerprint == pipeline.facts_fingerprint
    assert naive.subject_count == pipeline.subject_count == len(subjects)
    results, items = stored(naive)
    assert (results, items) == stored(pipeline)
    # The data exercises what evaluating subjects one by one used to get wrong.
    awards_and_vetoes = [(r[6], r[7]) for r in results.values()]
    assert any(awards for awards, _ in awards_and_vetoes)
    if name == "bench-branch":
        assert any(vetoes for _, vetoes in awards_and_vetoes)
    audit = ScoreAudit.objects.exclude(pk__in=audited).values_list(
        "subject_key", "item_id", "old", "new", "source"
    )
    assert sorted(audit) == sorted(
        (key, "", None, r[3], AuditSource.ENGINE) for key, r in results.items()
    )
