"""An admin of one subtree who is also a Party member elsewhere sees their own records and
evidence there (the member role), in the admin too, but may not delete them: deleting
needs write access over the record's organization, one by one or by the bulk action."""

from django.urls import reverse

from kaohe.accounts.models import Role
from kaohe.accounts.services import role_grant
from kaohe.records import services
from kaohe.records.models import Evidence
from tests.conftest import make_user
from tests.records.helpers import PDF, make_record, upload


def test_their_own_evidence_in_another_branch_stays(client, world):
    admin = make_user("admin_a_member_b1", role=Role.ADMIN, organization=world.gb_a)
    admin.member = world.b1_member
    admin.save()
    role_grant(user=admin, role=Role.MEMBER, organization=None)
    record = make_record(
        world, "dues_payment", organization=world.branch_b1, member=world.b1_member
    )
    evidence = services.evidence_attach(
        record=record, upload=upload("收据.pdf", PDF), uploaded_by=world.site_admin
    )
    client.force_login(admin)

    listed = client.get(reverse("admin:records_evidence_changelist"))
    one = client.post(reverse("admin:records_evidence_delete", args=[evidence.pk]), {"post": "yes"})
    bulk = client.post(
        reverse("admin:records_evidence_changelist"),
        {"action": "delete_selected", "_selected_action": [evidence.pk], "post": "yes"},
    )

    assert "收据.pdf" in listed.text  # seen, as their own
    assert one.status_code == 403 and bulk.status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()
