"""Each metric against records counted by hand (2025, the personas' tree)."""

import datetime
from decimal import Decimal

import pytest

from kaohe.assessments.metrics import CATALOGUE, EVENT_SOURCES, Scope, member_key, org_key
from kaohe.records.models import (
    Article,
    ArticleFormat,
    ArticleLevel,
    DisciplineCase,
    DuesPayment,
    MeetingKind,
    Punishment,
    ReportKind,
    ReportSubmission,
    VolunteerService,
)
from kaohe.records.services import meeting_create, record_create
from kaohe.scoring import Period
from tests.conftest import World

D = datetime.date
YEAR = Period("year", 2025)


@pytest.fixture
def records(world: World):
    w, by = world, world.site_admin
    sec, mem = w.a1_secretary.pk, w.a1_member.pk

    def meeting(org, kind, day, attendance):
        return meeting_create(
            organization=org,
            entered_by=by,
            kind=kind,
            held_on=day,
            topic="学习",
            attendance=attendance,
        )

    # 支部党员大会: three in 2025, one on each side of the year that must not count.
    meeting(
        w.branch_a1, MeetingKind.PARTY_CONGRESS, D(2025, 3, 10), [(sec, "present"), (mem, "absent")]
    )
    meeting(
        w.branch_a1,
        MeetingKind.PARTY_CONGRESS,
        D(2025, 6, 10),
        [(sec, "present"), (mem, "present")],
    )
    meeting(
        w.branch_a1,
        MeetingKind.PARTY_CONGRESS,
        D(2025, 12, 31),
        [(sec, "present"), (mem, "excused")],
    )
    meeting(w.branch_a1, MeetingKind.PARTY_CONGRESS, D(2024, 12, 31), [(sec, "present")])
    meeting(w.branch_a1, MeetingKind.PARTY_CONGRESS, D(2026, 1, 1), [(sec, "present")])
    meeting(w.branch_a1, MeetingKind.COMMITTEE, D(2025, 5, 1), [(sec, "present")])
    meeting(w.group_a1, MeetingKind.GROUP, D(2025, 2, 2), [(sec, "present"), (mem, "present")])
    meeting(w.group_a1, MeetingKind.GROUP, D(2025, 3, 3), [(sec, "present"), (mem, "present")])
    meeting(w.branch_a1, MeetingKind.STUDY, D(2025, 4, 4), [(sec, "present"), (mem, "absent")])
    meeting(w.branch_b1, MeetingKind.PARTY_CONGRESS, D(2025, 3, 1), [(w.b1_member.pk, "present")])

    for month, paid in ((1, "30.00"), (2, "10.00"), (3, "30.00")):
        record_create(
            model=DuesPayment,
            organization=w.branch_a1,
            entered_by=by,
            member=w.a1_member,
            month=D(2025, month, 1),
            amount_due=Decimal("30.00"),
            amount_paid=Decimal(paid),
            paid_on=D(2025, month, 5),
        )
    for punishment in (Punishment.WARNING, Punishment.ADMIN_DEMERIT):
        record_create(
            model=DisciplineCase,
            organization=w.branch_a1,
            entered_by=by,
            member=w.a1_member,
            case_ref="K1",
            event="违规公款吃喝",
            punishment=punishment,
            decided_on=D(2025, 7, 1),
        )
    record_create(
        model=VolunteerService,
        organization=w.branch_a1,
        entered_by=by,
        member=w.a1_member,
        served_on=D(2025, 4, 1),
        hours=Decimal("3.5"),
        activity="社区服务",
    )
    record_create(
        model=VolunteerService,
        organization=w.branch_a1,
        entered_by=by,
        served_on=D(2025, 5, 1),
        hours=Decimal("2"),
        activity="义务植树",
    )
    record_create(
        model=Article,
        organization=w.branch_a1,
        entered_by=by,
        member=w.a1_member,
        title="学习体会",
        submitted_on=D(2025, 3, 1),
        published=True,
        published_on=D(2025, 3, 20),
        level=ArticleLevel.CITY,
        form=ArticleFormat.BRIEF,
    )
    record_create(
        model=Article,
        organization=w.branch_a1,
        entered_by=by,
        title="支部动态",
        submitted_on=D(2025, 8, 1),
    )
    record_create(
        model=ReportSubmission,
        organization=w.branch_a1,
        entered_by=by,
        kind=ReportKind.INFORMATION,
        title="信息",
        due_on=D(2025, 1, 31),
        submitted_on=D(2025, 2, 3),
    )
    w.branch_a1.last_election_on = D(2024, 1, 1)
    w.branch_a1.save(update_fields=["last_election_on"])
    w.branch_b1.last_election_on = D(2023, 12, 31)
    w.branch_b1.save(update_fields=["last_election_on"])
    return w


def compute(world, name, subject="branch", period=YEAR):
    scope = Scope.of(world.root, period, with_members=subject == "member")
    return CATALOGUE[name].compute(scope, subject)


def test_meetings_count_only_the_period_and_kind(records):
    held = compute(records, "party_congress_meetings")
    assert held == {org_key(records.branch_a1.pk): 3, org_key(records.branch_b1.pk): 1}
    assert compute(records, "committee_meetings") == {org_key(records.branch_a1.pk): 1}


def test_quarter_counts_its_last_day_and_not_the_next(records):
    q4 = compute(records, "party_congress_meetings", period=Period("quarter", 2025, 4))
    assert q4 == {org_key(records.branch_a1.pk): 1}


def test_group_meetings_are_the_least_active_groups_count(records):
    # a1 has one group with 2 meetings; a2 and b1 have no group: missing, not zero.
    assert compute(records, "group_meetings") == {org_key(records.branch_a1.pk): 2}


def test_attendance_counts_present_against_every_row(records):
    a1, mem = org_key(records.branch_a1.pk), member_key(records.a1_member.pk)
    # present: congress 1+2+1, committee 1, group 2+2, study 1 = 10; rows: 6 + 1 + 4 + 2 = 13
    assert compute(records, "attendances")[a1] == 10
    assert compute(records, "expected_attendances")[a1] == 13
    # the member: present at congress #2 and both group meetings; rows: 3 + 2 + 1 = 6
    assert compute(records, "attendances", "member")[mem] == 3
    assert compute(records, "expected_attendances", "member")[mem] == 6


def test_dues_arrears_count_short_months(records):
    a1, mem = org_key(records.branch_a1.pk), member_key(records.a1_member.pk)
    assert compute(records, "dues_arrears") == {a1: 1}
    assert compute(records, "dues_arrears", "member") == {mem: 1}
    assert compute(records, "dues_paid_in_full") == {a1: 0}  # others: no rows → missing


def test_volunteer_hours_add_member_and_branch_records(records):
    assert compute(records, "volunteer_hours") == {org_key(records.branch_a1.pk): Decimal("5.5")}
    member = compute(records, "volunteer_hours", "member")
    assert member == {member_key(records.a1_member.pk): Decimal("3.5")}


def test_articles_submitted_and_published(records):
    a1 = org_key(records.branch_a1.pk)
    assert compute(records, "articles_submitted")[a1] == 2
    assert compute(records, "articles_published")[a1] == 1
    assert compute(records, "info_reports")[a1] == 1


def test_elections_overdue_at_the_end_of_the_period(records):
    overdue = compute(records, "elections_overdue")
    # Branch term 2 years: elected 2024-01-01 → due 2026-01-01 (fine at 2025-12-31);
    # elected 2023-12-31 → due 2025-12-31 (overdue); never elected → overdue.
    assert overdue[org_key(records.branch_a1.pk)] == 0
    assert overdue[org_key(records.branch_b1.pk)] == 1
    assert overdue[org_key(records.branch_a2.pk)] == 1


def test_discipline_events_share_the_case_and_name_their_records(records):
    scope = Scope.of(records.root, YEAR, with_members=False)
    events = [e for e in EVENT_SOURCES["discipline"](scope, "branch") if e["type"] == "discipline"]
    # 党内警告 and 行政记过 for one event: both the seed's 警告/记过 tier, one case (就高).
    assert [e["level"] for e in events] == ["warning", "warning"]
    assert {e["case"] for e in events} == {"K1"}
    assert all(e["id"].startswith("discipline_case:") for e in events)
    assert {e["subject"] for e in events} == {org_key(records.branch_a1.pk)}


def test_a_member_punished_is_a_violation_of_that_member(records):
    scope = Scope.of(records.root, YEAR, with_members=True)
    events = EVENT_SOURCES["violation"](scope, "member")
    violations = [e for e in events if e["type"] == "violation"]
    assert {e["subject"] for e in violations} == {member_key(records.a1_member.pk)}


def test_study_absences_are_member_events_linked_to_their_branch(records):
    scope = Scope.of(records.root, YEAR, with_members=False)
    events = EVENT_SOURCES["training_absence"](scope, "branch")
    assert len(events) == 1
    assert events[0]["subject"] == member_key(records.a1_member.pk)
    assert events[0]["branch"] == org_key(records.branch_a1.pk)


def test_late_report_and_publication_events(records):
    scope = Scope.of(records.root, YEAR, with_members=False)
    late = EVENT_SOURCES["late_report"](scope, "branch")
    assert [e["level"] for e in late] == ["information"]
    published = EVENT_SOURCES["info_published"](scope, "branch")
    assert [e["level"] for e in published] == ["city_brief"]


def test_every_metric_is_a_few_queries_whatever_the_number_of_branches(
    records, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kaohe.organizations.models import OrgKind
    from kaohe.organizations.services import organization_create

    def queries_per_metric() -> dict[tuple[str, str], int]:
        scope = Scope.of(records.root, YEAR, with_members=True)
        counts = {}
        for metric in CATALOGUE.values():
            for subject in metric.subjects:
                # At most three: branch attendance reads three indexes (metrics.py).
                with (
                    django_assert_max_num_queries(3, info=metric.name),
                    CaptureQueriesContext(connection) as seen,
                ):
                    metric.compute(scope, subject)
                counts[metric.name, subject] = len(seen)
        return counts

    before = queries_per_metric()
    for n in range(5):
        organization_create(name=f"新支部{n}", kind=OrgKind.BRANCH, parent=records.gb_b)
    assert queries_per_metric() == before
