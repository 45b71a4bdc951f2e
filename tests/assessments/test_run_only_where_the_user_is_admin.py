"""Running an assessment needs the admin role over its organization, not just sight of it:
an admin of one 党总支 who also evaluates the whole committee is offered, and may run, only
their 党总支 (before, the committee too, its existing assessment recomputed)."""

from django.urls import reverse

from kaohe.accounts.models import Role
from kaohe.accounts.services import role_grant
from kaohe.assessments.models import Assessment
from tests.conftest import make_user


def test_the_committee_is_neither_offered_nor_accepted(client, world):
    user = make_user("admin_a_evaluator_root", role=Role.ADMIN, organization=world.gb_a)
    role_grant(user=user, role=Role.EVALUATOR, organization=world.root)
    client.force_login(user)

    offered = client.get(reverse("assessments:list")).context["run_form"]
    response = client.post(
        reverse("assessments:run"),
        {"scheme": "example", "period": "2025", "organization": world.root.pk},
    )

    assert list(offered.fields["organization"].queryset) == [world.gb_a]
    assert response.status_code == 400
    assert "organization" in response.context["run_form"].errors
    assert not Assessment.objects.exists()
