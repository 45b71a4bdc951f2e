"""The ranking and awards pages show their tools only where they help: no chart for a single
result (a secretary's own branch), no search or pages when everything fits on one page."""

from django.urls import reverse

from kaohe.assessments import cycle_views, views


def get(client, user, name, assessment, **params):
    client.force_login(user)
    return client.get(reverse(name, args=[assessment.pk]), params)


def searchable(client, user, name, assessment) -> bool:
    """Whether the page shows its search box."""
    return 'id="results-q"' in get(client, user, name, assessment).content.decode()


def test_a_single_visible_result_gets_no_charts(client, world, scored):
    _, assessment, _, _ = scored
    response = get(client, world.secretary_a1, "assessments:detail", assessment)
    assert response.context["ranking_chart"] is None
    assert 'id="chart-ranking"' not in response.content.decode()
    response = get(client, world.evaluator, "assessments:detail", assessment)
    assert response.context["ranking_chart"] is not None
    body = response.content.decode()
    assert 'id="chart-ranking"' in body
    # The bars' colours are named: gold for an award, grey for a veto.
    assert 'class="chart-legend' in body and "入选" in body and "一票否决" in body


def test_the_search_appears_when_the_results_need_more_than_a_page(
    client, world, scored, monkeypatch
):
    _, assessment, _, _ = scored
    assert not searchable(client, world.evaluator, "assessments:detail", assessment)
    monkeypatch.setattr(views, "RANKING_PAGE_SIZE", 2)
    assert searchable(client, world.evaluator, "assessments:detail", assessment)


def test_a_search_that_finds_one_result_keeps_its_box(client, world, scored):
    _, assessment, _, _ = scored
    response = get(client, world.evaluator, "assessments:detail", assessment, q="第二")
    body = response.content.decode()
    assert 'id="results-q"' in body and 'value="第二"' in body


def test_the_awards_page_searches_only_more_than_a_page(client, world, ranked, monkeypatch):
    _, assessment = ranked
    assert not searchable(client, world.site_admin, "assessments:awards", assessment)
    monkeypatch.setattr(cycle_views, "AWARDS_PAGE_SIZE", 2)
    assert searchable(client, world.site_admin, "assessments:awards", assessment)
