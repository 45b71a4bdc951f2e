from decimal import Decimal

import pytest
from django.urls import reverse

from kaohe.assessments import selectors
from kaohe.assessments.models import AssessmentRun, ItemScore, SubjectResult
from kaohe.assessments.services import assessment_run
from kaohe.scoring import load_scheme
from tests.schemes import SMALL_SCHEME


def result(world, run, org) -> SubjectResult:
    return SubjectResult.objects.get(run=run, organization=org)


def test_points_ranks_grades_and_awards_are_stored_exactly(world, scored):
    _, _, run, _ = scored
    a1, a2, b1 = (
        result(world, run, o) for o in (world.branch_a1, world.branch_a2, world.branch_b1)
    )
    # 大会每季一次: 4 required. a1 held 4 → 6 + 4; a2 held 3 → 5 + 4; b1 held 1 and no dues → 3 + 0.
    assert (a1.total, a2.total, b1.total) == (Decimal(10), Decimal(9), Decimal(3))
    assert (a1.rank, a2.rank, b1.rank) == (1, 2, 3)
    assert (a1.grade, a2.grade, b1.grade) == ("优秀", "优秀", "一般")
    assert a1.awards == ["advanced"] and a2.awards == [] and b1.awards == []  # 50% of 3 → 1 place
    assert ItemScore.objects.get(result=b1, item_id="A1").points == Decimal(3)


def test_run_is_pinned_to_scheme_version_and_input_hash(world, scored):
    scheme, assessment, run, facts = scored
    assert run.scheme_fingerprint == scheme.fingerprint == assessment.scheme_version.fingerprint
    assert selectors.run_facts(run) == facts
    from kaohe.scoring import parse_facts

    assert run.facts_fingerprint == parse_facts(facts).fingerprint()


def test_explanations_are_stored_as_data_and_render_to_chinese(world, scored, client):
    _, _, run, _ = scored
    b1 = result(world, run, world.branch_b1)
    client.force_login(world.site_admin)
    body = client.get(reverse("assessments:result", args=[b1.pk])).content.decode()
    assert "支部党员大会应开4次,实开1次,少3次扣3分" in body


def test_a_second_run_replaces_the_first_atomically(world, scored):
    scheme, assessment, first, facts = scored
    facts["subjects"][2]["metrics"]["party_congress_meetings"] = 4
    second = assessment_run(assessment=assessment, scheme=scheme, facts_json=facts, by=None)
    assert list(AssessmentRun.objects.filter(assessment=assessment)) == [second]
    assert result(world, second, world.branch_b1).total == Decimal(6)
    assert not SubjectResult.objects.filter(run=first).exists()


def test_a_run_with_another_scheme_version_is_refused(world, scored):
    _, assessment, _, facts = scored
    other = load_scheme(SMALL_SCHEME.replace('version: "1"', 'version: "2"'))
    with pytest.raises(ValueError, match="pinned"):
        assessment_run(assessment=assessment, scheme=other, facts_json=facts, by=None)


def test_bulk_runs_explain_on_demand_from_the_pinned_inputs(world, scored, settings, monkeypatch):
    from kaohe.assessments import services

    scheme, assessment, _, facts = scored
    monkeypatch.setattr(services, "SCALAR_RUN_LIMIT", 0)  # force the columnar path
    run = assessment_run(assessment=assessment, scheme=scheme, facts_json=facts, by=None)
    b1 = result(world, run, world.branch_b1)
    assert not ItemScore.objects.get(result=b1, item_id="A1").explanations
    sheet = selectors.result_sheet(b1)
    a1_item = sheet[0].items[0]
    assert a1_item.points == Decimal(3) and a1_item.explanations
    assert ItemScore.objects.get(result=b1, item_id="A1").explanations  # stored once rendered
