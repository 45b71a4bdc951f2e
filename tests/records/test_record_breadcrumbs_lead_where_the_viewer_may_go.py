"""A record's breadcrumb leads to its organization's records when the viewer may open that
page (an evaluator reading a branch's meeting), else to the records index (a secretary
reading the committee's meeting that listed their members)."""

from django.urls import reverse

from tests.records.helpers import make_meeting


def _crumbs(client, meeting) -> str:
    page = client.get(reverse("records:detail", args=["meeting", meeting.pk])).text
    return page.split('class="crumbs"', 1)[1].split("</nav>", 1)[0]


def test_an_evaluator_goes_to_the_branchs_records(client, world):
    meeting = make_meeting(world)
    client.force_login(world.evaluator)  # sees the branch, does not write its records
    assert reverse("records:organization", args=[world.branch_a1.pk]) in _crumbs(client, meeting)


def test_a_secretary_goes_to_the_index_from_a_meeting_held_above(client, world):
    meeting = make_meeting(
        world, organization=world.root, kind="lecture", attendance=[(world.a1_member.pk, "absent")]
    )
    client.force_login(world.secretary_a1)
    crumbs = _crumbs(client, meeting)
    assert reverse("records:organization", args=[world.root.pk]) not in crumbs
    assert f'href="{reverse("records:index")}"' in crumbs
