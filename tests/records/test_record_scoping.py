"""Every record kind, every persona: who sees a branch_a1 record, who may change it."""

import pytest
from django.urls import reverse

from kaohe.accounts.scoping import scoped
from kaohe.records.kinds import KINDS
from tests.records.helpers import make_record

SEE_ALL = {"site_admin", "admin_a", "evaluator", "secretary_a1"}
WRITE = {"site_admin", "admin_a", "secretary_a1"}


def expected_view(kind, persona):
    if persona in SEE_ALL:
        return 200
    if persona == "member_a1" and kind.has_member:
        return 200  # a member reads their own records
    if persona == "member_a1" and kind.model.__name__ == "Meeting":
        return 200  # …and the meetings they were on the roll of (make_meeting: the whole branch)
    return 404


def expected_edit(kind, persona):
    if persona in WRITE:
        return 200
    return 403 if expected_view(kind, persona) == 200 else 404


PERSONAS = ["site_admin", "admin_a", "evaluator", "secretary_a1", "member_a1", "outsider"]


@pytest.mark.parametrize("slug", list(KINDS))
def test_record_page_answers_each_persona(client, world, slug):
    kind = KINDS[slug]
    record = make_record(world, slug)
    for persona in PERSONAS:
        client.force_login(world.persona(persona))
        view = client.get(reverse("records:detail", args=[slug, record.pk]))
        edit = client.get(reverse("records:edit", args=[slug, record.pk]))
        assert view.status_code == expected_view(kind, persona), (persona, "view")
        assert edit.status_code == expected_edit(kind, persona), (persona, "edit")


@pytest.mark.parametrize("slug", list(KINDS))
def test_another_branchs_record_is_invisible_to_the_sibling_secretary(world, slug):
    record = make_record(world, slug)
    own = make_record(world, slug, organization=world.branch_b1, member=world.b1_member)
    visible = set(scoped(world.outsider, KINDS[slug].model.objects.all()))
    assert own in visible and record not in visible


def test_a_member_does_not_see_a_colleagues_record(client, world):
    colleague = make_record(world, "dues_payment", member=world.a1_secretary)
    client.force_login(world.member_a1)
    response = client.get(reverse("records:detail", args=["dues_payment", colleague.pk]))
    assert response.status_code == 404


def test_posting_an_edit_to_a_foreign_record_changes_nothing(client, world):
    record = make_record(world, "incident")
    client.force_login(world.outsider)
    url = reverse("records:edit", args=["incident", record.pk])
    response = client.post(url, {"kind": "other", "occurred_on": "2025-01-01", "description": "x"})
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.kind == "mass_incident"


def test_evaluator_may_not_post_a_new_record(client, world):
    client.force_login(world.evaluator)
    url = reverse("records:create", args=[world.branch_a1.pk, "incident"])
    response = client.post(url, {"kind": "other", "occurred_on": "2025-01-01", "description": "x"})
    assert response.status_code == 403
    assert not KINDS["incident"].model.objects.exists()


def test_unknown_kind_in_the_address_is_404(client, world):
    client.force_login(world.site_admin)
    assert client.get(f"/records/org/{world.branch_a1.pk}/new/nonsense/").status_code == 404
