"""In the admin, seeing is not changing. An admin of one subtree who is also a Party member
elsewhere sees their own member row there (the member role), read only: no save, a POST
refused, no delete. The members of their own subtree they change as before."""

from django.urls import reverse

from kaohe.accounts.models import Role
from kaohe.accounts.services import role_grant
from kaohe.organizations.models import Member
from tests.conftest import make_user


def _admin_of_a_who_is_member_of_b1(world):
    admin = make_user("admin_a_member_b1", role=Role.ADMIN, organization=world.gb_a)
    admin.member = world.b1_member
    admin.save()
    role_grant(user=admin, role=Role.MEMBER, organization=None)
    return admin


def test_their_own_row_elsewhere_is_read_only(client, world):
    client.force_login(_admin_of_a_who_is_member_of_b1(world))
    url = reverse("admin:organizations_member_change", args=[world.b1_member.pk])

    page = client.get(url)
    posted = client.post(url, {"name": "改名", "position": "secretary"})
    deleted = client.post(
        reverse("admin:organizations_member_delete", args=[world.b1_member.pk]), {"post": "yes"}
    )

    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert posted.status_code == 403 and deleted.status_code == 403
    member = Member.objects.get(pk=world.b1_member.pk)
    assert (member.name, member.position) == ("赵党员", world.b1_member.position)


def test_the_members_they_administer_stay_writable(client, world):
    client.force_login(_admin_of_a_who_is_member_of_b1(world))
    page = client.get(reverse("admin:organizations_member_change", args=[world.a1_member.pk]))
    assert 'name="_save"' in page.text
