"""A link may start a new record's form (`?field=value`, by the record's own field names): the
values are shown, never saved by the link itself, and a POST is checked as any input."""

import re

from django.urls import reverse

from kaohe.records.models import DevelopmentStep
from tests.conftest import World
from tests.records.helpers import make_meeting


def create_url(organization, kind: str, query: str) -> str:
    return f"{reverse('records:create', args=[organization.pk, kind])}?{query}"


def selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_development_step_starts_with_the_person_member_and_step(client, world: World):
    client.force_login(world.secretary_a1)
    query = f"person_name=李党员&member={world.a1_member.pk}&step=full"
    response = client.get(create_url(world.branch_a1, "development_step", query))
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<input type="text" name="person_name" value="李党员"', page)
    assert selected(page, "member") == [str(world.a1_member.pk)]
    assert selected(page, "step") == ["full"]
    assert DevelopmentStep.objects.count() == 0  # opening the link writes nothing


def test_meeting_starts_with_its_kind(client, world: World):
    client.force_login(world.secretary_a1)
    response = client.get(create_url(world.group_a1, "meeting", "kind=group"))
    assert selected(response.content.decode(), "kind") == ["group"]


def test_a_member_out_of_reach_is_not_offered_by_the_link(client, world: World):
    client.force_login(world.secretary_a1)
    query = f"person_name=x&member={world.b1_member.pk}"
    page = client.get(create_url(world.branch_a1, "development_step", query)).content.decode()
    assert selected(page, "member") == []
    assert world.b1_member.name not in page


def test_an_existing_record_shows_its_own_values_not_the_query(client, world: World):
    meeting = make_meeting(world, kind="committee", topic="三月支委会")
    client.force_login(world.secretary_a1)
    url = reverse("records:edit", args=["meeting", meeting.pk]) + "?kind=party_congress&topic=别的"
    page = client.get(url).content.decode()
    assert selected(page, "kind") == ["committee"]
    assert "三月支委会" in page and "别的" not in page


def test_a_post_is_checked_on_its_own_data_whatever_the_link_said(client, world: World):
    client.force_login(world.secretary_a1)
    url = create_url(world.branch_a1, "development_step", "person_name=李党员&step=full")
    response = client.post(url, {"step_on": "2025-03-01"})
    assert response.status_code == 200  # the form again, with its errors
    assert response.context["form"].errors.keys() >= {"step"}
    assert DevelopmentStep.objects.count() == 0
