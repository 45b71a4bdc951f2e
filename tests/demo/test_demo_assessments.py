"""The demo's assessments: computed from the demo records, complete, and telling branches apart."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from kaohe.assessments import services
from kaohe.assessments.facts import build_facts
from kaohe.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentRun,
    FactEntry,
    ItemScore,
    ManualRating,
    Stage,
    SubjectResult,
)
from kaohe.assessments.serialization import explanation_from_json
from kaohe.assessments.services import scheme_of_version
from kaohe.demo.assessments import fact_outcomes, unavailable_metrics
from kaohe.demo.organization import DEMO_CODE
from kaohe.demo.records import DILIGENT, GAPPY, branch_characters
from kaohe.organizations.models import Organization
from kaohe.records.models import Attendance, DuesPayment, Meeting
from kaohe.scoring import Period, get_template, render_explanation

YEAR = timezone.localdate().year - 1


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """`kaohe demo` once for the module (rolled back after): organization, records, assessments."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", stdout=out)
        yield Organization.objects.get(code=DEMO_CODE), out.getvalue()
        transaction.set_rollback(True)


def results_of(template: str) -> list[SubjectResult]:
    assessment = Assessment.objects.get(scheme_version__scheme_id=template, period_year=YEAR)
    run = assessment.runs.get()
    return list(run.results.order_by("rank", "subject_key"))


@pytest.mark.django_db
def test_every_demo_assessment_is_computed_with_nothing_missing(demo):
    root, output = demo
    assessments = Assessment.objects.filter(organization=root, kind=AssessmentKind.RECORDS)
    templates = set(assessments.values_list("scheme_version__scheme_id", flat=True))
    assert {"pian4-rules2", "pian7-branch", "pian7-member"} <= templates
    for assessment in assessments:
        assert assessment.period_year == YEAR
        assert assessment.runs.count() == 1
        built = build_facts(scheme_of_version(assessment.scheme_version), assessment)
        assert built.unavailable == [], assessment
    assert len(results_of("pian4-rules2")) == 12
    assert len(results_of("pian7-member")) > 250
    assert "pian4-rules2" in output


@pytest.mark.django_db
def test_totals_differ_and_diligent_branches_outrank_those_with_gaps(demo):
    root, _ = demo
    characters = branch_characters(root)
    for template in ("pian4-rules2", "pian7-branch"):
        results = results_of(template)
        totals = [r.total for r in results]
        assert len(set(totals)) >= 6, (template, totals)
        assert max(totals) - min(totals) >= 15, (template, totals)
        by_character = {}
        for r in results:
            by_character.setdefault(characters[r.organization_id], []).append(r.total)
        assert min(by_character[DILIGENT]) > max(by_character[GAPPY]), template
        assert len({r.grade for r in results}) >= 2


@pytest.mark.django_db
def test_awards_are_decided(demo):
    branches = results_of("pian7-branch")
    awarded = [r for r in branches if "advanced_branch" in r.awards]
    assert 1 <= len(awarded) <= 3  # 先进党支部: ≥ 85 and at most 30% of 12
    assert all(r.total >= 85 for r in awarded)
    members = results_of("pian7-member")
    assert any("excellent_member" in r.awards for r in members)


@pytest.mark.django_db
def test_rules1_is_finalized_per_quarter_and_year_end_and_combined_into_the_year(demo):
    combined = Assessment.objects.get(kind=AssessmentKind.COMBINED, period_year=YEAR)
    assert combined.scheme_version.scheme_id == "pian4-rules1"
    assert combined.stage == Stage.PUBLISHED
    sources = {s.source.period_label: (s.part, s.source.stage) for s in combined.sources.all()}
    assert sources == {
        **{f"{YEAR}年第{q}季度": ("daily", Stage.FINALIZED) for q in range(1, 5)},
        f"{YEAR}年度": ("central", Stage.FINALIZED),
    }
    results = list(combined.runs.get().results.all())
    assert len(results) == 12
    sentence = render_explanation(explanation_from_json(results[0].explanations[0]))
    assert sentence.startswith("日常考核(4个季度平均)") and "集中考核" in sentence
    assert services.assessment_verify(assessment=combined) == []


@pytest.mark.django_db
def test_deductions_are_explained_down_to_the_records(demo):
    records = {
        ref
        for explanations in ItemScore.objects.values_list("explanations", flat=True)
        for explanation in explanations
        for ref in explanation.get("records", ())
    }
    meetings = [r for r in records if r.startswith("meeting:")]
    cases = [r for r in records if r.startswith("discipline_case:")]
    assert meetings and cases
    meeting_id, attendance_id = meetings[0].removeprefix("meeting:").split("#")
    attendance = Attendance.objects.get(pk=attendance_id)
    assert attendance.meeting_id == int(meeting_id)
    assert attendance.status == "absent"


@pytest.mark.django_db
def test_evaluators_part_is_entered_with_comments_below_full_marks(demo):
    assert FactEntry.objects.exists()
    assert ManualRating.objects.exists()
    assert all(
        r.comment
        for r in ManualRating.objects.filter(points__isnull=False)
        if r.points < 4 and r.item_id == "I21"
    )


def test_fact_outcomes_are_read_from_the_rules():
    scheme = get_template("pian4-rules2")
    year = Period("year", 2025)
    assert fact_outcomes(scheme, "has_archive_cabinet", year) == (1, 0)  # zero_if == 0
    assert fact_outcomes(scheme, "dues_publications", year) == (4, 3)  # quarterly shortfall
    assert fact_outcomes(scheme, "org_requirements_unmet", year) == (0, 1)  # a count
    assert fact_outcomes(scheme, "secretary_qualified", year) == (1, 0)  # a when clause: == 0
    # completion: the condition holding earns the points (pian4-rules1 R2: no arrears)
    assert fact_outcomes(get_template("pian4-rules1"), "dues_arrears", year) == (0, 1)
    assert "has_archive_cabinet" in unavailable_metrics(scheme)
    assert "committee_meetings" not in unavailable_metrics(scheme)


@pytest.mark.django_db
def test_running_the_demo_again_adds_nothing(demo):
    tables = (
        Meeting, Attendance, DuesPayment, Assessment, AssessmentRun, SubjectResult, FactEntry,
        ManualRating,
    )  # fmt: skip
    before = [model.objects.count() for model in tables]
    out = StringIO()
    call_command("demo", stdout=out)
    call_command("demo", "--if-empty", stdout=out)
    assert [model.objects.count() for model in tables] == before
    assert out.getvalue().count("already present") == 2
