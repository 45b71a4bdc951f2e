"""考核 is in the top bar for every role, and the assessment list says where each one stands."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("persona", ["site_admin", "evaluator", "secretary_a1", "member_a1"])
def test_every_role_has_the_assessments_in_the_top_bar(client, world, persona):
    client.force_login(getattr(world, persona))
    body = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("assessments:list")}" id="nav-assessments"' in body


def test_the_assessments_link_is_current_on_assessment_pages_only(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.site_admin)
    current = 'id="nav-assessments" aria-current="page"'
    assert (
        current in client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    )
    assert current not in client.get(reverse("assessments:notices")).content.decode()
    assert current not in client.get(reverse("home")).content.decode()


def test_the_list_shows_each_assessments_stage(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.site_admin)
    body = client.get(reverse("assessments:list")).content.decode()
    assert f'data-stage="{assessment.stage}"' in body


def test_a_member_alone_gets_no_organization_counts(client, world):
    client.force_login(world.member_a1)
    assert 'class="grid stats"' not in client.get(reverse("home")).content.decode()
    client.force_login(world.secretary_a1)
    assert 'class="grid stats"' in client.get(reverse("home")).content.decode()
