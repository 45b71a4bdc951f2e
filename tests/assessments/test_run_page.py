from django.urls import reverse

from kaohe.assessments.models import Assessment, SubjectResult


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


def test_missing_facts_open_the_assessment_and_say_what_it_still_needs(client, world):
    """Schemes read facts evaluators establish: the assessment opens uncomputed, and its page
    names what is missing (once per kind, not once per subject) and links to where it goes."""
    client.force_login(world.site_admin)
    response = post_run(client, world, org=world.root)
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("assessments:detail", args=[assessment.pk])
    assert not SubjectResult.objects.exists()
    page = client.get(response.url).content.decode()
    assert "考核任务已建立,但还不能计算" in page
    assert page.count("group_meetings") == 1
    assert (
        reverse("assessments:facts", args=[assessment.pk])
        in client.get(reverse("assessments:cycle_panel", args=[assessment.pk])).content.decode()
    )


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
