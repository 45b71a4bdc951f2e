"""评优: who made each award, and for everyone else why not — from the stored results."""

from django.urls import reverse

from kaohe.assessments import awards
from kaohe.assessments.selectors import current_run


def statuses(scheme, assessment, award_id):
    run = current_run(assessment)
    visible = list(run.results.select_related("organization"))
    standing = next(
        s for s in awards.award_standings(scheme, run, visible) if s.award.id == award_id
    )
    (population,) = standing.populations
    found = {s.result.organization.name: (s.status, s.rank) for s in population.standings}
    return population, found


def test_each_subject_gets_its_reason(ranked):
    population, found = statuses(*ranked, "advanced")
    assert (population.size, population.quota, population.candidates) == (5, 2, 3)
    assert found == {
        "第一支部": ("veto", None),  # the highest total, but vetoed: counted, never a candidate
        "第二支部": ("yes", 1),
        "第三支部": ("yes", 1),
        "第四支部": ("quota", 3),
        "第五支部": ("below", None),
    }


def test_a_tied_group_that_does_not_fit_is_left_out_whole(ranked):
    population, found = statuses(*ranked, "model")
    assert population.quota == 1 and population.awarded == 0
    assert found["第二支部"] == found["第三支部"] == ("tie", 1)


def test_the_page_agrees_with_the_stored_awards(client, world, ranked):
    _, assessment = ranked
    stored = {
        r.organization.name
        for r in current_run(assessment).results.select_related("organization")
        if "advanced" in r.awards
    }
    assert stored == {"第二支部", "第三支部"}
    client.force_login(world.site_admin)
    body = client.get(reverse("assessments:awards", args=[assessment.pk])).content.decode()
    assert "在 5 个对象中排第 3 名,超出名额 2 名" in body
    assert "一票否决:不得参评" in body and "总分 3 低于 5" in body
    assert "容纳不下全部并列者" in body


def test_a_secretary_sees_only_their_own_standing(client, world, ranked):
    _, assessment = ranked
    client.force_login(world.secretary_a1)
    page = client.get(reverse("assessments:awards", args=[assessment.pk]))
    names = {
        s.result.organization.name
        for standing in page.context["standings"]
        for population in standing.populations
        for s in population.standings
    }
    assert names == {"第一支部"}
    # …while the population and quota still count every branch.
    assert page.context["standings"][0].populations[0].size == 5
