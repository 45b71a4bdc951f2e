"""On a 390px phone every axis name of a score sheet's category radar is drawn inside the
chart, wrapped if need be, never cut off at its edge (篇四 细则二 has twelve categories,
named up to six characters)."""

import pytest
from django.urls import reverse

from kaohe.assessments.services import assessment_run, subject_key_for_org
from tests.browser.charts import drawn_text
from tests.browser.test_login_and_tree import log_in
from tests.conftest import World, open_2025
from tests.schemes import yearly

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = [
    "组织建设",
    "党员教育管理",
    "民主生活会",
    "三会一课",
    "民主评议党员",
    "发展党员工作",
    "党风廉政建设",
    "兵役工作",
    "调研信息",
    "党费收缴",
    "其他工作",
    "基层组织建设与党员队伍",
]
CATEGORIES = "".join(
    f"  - id: C{i}\n    name: {name}\n    points: 1\n    items:\n"
    f"      - {{id: C{i}I, name: 项目{i}, max: 1, rule: {{kind: manual, missing: zero}}}}\n"
    for i, name in enumerate(NAMES)
)


def test_every_axis_name_lies_inside_the_chart(page, live_server, world: World, screenshot):
    scheme, assessment = open_2025(
        yearly("radar", "雷达测试", CATEGORIES, total=len(NAMES)), world.root
    )
    branches = [world.branch_a1, world.branch_a2]
    facts = {
        "period": {"kind": "year", "year": 2025},
        "subjects": [
            {"id": subject_key_for_org(b.pk), "name": b.name, "metrics": {}} for b in branches
        ],
        "events": [],
    }
    assessment_run(assessment=assessment, scheme=scheme, facts_json=facts, by=None)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "secretary_a1")
    key = subject_key_for_org(world.branch_a1.pk)
    page.goto(live_server.url + reverse("assessments:subject", args=[assessment.pk, key]))
    texts, outside = drawn_text(page, "#chart-radar")
    text = "".join(texts)
    assert all(name in text for name in NAMES)
    screenshot("radar-390")
    assert outside == []
