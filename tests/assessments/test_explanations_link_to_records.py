"""A deduction's explanation names the records behind it as a reader knows them — the date
and the record's own name, the member for one attendance row — and links each to its page,
which the reader may then open; the page shows no internal ids (`discipline_case:17`). A
record the viewer may not see is neither named nor linked."""

import datetime
import html

from django.urls import reverse

from kaohe.records.models import DisciplineCase, MeetingKind, Punishment
from kaohe.records.selectors import record_refs
from kaohe.records.services import meeting_create, record_create
from tests.conftest import computed_2025
from tests.schemes import yearly

SCHEME = yearly(
    "penalty-test",
    "处分测试",
    """\
  - id: A
    name: 基础
    points: 10
    items:
      - id: A1
        name: 学习培训出勤
        max: 10
        rule: {kind: linked, events: training_absence, label: 无故缺席, branch: 0.5, member: 1}
  - id: P
    name: 减分
    items:
      - id: P1
        name: 违纪处分
        rule:
          kind: penalty
          table:
            - {type: discipline, level: warning, points: 5, label: 警告或记过}
            - {type: discipline, level: expulsion, points: 20, label: 开除}
""",
)


def _case(world):
    return record_create(
        model=DisciplineCase, organization=world.branch_a1, entered_by=world.site_admin,
        member=world.a1_member, case_ref="K9", event="违规", punishment=Punishment.WARNING,
        decided_on=datetime.date(2025, 6, 1),
    )  # fmt: skip


def test_each_record_is_named_and_linked(client, world):
    case = _case(world)
    study = meeting_create(
        organization=world.branch_a1, entered_by=world.site_admin, kind=MeetingKind.STUDY,
        held_on=datetime.date(2025, 5, 8), topic="理论学习",
        attendance=[(world.a1_member.pk, "absent"), (world.a1_secretary.pk, "present")],
    )  # fmt: skip
    result = computed_2025(SCHEME, world.gb_a).results.get(organization=world.branch_a1)
    assert result.penalty == -5
    client.force_login(world.secretary_a1)

    page = html.unescape(client.get(reverse("assessments:result", args=[result.pk])).text)

    case_url = reverse("records:detail", args=["discipline_case", case.pk])
    study_url = reverse("records:detail", args=["meeting", study.pk])
    assert f'<a href="{case_url}">2025-06-01 李党员 · 党内警告 · K9</a>' in page
    assert f'<a href="{study_url}">2025-05-08 集中学习 · 理论学习（李党员）</a>' in page
    assert "discipline_case:" not in page and f"meeting:{study.pk}#" not in page
    assert client.get(case_url).status_code == 200  # the secretary may follow it


def test_a_record_out_of_sight_is_not_named(world):
    ref = f"discipline_case:{_case(world).pk}"
    assert record_refs(world.outsider, [ref]) == {}
    assert record_refs(world.secretary_a1, [ref, "hand-written-id"])[ref].label.endswith("K9")
