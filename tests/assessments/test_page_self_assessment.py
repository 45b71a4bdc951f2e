"""The secretary's self-assessment page: automatic points, claims on manual items, submit."""

from django.urls import reverse

from kaohe.assessments.models import SelfAssessment, Submission
from kaohe.assessments.services import subject_key_for_org


def url(world, assessment, branch=None):
    key = subject_key_for_org((branch or world.branch_a1).pk)
    return reverse("assessments:self_assessment", args=[assessment.pk, key])


def test_secretary_sees_automatic_points_claims_and_submits(client, world, opened):
    client.force_login(world.secretary_a1)
    page = client.get(url(world, opened))
    body = page.content.decode()
    assert page.status_code == 200
    assert "支部党员大会" in body and "实地查看" in body and "保存自评分" in body
    claim = client.post(
        url(world, opened),
        {"action": "claim", "item_id": "A2", "claimed_points": "6", "reason": "档案齐全"},
    )
    assert claim.status_code == 302
    assert SelfAssessment.objects.get().claimed_points == 6
    unconfirmed = client.post(url(world, opened), {"action": "submit"})
    assert unconfirmed.status_code == 400 and not Submission.objects.exists()
    assert client.post(url(world, opened), {"action": "submit", "confirm": "on"}).status_code == 302
    after = client.get(url(world, opened)).content.decode()
    assert "已提交" in after and "保存自评分" not in after


def test_after_submission_a_claim_is_refused_not_silently_saved(client, world, opened):
    client.force_login(world.secretary_a1)
    client.post(url(world, opened), {"action": "submit", "confirm": "on"})
    response = client.post(
        url(world, opened),
        {"action": "claim", "item_id": "A2", "claimed_points": "6", "reason": "改"},
    )
    assert response.status_code == 400 and "自评已提交" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_claims_only_on_manual_items_within_the_max(client, world, opened):
    client.force_login(world.secretary_a1)
    computed = client.post(
        url(world, opened), {"action": "claim", "item_id": "A1", "claimed_points": "4"}
    )
    too_many = client.post(
        url(world, opened), {"action": "claim", "item_id": "A2", "claimed_points": "7"}
    )
    assert computed.status_code == too_many.status_code == 400
    assert "0 到 6" in too_many.content.decode()
    assert not SelfAssessment.objects.exists()


def test_only_the_branch_secretary_acts_for_the_branch(client, world, opened):
    client.force_login(world.evaluator)  # sees the branch's result, is not its secretary
    assert client.get(url(world, opened)).status_code == 403
    client.force_login(world.secretary_a1)  # a sibling branch: not theirs
    assert client.get(url(world, opened, world.branch_a2)).status_code == 404
    client.force_login(world.outsider)
    assert client.get(url(world, opened)).status_code == 404
