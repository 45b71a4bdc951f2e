"""学习笔记检查 and 党建APP学习积分, a month for every member on one page, as for dues: notes
start as complete, an empty row records nothing, a bad row names the member and writes
nothing, and the branch's records page offers all three for this month."""

import datetime

from django.urls import reverse

from kaohe.records.models import AppLearningPoints, StudyNoteCheck, StudyNoteResult
from tests.conftest import World


def url(world: World, sheet: str, month="2025-03"):
    return reverse("records:month_sheet", args=[world.branch_a1.pk, sheet, month])


def test_study_notes_start_complete_and_the_exceptions_are_chosen(client, world: World):
    sec, mem = world.a1_secretary.pk, world.a1_member.pk
    client.force_login(world.secretary_a1)
    form = client.get(url(world, "study-notes")).context["form"]
    assert form[f"result_{sec}"].value() == form[f"result_{mem}"].value() == "complete"
    data = {
        f"result_{sec}": "complete", f"remarks_{sec}": "",
        f"result_{mem}": "late", f"remarks_{mem}": "3月18日补交",
    }  # fmt: skip
    response = client.post(url(world, "study-notes"), data)
    assert response.status_code == 302
    grid = reverse("records:month_grid", args=[world.branch_a1.pk, "study-notes"])
    assert response.url == f"{grid}?year=2025"  # back to the year, the month filled in
    checks = {c.member.name: (c.result, c.remarks) for c in StudyNoteCheck.objects.all()}
    assert checks == {"张书记": ("complete", ""), "李党员": ("late", "3月18日补交")}
    assert StudyNoteCheck.objects.get(member_id=mem).month == datetime.date(2025, 3, 1)
    # Opened again, the page shows what is recorded; a member left empty is not checked.
    form = client.get(url(world, "study-notes")).context["form"]
    assert form[f"result_{mem}"].value() == StudyNoteResult.LATE


def test_a_member_not_checked_is_left_out(client, world: World):
    sec, mem = world.a1_secretary.pk, world.a1_member.pk
    client.force_login(world.secretary_a1)
    data = {f"result_{sec}": "sloppy", f"result_{mem}": "", f"remarks_{mem}": ""}
    assert client.post(url(world, "study-notes"), data).status_code == 302
    assert list(StudyNoteCheck.objects.values_list("member_id", "result")) == [(sec, "sloppy")]


def test_app_points_a_bad_row_names_the_member_and_writes_nothing(client, world: World):
    sec, mem = world.a1_secretary.pk, world.a1_member.pk
    client.force_login(world.secretary_a1)
    response = client.post(
        url(world, "app-points"), {f"points_{sec}": "120", f"points_{mem}": "-5"}
    )
    assert response.status_code == 400
    assert "李党员 · 积分" in response.content.decode()
    assert AppLearningPoints.objects.count() == 0
    ok = client.post(url(world, "app-points"), {f"points_{sec}": "120", f"points_{mem}": ""})
    assert ok.status_code == 302
    assert list(AppLearningPoints.objects.values_list("member_id", "points")) == [(sec, 120)]


def test_the_branch_records_page_offers_the_three_for_this_month(client, world: World):
    client.force_login(world.secretary_a1)
    page = client.get(reverse("records:organization", args=[world.branch_a1.pk]))
    this_month = datetime.date.today().strftime("%Y-%m")
    for sheet in ("dues", "study-notes", "app-points"):
        assert url(world, sheet, this_month) in page.content.decode()
    client.force_login(world.evaluator)  # reads only: nothing to enter
    page = client.get(reverse("records:organization", args=[world.branch_a1.pk])).content.decode()
    for sheet in ("dues", "study-notes", "app-points"):
        assert url(world, sheet, this_month) not in page
