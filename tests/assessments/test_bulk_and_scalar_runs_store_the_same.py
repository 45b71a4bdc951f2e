"""A run scored by the columnar evaluator (large populations) stores the same points,
grades, ranks, awards and item scores as one scored by the scalar evaluator."""

from kaohe.assessments import services
from kaohe.assessments.models import SubjectResult
from kaohe.assessments.services import assessment_run


def stored(run) -> dict:
    results = SubjectResult.objects.filter(run=run).prefetch_related("items")
    return {
        r.subject_key: (
            r.base, r.bonus, r.penalty, r.total, r.rank, r.grade, bool(r.vetoes), r.awards,
            sorted((i.item_id, i.points, i.excluded) for i in r.items.all()),
        )
        for r in results
    }  # fmt: skip


def test_columnar_storage_matches_scalar_storage(world, scored, monkeypatch):
    scheme, assessment, scalar_run, facts = scored
    expected = stored(scalar_run)
    monkeypatch.setattr(services, "SCALAR_RUN_LIMIT", 0)  # force the columnar path
    columnar_run = assessment_run(assessment=assessment, scheme=scheme, facts_json=facts, by=None)
    assert stored(columnar_run) == expected
    assert any(row[7] for row in expected.values())  # awards are compared, not all empty
