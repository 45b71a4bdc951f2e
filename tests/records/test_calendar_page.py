"""The calendar page: scoped (outsider, member and non-branch → 404), a year selector, and
cells that open the meetings they count."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.records.helpers import make_meeting


def url(organization, year=None):
    base = reverse("records:calendar", args=[organization.pk])
    return f"{base}?year={year}" if year else base


def test_outsider_and_member_get_404(client, world: World):
    for user in (world.outsider, world.member_a1):
        client.force_login(user)
        assert client.get(url(world.branch_a1)).status_code == 404


def test_an_organization_that_is_not_a_branch_is_404(client, world: World):
    client.force_login(world.site_admin)
    for organization in (world.gb_a, world.group_a1, world.root):
        assert client.get(url(organization)).status_code == 404


def test_secretary_sees_the_grid_with_links_to_the_meetings_counted(client, world: World):
    congress = make_meeting(world, kind="party_congress", held_on=datetime.date(2025, 2, 3))
    committee = make_meeting(world, kind="committee", held_on=datetime.date(2025, 2, 4))
    client.force_login(world.secretary_a1)
    response = client.get(url(world.branch_a1, 2025))
    assert response.status_code == 200
    page = response.content.decode()
    records = reverse("records:organization", args=[world.branch_a1.pk])
    first_quarter = "date_from=2025-01-01&amp;date_to=2025-03-31"
    q1 = f"{records}?kind=meeting&amp;meeting_kind=party_congress&amp;{first_quarter}"
    assert q1 in page
    group_records = reverse("records:organization", args=[world.group_a1.pk])
    december = "date_from=2025-12-01&amp;date_to=2025-12-31"
    assert f"{group_records}?kind=meeting&amp;meeting_kind=group&amp;{december}" in page
    # The congress cell opens the congress, not the committee meeting of the same quarter.
    listed = client.get(q1.replace("&amp;", "&")).context["page"].object_list
    assert list(listed) == [congress] and committee not in listed
    assert "?year=2024" in page and "?year=2026" in page
    assert 'colspan="3"' in page and 'colspan="6"' in page


def test_a_bad_year_falls_back_to_this_year(client, world: World):
    client.force_login(world.admin_a)
    this_year = timezone.localdate().year
    for bad in ("abc", "1900", "99999"):
        response = client.get(url(world.branch_a1) + f"?year={bad}")
        assert response.status_code == 200
        assert response.context["year"] == this_year
