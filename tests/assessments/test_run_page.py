from django.urls import reverse

from kaohe.assessments.models import SubjectResult


def post_run(client, world, scheme="example", period="2025", org=None):
    return client.post(
        reverse("assessments:run"),
        {"scheme": scheme, "period": period, "organization": (org or world.branch_a1).pk},
    )


def test_admin_computes_from_the_page_and_lands_on_the_ranking(client, world):
    from kaohe.organizations.models import OrgKind
    from kaohe.organizations.services import organization_create

    # Give every branch of gb_a a group, so the example scheme's group_meetings is known.
    organization_create(name="第二党小组", kind=OrgKind.GROUP, parent=world.branch_a2)
    client.force_login(world.admin_a)
    response = post_run(client, world, org=world.gb_a)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SubjectResult.objects.count() == 2
    page = client.get(response.url)
    assert "第一支部" in page.content.decode()


def test_missing_facts_come_back_on_the_form_and_nothing_is_stored(client, world):
    client.force_login(world.site_admin)
    response = post_run(client, world, org=world.root)
    assert response.status_code == 400
    assert "group_meetings" in response.content.decode()
    assert not SubjectResult.objects.exists()


def test_bad_period_is_named(client, world):
    client.force_login(world.admin_a)
    response = post_run(client, world, period="2025-Q5", org=world.gb_a)
    assert response.status_code == 400
    assert "2025-Q5" in response.content.decode()


def test_only_admins_may_run_and_only_over_their_subtree(client, world):
    client.force_login(world.evaluator)
    assert post_run(client, world, org=world.gb_a).status_code == 403
    client.force_login(world.admin_a)
    response = post_run(client, world, org=world.gb_b)  # a sibling: not a valid choice
    assert response.status_code == 400
    assert not SubjectResult.objects.exists()
