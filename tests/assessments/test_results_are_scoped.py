from django.urls import reverse

from kaohe.assessments.models import SubjectResult


def test_secretary_sees_the_assessment_but_only_their_own_row(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.secretary_a1)
    response = client.get(reverse("assessments:detail", args=[assessment.pk]))
    assert response.status_code == 200
    names = [r.organization.name for r in response.context["page"]]
    assert names == ["第一支部"]


def test_another_branch_result_is_404(client, world, scored):
    _, _, run, _ = scored
    other = SubjectResult.objects.get(run=run, organization=world.branch_a1)
    client.force_login(world.outsider)
    assert client.get(reverse("assessments:result", args=[other.pk])).status_code == 404


def test_assessment_without_visible_results_is_404(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.member_a1)  # a member: branch results are not theirs
    assert client.get(reverse("assessments:detail", args=[assessment.pk])).status_code == 404
