"""A member scheme's self-assessment: the branch reports on each of its members (篇七 三(二)(三):
以党支部考核为主; 党支部上报对党员的考核情况及有关的考核材料), so the branch secretary gets a
working link per member, and a member's own appeal carries its evidence to that member."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kaohe.assessments.models import Appeal, SelfAssessment
from kaohe.assessments.services import (
    assessment_open,
    assessment_publish,
    assessment_start_review,
    assessment_start_self_assessment,
    scheme_version_store,
    subject_key_for_member,
)
from kaohe.records.models import Evidence
from kaohe.scoring import Period, load_scheme
from tests.records import helpers
from tests.records.helpers import upload
from tests.schemes import MEMBER_GRADES, yearly

MEMBER_SCHEME = yearly(
    "member-cycle",
    "党员考核测试方案",
    """\
  - id: M
    name: 党员考核
    points: 10
    items:
      - id: M1
        name: 政治理论测验
        max: 4
        rule:
          kind: deduction
          missing: zero
          clauses:
            - {count: tests_failed, points: 1, label: 政治理论测验不及格}
      - id: M2
        name: 党支部考核评价
        max: 6
        rule: {kind: manual, missing: zero}
""",
    subject="member",
    grades=MEMBER_GRADES,
)


@pytest.fixture
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture
def members(world):
    """gb_a's members assessed under MEMBER_SCHEME, in self-assessment."""
    scheme = load_scheme(MEMBER_SCHEME)
    version = scheme_version_store(scheme=scheme, source=MEMBER_SCHEME)
    assessment = assessment_open(
        scheme_version=version, organization=world.gb_a, period=Period("year", 2025), by=None
    )
    assessment_start_self_assessment(assessment=assessment, by=world.admin_a)
    return assessment


def self_url(assessment, member):
    key = subject_key_for_member(member.pk)
    return reverse("assessments:self_assessment", args=[assessment.pk, key])


def test_the_secretary_gets_a_working_link_for_each_member_of_the_branch(
    client, world, members, evidence_root
):
    client.force_login(world.secretary_a1)
    panel = client.get(reverse("assessments:cycle_panel", args=[members.pk])).content.decode()
    own = [self_url(members, world.a1_secretary), self_url(members, world.a1_member)]
    assert all(link in panel for link in own) and "李党员" in panel
    assert self_url(members, world.a2_member) not in panel  # another branch's member
    page = client.get(own[1])
    assert page.status_code == 200 and "李党员" in page.content.decode()
    response = client.post(
        own[1],
        {"action": "claim", "item_id": "M2", "claimed_points": "5", "reason": "表现良好",
         "evidence": upload("考核登记表.pdf", helpers.PDF)},
    )  # fmt: skip
    assert response.status_code == 302
    claim = SelfAssessment.objects.get()
    assert (claim.subject_key, claim.organization) == (
        subject_key_for_member(world.a1_member.pk),
        world.branch_a1,
    )
    assert claim.evidence.get().original_name == "考核登记表.pdf"
    client.post(own[1], {"action": "submit", "confirm": "on"})
    panel = client.get(reverse("assessments:cycle_panel", args=[members.pk])).content.decode()
    assert "已提交" in panel and "待办" in panel  # one member done, the secretary still to do


def test_the_dashboard_has_one_task_for_the_members_not_one_per_member(client, world, members):
    client.force_login(world.secretary_a1)
    home = client.get(reverse("home")).content.decode()
    assert "党员自评" in home and "2 名党员待自评" in home
    assert self_url(members, world.a1_member) not in home  # the panel lists them


def test_others_get_no_self_assessment_links(client, world, members):
    panel_url = reverse("assessments:cycle_panel", args=[members.pk])
    client.force_login(world.evaluator)  # sees every member's result, acts for no branch
    assert "link-self" not in client.get(panel_url).content.decode()
    client.force_login(world.member_a1)  # sees their own result only
    assert "link-self" not in client.get(panel_url).content.decode()
    assert client.get(self_url(members, world.a1_member)).status_code == 403


def test_a_members_appeal_file_reaches_that_member_only(client, world, members, evidence_root):
    assessment_start_review(assessment=members, by=world.admin_a)
    now = timezone.now()
    day = datetime.timedelta(days=1)
    assessment_publish(assessment=members, start=now - day, end=now + day, by=world.admin_a)
    result = members.runs.get().results.get(member=world.a1_member)
    client.force_login(world.member_a1)
    response = client.post(
        reverse("assessments:appeal_item", args=[result.pk, "M2"]),
        {"reason": "有获奖证书", "evidence": upload("证书.jpg", helpers.JPEG)},
    )
    assert response.status_code == 302
    evidence = Appeal.objects.get().evidence.get()
    assert evidence.member == world.a1_member
    link = reverse("records:evidence_download", args=[evidence.pk])
    box = client.get(reverse("assessments:result_appeals", args=[result.pk])).content.decode()
    assert link in box and client.get(link).status_code == 200
    for persona, status in [("secretary_a1", 200), ("evaluator", 200), ("outsider", 404)]:
        client.force_login(world.persona(persona))
        assert client.get(link).status_code == status, persona
    assert Evidence.objects.count() == 1
