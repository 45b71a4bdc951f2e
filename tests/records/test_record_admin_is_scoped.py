from decimal import Decimal

from django.urls import reverse

from kaohe.records.models import DuesPayment, Evidence
from tests.records import helpers
from tests.records.helpers import make_record


def test_subtree_admin_lists_only_their_records(client, world):
    make_record(world, "dues_payment")
    make_record(world, "dues_payment", organization=world.branch_b1, member=world.b1_member)
    client.force_login(world.admin_a)
    response = client.get(reverse("admin:records_duespayment_changelist"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "李党员" in body and "赵党员" not in body


def test_subtree_admin_cannot_enter_a_record_for_a_sibling_member(client, world):
    client.force_login(world.admin_a)
    response = client.post(
        reverse("admin:records_duespayment_add"),
        {
            "organization": world.branch_a1.pk,
            "member": world.b1_member.pk,
            "month": "2025-03",
            "amount_due": "10",
            "amount_paid": "0",
        },
    )
    assert response.status_code == 200
    assert not DuesPayment.objects.exists()


def test_a_record_entered_in_the_admin_goes_through_the_service(client, world):
    client.force_login(world.admin_a)
    response = client.post(
        reverse("admin:records_duespayment_add"),
        {
            "organization": world.gb_a.pk,
            "member": world.a2_member.pk,
            "month": "2025-03",
            "amount_due": "10",
            "amount_paid": "0",
        },
    )
    assert response.status_code == 302
    payment = DuesPayment.objects.get()
    assert payment.entered_by == world.admin_a
    assert payment.organization == world.branch_a2  # the member's branch
    assert payment.amount_due == Decimal("10")


def test_deleting_a_record_in_the_admin_deletes_its_evidence(
    client, world, evidence_root, django_capture_on_commit_callbacks
):
    from kaohe.records import services

    record = make_record(world, "incident")
    services.evidence_attach(
        record=record, upload=helpers.upload("a.pdf", helpers.PDF), uploaded_by=world.site_admin
    )
    client.force_login(world.admin_a)
    url = reverse("admin:records_incident_delete", args=[record.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Evidence.objects.exists()
    assert not any(p.is_file() for p in evidence_root.rglob("*"))


def test_secretaries_have_no_records_admin(client, world):
    client.force_login(world.secretary_a1)
    assert client.get(reverse("admin:records_meeting_changelist")).status_code == 302
