"""A run scored by the columnar evaluator (large populations) stores the same points,
grades, ranks, awards and item scores as one scored by the scalar evaluator."""

from kaohe.assessments import services
from kaohe.assessments.models import SubjectResult
from kaohe.assessments.services import assessment_run


def stored(run) -> dict:
    results = SubjectResult.objects.filter(run=run).prefetch_related("items")
    return {
        r.subject_key: (
            r.base, r.bonus, r.penalty, r.total, r.rank, r.grade, r.vetoes, r.awards,
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


def test_bulk_runs_store_which_veto_a_subject_met(world, monkeypatch):
    """The veto ids, not just a flag: a combined year applies each veto's grade effect."""
    from kaohe.scoring import Period
    from tests.assessments.combining import make_source, rollup_version

    version, scheme = rollup_version()
    totals = {world.branch_a1: 95, world.branch_a2: 88, world.branch_b1: 70}

    def results(period):
        source = make_source(
            world, version, scheme, period, totals, vetoed=[world.branch_a1], finalize=False
        )
        return {r.organization_id: r for r in SubjectResult.objects.filter(run__assessment=source)}

    scalar = results(Period("month", 2025, 1))
    monkeypatch.setattr(services, "SCALAR_RUN_LIMIT", 0)
    bulk = results(Period("month", 2025, 2))
    for branch in totals:
        assert bulk[branch.pk].vetoes == scalar[branch.pk].vetoes
        assert bulk[branch.pk].grade == scalar[branch.pk].grade
    assert bulk[world.branch_a1.pk].vetoes == ["accident"]
    assert bulk[world.branch_a1.pk].grade == "较差"
