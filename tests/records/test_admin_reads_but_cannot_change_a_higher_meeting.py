"""A subtree admin sees, in the admin as on the site, the committee's meeting that listed
their members: read only. They may not change or delete it, one by one or by the bulk
action."""

from django.urls import reverse

from kaohe.records.models import Meeting
from tests.records.helpers import make_meeting


def _committee_meeting(world):
    return make_meeting(
        world,
        organization=world.root,
        kind="lecture",
        topic="党委党课",
        attendance=[(world.a1_member.pk, "absent"), (world.b1_member.pk, "present")],
    )


def test_the_change_page_is_read_only(client, world):
    meeting = _committee_meeting(world)
    client.force_login(world.admin_a)
    url = reverse("admin:records_meeting_change", args=[meeting.pk])

    page = client.get(url)
    posted = client.post(url, {"kind": "lecture", "held_on": "2025-03-14", "topic": "改过"})

    assert page.status_code == 200
    assert "党委党课" in page.text
    assert 'name="_save"' not in page.text
    assert posted.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).topic == "党委党课"


def test_it_cannot_be_deleted(client, world):
    meeting = _committee_meeting(world)
    client.force_login(world.admin_a)

    one = client.post(reverse("admin:records_meeting_delete", args=[meeting.pk]), {"post": "yes"})
    bulk = client.post(
        reverse("admin:records_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
    )

    assert one.status_code == 403
    assert bulk.status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_their_own_meetings_stay_writable(client, world):
    own = make_meeting(world)  # branch_a1's, inside the admin's 党总支
    client.force_login(world.admin_a)
    page = client.get(reverse("admin:records_meeting_change", args=[own.pk]))
    assert 'name="_save"' in page.text
