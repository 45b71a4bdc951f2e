"""The ranking page shows a page of results at a time (a committee's member run has
100,000s) and finds people by name or branch, within what the viewer may see; the charts
still cover every visible result."""

import json
import re

from django.urls import reverse

from kaohe.assessments import views


def ranking(client, assessment, **query) -> tuple[list[str], str]:
    response = client.get(reverse("assessments:detail", args=[assessment.pk]), query)
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('<table id="ranking">', 1)[1].split("</table>", 1)[0]
    names = re.findall(r'<td><a href="[^"]+">([^<]+)</a>', table)
    return names, html


def chart_names(html: str) -> list[str]:
    data = html.split('<script id="ranking-data" type="application/json">', 1)[1]
    return json.loads(data.split("</script>", 1)[0])["names"]


def test_results_come_a_page_at_a_time(client, world, scored, monkeypatch):
    monkeypatch.setattr(views, "RANKING_PAGE_SIZE", 2)
    _, assessment, _, _ = scored
    client.force_login(world.site_admin)
    first, html = ranking(client, assessment)
    assert first == ["第一支部", "第二支部"]
    assert "page=2" in html
    second, html = ranking(client, assessment, page=2)
    assert second == ["第三支部"]
    assert chart_names(html) == ["第一支部", "第二支部", "第三支部"]  # the whole ranking


def test_search_finds_by_name(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.site_admin)
    names, html = ranking(client, assessment, q="第二")
    assert names == ["第二支部"]
    assert 'value="第二"' in html
    assert chart_names(html) == ["第一支部", "第二支部", "第三支部"]


def test_a_search_that_finds_no_one_says_so(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.site_admin)
    names, html = ranking(client, assessment, q="第九")
    assert names == []
    assert "第九" in html and "No one named" not in html  # said in Chinese


def test_search_stays_within_the_viewers_results(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.outsider)  # 第三支部's own secretary
    assert ranking(client, assessment, q="支部")[0] == ["第三支部"]
    assert ranking(client, assessment, q="第一")[0] == []
