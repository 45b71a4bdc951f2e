"""学习笔记检查台账 and 学习积分台账: a branch's year member by month. The notes counted against a
member are the notes metrics' counts, the year's points the app_points metric's; points rank
within the branch as schemes rank them (1, 2, 2, 4). Seen by whoever sees the branch, 404 to
anyone else; only writers are offered a month's entry."""

import datetime
from functools import partial

import pytest
from django.urls import reverse

from kaohe.assessments.metrics import CATALOGUE, Scope, member_key
from kaohe.records.models import AppLearningPoints, StudyNoteCheck
from kaohe.records.monthly import APP_POINTS, LATE, OK, SHORT, STUDY_NOTES, month_grid
from kaohe.scoring import Period
from tests.conftest import World
from tests.records.helpers import enter

D = datetime.date
TODAY = D(2025, 3, 15)


@pytest.fixture
def year(world: World, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    sec, mem = world.a1_secretary, world.a1_member
    for month, result in ((1, "complete"), (2, "late"), (3, "missing")):
        enter(world, StudyNoteCheck, member=sec, month=D(2025, month, 1), result=result)
    notes = partial(enter, world, StudyNoteCheck, member=mem)
    notes(month=D(2025, 1, 1), result="sloppy", remarks="字迹潦草")
    notes(month=D(2025, 2, 1), result="complete")
    notes(month=D(2024, 12, 1), result="missing")  # another year
    enter(world, AppLearningPoints, member=sec, month=D(2025, 1, 1), points=300)
    enter(world, AppLearningPoints, member=sec, month=D(2025, 2, 1), points=101)
    enter(world, AppLearningPoints, member=mem, month=D(2025, 1, 1), points=200)
    return world


def metric(name: str, world: World) -> dict:
    scope = Scope.of(world.root, Period("year", 2025), with_members=True)
    return CATALOGUE[name].compute(scope, "member")


def test_notes_marked_and_counted_as_the_notes_metrics_count_them(year):
    w = year
    grid = month_grid(w.site_admin, STUDY_NOTES, w.branch_a1, 2025)
    rows = {row.member.name: row for row in grid.rows}
    assert [c.status for c in rows["张书记"].cells[:4]] == [OK, LATE, SHORT, ""]
    assert [c.text for c in rows["李党员"].cells[:3]] == ["潦草", "合格", ""]
    # 未上交, 迟交, 潦草 — the first and last are what notes_month_missing and sloppy_notes count.
    assert rows["张书记"].summary == [1, 1, 0] and rows["李党员"].summary == [0, 0, 1]
    missing, sloppy = metric("notes_month_missing", w), metric("sloppy_notes", w)
    for member in (w.a1_secretary, w.a1_member):
        row = rows[member.name]
        assert row.summary[0] == missing.get(member_key(member.pk), 0)
        assert row.summary[2] == sloppy.get(member_key(member.pk), 0)
    assert grid.month_summary[:4] == ["1/2", "1/2", "0/1", ""]  # complete / checked


def test_points_add_up_to_the_metric_and_rank_within_the_branch(year):
    w = year
    grid = month_grid(w.site_admin, APP_POINTS, w.branch_a1, 2025)
    rows = {row.member.name: row for row in grid.rows}
    points = metric("app_points", w)
    assert rows["张书记"].summary == [401, 1] and rows["李党员"].summary == [200, 2]
    assert points[member_key(w.a1_secretary.pk)] == 401
    assert grid.month_summary[:3] == ["250", "101", ""]  # the average of those recorded
    enter(w, AppLearningPoints, member=w.a1_member, month=D(2025, 3, 1), points=201)
    tied = month_grid(w.site_admin, APP_POINTS, w.branch_a1, 2025)
    assert [row.summary for row in tied.rows] == [[401, 1], [401, 1]]


def test_a_member_who_moved_keeps_their_row_where_they_were_checked(year):
    w = year
    type(w.a1_member).objects.filter(pk=w.a1_member.pk).update(branch=w.branch_a2)
    grid = month_grid(w.site_admin, STUDY_NOTES, w.branch_a1, 2025)
    assert [row.member.name for row in grid.rows] == ["张书记", "李党员"]  # the roster first
    assert grid.rows[1].summary == [0, 0, 1]


def test_the_pages_for_whoever_sees_the_branch(client, year):
    w = year
    notes = reverse("records:month_grid", args=[w.branch_a1.pk, "study-notes"])
    client.force_login(w.secretary_a1)
    page = client.get(f"{notes}?year=2025").content.decode()
    assert "第一支部 · 学习笔记检查台账" in page and 'class="cell short"' in page
    entry = reverse("records:month_sheet", args=[w.branch_a1.pk, "study-notes", "2025-03"])
    assert entry in page and "2025-04" not in page
    points = reverse("records:month_grid", args=[w.branch_a1.pk, "app-points"])
    page = client.get(points).content.decode()  # this year, by default
    assert "学习积分台账" in page and ">401<" in page
    dues = client.get(reverse("records:month_grid", args=[w.branch_a1.pk, "dues"]) + "?year=2024")
    assert dues.url == reverse("records:dues_ledger", args=[w.branch_a1.pk]) + "?year=2024"
    client.force_login(w.evaluator)  # reads, enters nothing
    page = client.get(notes).content.decode()
    assert "学习笔记检查台账" in page and entry not in page
    for outsider in (w.outsider, w.member_a1):
        client.force_login(outsider)
        assert client.get(notes).status_code == 404
    client.force_login(w.site_admin)
    assert (
        client.get(reverse("records:month_grid", args=[w.gb_a.pk, "app-points"])).status_code == 404
    )
    unknown = reverse("records:month_grid", args=[w.branch_a1.pk, "votes"])
    assert client.get(unknown).status_code == 404
