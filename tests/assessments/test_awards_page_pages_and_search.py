"""The awards page lists a page of the results at a time (a member award by branch has a
population per branch, 100,000s of members in all) and finds people by name, while sizes,
quotas and ranks still count the whole run."""

from django.urls import reverse

from kaohe.assessments import cycle_views


def listed(client, assessment, **query) -> tuple[dict, list]:
    response = client.get(reverse("assessments:awards", args=[assessment.pk]), query)
    assert response.status_code == 200
    advanced = response.context["standings"][0]
    found = {
        s.result.organization.name: (s.status, s.rank)
        for population in advanced.listed
        for s in population.standings
    }
    return found, advanced.listed


def test_a_page_lists_some_while_quotas_count_everyone(client, world, ranked, monkeypatch):
    monkeypatch.setattr(cycle_views, "AWARDS_PAGE_SIZE", 2)
    _, assessment = ranked
    client.force_login(world.site_admin)
    first, (population,) = listed(client, assessment)
    assert first == {"第一支部": ("veto", None), "第二支部": ("yes", 1)}  # best two totals
    assert (population.size, population.quota) == (5, 2)
    last, (population,) = listed(client, assessment, page=3)
    assert last == {"第五支部": ("below", None)}
    assert population.size == 5


def test_search_finds_a_branch_with_its_standing(client, world, ranked):
    _, assessment = ranked
    client.force_login(world.site_admin)
    found, (population,) = listed(client, assessment, q="第四")
    assert found == {"第四支部": ("quota", 3)}  # third of the candidates, quota 2
    assert population.candidates == 3


def test_a_search_that_finds_no_one_lists_no_population(client, world, ranked):
    _, assessment = ranked
    client.force_login(world.site_admin)
    found, populations = listed(client, assessment, q="第九")
    assert found == {} and populations == []
