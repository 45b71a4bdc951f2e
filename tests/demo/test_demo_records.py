"""The demo's year of records: plausible, shaped by each branch's character, idempotent."""

import datetime
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from kaohe.demo.organization import build_demo, build_large
from kaohe.demo.records import (
    DILIGENT,
    GAPPY,
    branch_characters,
    build_demo_records,
    build_large_records,
)
from kaohe.organizations.models import Member, Organization, OrgKind, Position
from kaohe.records.models import (
    PARTY_PUNISHMENTS,
    Article,
    Attendance,
    DevelopmentStep,
    DisciplineCase,
    DuesPayment,
    Election,
    Meeting,
    MeetingKind,
    ReportSubmission,
    StudyNoteCheck,
)

TODAY = timezone.localdate()
YEAR = TODAY.year - 1


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The standard demo with its records, built once for the module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        root = build_demo(today=TODAY)
        counts = build_demo_records(root, today=TODAY)
        yield root, counts
        transaction.set_rollback(True)


def branches_of(root, character):
    characters = branch_characters(root)
    return [Organization.objects.get(pk=pk) for pk, c in characters.items() if c == character]


def year_meetings(org):
    return Meeting.objects.filter(organization__path__startswith=org.path, held_on__year=YEAR)


@pytest.mark.django_db
def test_diligent_branches_keep_every_frequency_of_the_three_meetings_and_one_lesson(demo):
    root, _ = demo
    required = {
        MeetingKind.PARTY_CONGRESS: 4,  # 每季
        MeetingKind.COMMITTEE: 12,  # 每月
        MeetingKind.LECTURE: 4,  # 每季
        MeetingKind.LIFE_MEETING: 2,  # 每半年
        MeetingKind.THEME_DAY: 12,  # 每月
        MeetingKind.STUDY: 12,  # 每月
    }
    diligent = branches_of(root, DILIGENT)
    assert len(diligent) == 4
    for branch in diligent:
        held = Counter(
            year_meetings(branch).exclude(kind=MeetingKind.GROUP).values_list("kind", flat=True)
        )
        for kind, count in required.items():
            assert held[kind] >= count, (branch.name, kind, held)
        groups = Organization.objects.filter(path__startswith=branch.path, kind=OrgKind.GROUP)
        for group in groups:
            assert Meeting.objects.filter(organization=group, held_on__year=YEAR).count() >= 12


@pytest.mark.django_db
def test_every_meeting_lists_its_roster_and_the_committees_its_secretaries(demo):
    root, _ = demo
    members = list(Member.objects.filter(branch__path__startswith=root.path))
    by_org: dict[int, list[Member]] = {}
    for m in members:
        by_org.setdefault(m.branch_id, []).append(m)
        if m.group_id:
            by_org.setdefault(m.group_id, []).append(m)
    recorded: dict[int, set[int]] = {}
    for meeting_id, member_id in Attendance.objects.filter(
        meeting__organization__path__startswith=root.path
    ).values_list("meeting_id", "member_id"):
        recorded.setdefault(meeting_id, set()).add(member_id)
    meetings = Meeting.objects.filter(organization__path__startswith=root.path)
    assert meetings.count() > 1000
    secretaries = {m.pk for m in members if m.position == Position.SECRETARY}
    above = 0
    for pk, org_id, held_on in meetings.values_list("pk", "organization_id", "held_on"):
        if org_id == root.pk:  # the 党委's meetings with the branch secretaries
            above += 1
            assert recorded[pk] == secretaries
            continue
        roster = {m.pk for m in by_org[org_id] if m.joined_party_on <= held_on}
        assert recorded.get(pk, set()) == roster
    assert above == 4


@pytest.mark.django_db
def test_dues_notes_and_points_once_per_member_and_month(demo):
    root, counts = demo
    members = Member.objects.filter(branch__path__startswith=root.path)
    expected = sum(
        12 - (m.joined_party_on.month - 1 if m.joined_party_on.year == YEAR else 0)
        for m in members
        if m.joined_party_on.year <= YEAR
    )
    in_year = DuesPayment.objects.filter(organization__path__startswith=root.path, month__year=YEAR)
    assert in_year.count() == expected
    assert StudyNoteCheck.objects.filter(month__year=YEAR).count() == expected
    assert counts["AppLearningPoints"] >= expected
    assert in_year.filter(amount_paid__gte=1).count() > 0.95 * expected  # most pay in full
    assert all(d > 0 for d in in_year.values_list("amount_due", flat=True))


@pytest.mark.django_db
def test_one_discipline_case_with_a_party_and_an_administrative_punishment(demo):
    cases = list(DisciplineCase.objects.all())
    assert len(cases) == 2
    assert len({(c.case_ref, c.member_id) for c in cases}) == 1
    assert {c.punishment in PARTY_PUNISHMENTS for c in cases} == {True, False}


@pytest.mark.django_db
def test_branch_characters_show_in_the_records(demo):
    root, _ = demo
    diligent, gappy = branches_of(root, DILIGENT), branches_of(root, GAPPY)

    def quarterly(branch):
        return (
            year_meetings(branch)
            .filter(kind__in=[MeetingKind.PARTY_CONGRESS, MeetingKind.LECTURE])
            .count()
        )

    assert min(quarterly(b) for b in diligent) == 8
    assert all(quarterly(b) < 8 for b in gappy)
    late = ReportSubmission.objects.filter(submitted_on__year=YEAR, due_on__isnull=False)
    late = [r for r in late if r.late]
    assert {r.organization_id for r in late} & {b.pk for b in gappy}
    assert not {r.organization_id for r in late} & {b.pk for b in diligent}
    arrears = DuesPayment.objects.filter(month__year=YEAR, amount_paid=0)
    assert (
        arrears.filter(organization__in=gappy).count()
        > arrears.filter(organization__in=diligent).count()
    )
    published = Article.objects.filter(published=True).exclude(level="internal")
    assert {a.level for a in published} == {"city", "province"}
    elections = dict(Election.objects.values_list("organization_id", "held_on"))
    for org in Organization.objects.filter(path__startswith=root.path).exclude(kind=OrgKind.GROUP):
        assert elections[org.pk] == org.last_election_on


@pytest.mark.django_db
def test_the_current_month_has_meetings_for_the_calendar(demo):
    first = TODAY.replace(day=1)
    assert Meeting.objects.filter(held_on__range=(first, TODAY)).exists()
    assert not Meeting.objects.filter(held_on__gt=TODAY).exists()
    assert not DuesPayment.objects.filter(paid_on__gt=TODAY).exists()


@pytest.mark.django_db
def test_large_records_write_the_expected_rows():
    root = build_large(
        today=datetime.date(2026, 11, 24), committees=1, general_branches=1, branches=2, members=3
    )
    counts = build_large_records(root, 2025)
    members = list(Member.objects.filter(branch__path__startswith=root.path))
    meetings = Meeting.objects.filter(organization__path__startswith=root.path)
    assert counts["Meeting"] == meetings.count()
    assert 2 * 50 <= meetings.count() <= 2 * 72
    kinds = dict(meetings.values_list("kind").annotate(n=Count("id")))
    assert kinds[MeetingKind.GROUP] > kinds[MeetingKind.COMMITTEE]
    expected_attendance = 0
    for org_id, held_on in meetings.values_list("organization_id", "held_on"):
        expected_attendance += sum(
            1
            for m in members
            if org_id in (m.branch_id, m.group_id) and m.joined_party_on <= held_on
        )
    attendance = Attendance.objects.filter(meeting__organization__path__startswith=root.path)
    assert counts["Attendance"] == attendance.count() == expected_attendance
    months = sum(
        sum(1 for month in range(1, 13) if datetime.date(2025, month, 28) >= m.joined_party_on)
        for m in members
    )
    dues = DuesPayment.objects.filter(organization__path__startswith=root.path)
    assert counts["DuesPayment"] == dues.count() == months
    assert counts["StudyNoteCheck"] == months
    assert counts["Election"] == 5  # 集团党委, 分公司党委, 党总支, two branches
    assert counts["total"] == sum(v for k, v in counts.items() if k not in ("total", "seconds"))
    assert dues.filter(amount_due__gt=0).count() == months
    assert {m.entered_by.username for m in meetings[:3]} == {"demo-loader"}
    Meeting.objects.create(  # the id sequence continues after the explicit ids
        organization_id=meetings[0].organization_id,
        entered_by=meetings[0].entered_by,
        kind=MeetingKind.COMMITTEE,
        held_on=datetime.date(2025, 12, 30),
        topic="t",
    )


@pytest.mark.django_db
def test_gappy_branches_secretaries_missed_a_meeting_of_the_committee(demo):
    from kaohe.assessments.metrics import CATALOGUE, Scope, org_key
    from kaohe.demo.records import GAPPY, branch_characters
    from kaohe.scoring import Period

    root, _ = demo
    scope = Scope.of(root, Period("year", YEAR), with_members=False)
    missed = CATALOGUE["secretary_meeting_absences"].compute(scope, "branch")
    gappy = {org_key(pk) for pk, c in branch_characters(root).items() if c == GAPPY}
    assert missed and set(missed) == gappy and set(missed.values()) == {1}
    assert CATALOGUE["meeting_absences"].compute(scope, "branch") == missed


@pytest.mark.django_db
def test_one_gappy_branch_named_a_development_candidate_too_soon(demo):
    from kaohe.assessments.metrics import CATALOGUE, Scope, org_key
    from kaohe.demo.records import GAPPY, branch_characters
    from kaohe.scoring import Period

    root, _ = demo
    scope = Scope.of(root, Period("year", YEAR), with_members=False)
    irregular = CATALOGUE["development_steps_irregular"].compute(scope, "branch")
    gappy = [pk for pk, c in branch_characters(root).items() if c == GAPPY]
    assert {key for key, n in irregular.items() if n} == {org_key(gappy[-1])}


@pytest.mark.django_db
def test_an_extended_probation_and_a_cancelled_one_in_an_average_branch(demo):
    from kaohe.accounts.models import User
    from kaohe.demo.records import AVERAGE
    from kaohe.records.development import development_ledger

    root, _ = demo
    everyone = User.objects.create(username="demo-test-admin", is_superuser=True)
    rows = {
        row.person: row
        for row in development_ledger(everyone, branches_of(root, AVERAGE)[0], TODAY)
    }
    assert (rows["马延期"].extended_months, rows["马延期"].reached) == (6, "full")
    assert rows["韩取消"].cancelled and not rows["韩取消"].in_progress


@pytest.mark.django_db
def test_large_records_carry_development_steps_up_to_today():
    from kaohe.accounts.models import User
    from kaohe.records.development import irregular_steps, probations_over

    today = datetime.date(2026, 11, 24)
    root = build_large(today=today, committees=1, general_branches=1, branches=6, members=3)
    counts = build_large_records(root, 2025, today=today)
    steps = DevelopmentStep.objects.filter(organization__path__startswith=root.path)
    assert counts["DevelopmentStep"] == steps.count() >= 6
    assert not steps.filter(step_on__gt=today).exists()
    assert steps.filter(step_on__year=2026).exists()  # beyond the records' year, up to today
    for branch_id in set(steps.values_list("organization_id", flat=True)):
        chain = list(
            steps.filter(organization_id=branch_id)
            .order_by("step_on")
            .values_list("step", "person_name", "step_on", "extended_months")
        )
        # Only a hasty 发展对象 breaks the procedure.
        assert {chain[i][0] for i in irregular_steps(chain)} <= {"candidate"}
    everyone = User.objects.create(username="large-demo-admin", is_superuser=True)
    for over in probations_over(everyone, today):
        assert over.ended <= today
        assert not steps.filter(person_name=over.person, step="full").exists()
