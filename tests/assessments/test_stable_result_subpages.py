"""A result's sub-pages — the history of its total and items, its appeals, its score sheet and
an item's appeal page — have stable addresses under `<assessment>/subjects/<subject key>/`:
they survive a recomputation (the `results/<row id>/…` forms do not), the result page links
only to them, and they are scoped like the result itself."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kaohe.assessments.services import assessment_run, subject_key_for_org
from tests.conftest import facts_for

# (url name, extra arguments after the subject key)
SUB_PAGES = [
    ("subject_total_history", []),
    ("subject_item_history", ["A1"]),
    ("subject_appeals", []),
    ("subject_appeal_item", ["A1"]),
    ("subject_export", []),
]
# The same pages by result row: (url name, extra arguments after the row id)
ROW_PAGES = [
    ("total_history", []),
    ("item_history", ["A1"]),
    ("result_appeals", []),
    ("appeal_item", ["A1"]),
    ("result_export", []),
]


def stable(assessment, organization, name, extra=()):
    key = subject_key_for_org(organization.pk)
    return reverse(f"assessments:{name}", args=[assessment.pk, key, *extra])


def recompute(world, scheme, assessment):
    """第一支部 held 2 congresses instead of 4: every result row is replaced."""
    facts = facts_for(
        world,
        congress={"第一支部": 2, "第二支部": 3, "第三支部": 1},
        dues={"第一支部": 1, "第二支部": 1, "第三支部": 0},
    )
    return assessment_run(
        assessment=assessment, scheme=scheme, facts_json=facts, by=world.site_admin
    )


def test_the_stable_sub_pages_survive_a_recompute(client, world, scored):
    scheme, assessment, run, _ = scored
    old = run.results.get(organization=world.branch_a1)
    client.force_login(world.secretary_a1)
    for name, extra in SUB_PAGES:
        assert client.get(stable(assessment, world.branch_a1, name, extra)).status_code == 200
    new = recompute(world, scheme, assessment).results.get(organization=world.branch_a1)
    assert new.pk != old.pk and new.total < old.total
    for name, extra in ROW_PAGES:  # the old row's addresses are gone with the row
        url = reverse(f"assessments:{name}", args=[old.pk, *extra])
        assert client.get(url).status_code == 404, url
    for name, extra in SUB_PAGES[:4]:
        page = client.get(stable(assessment, world.branch_a1, name, extra))
        assert page.status_code == 200, name
        assert page.context["result"].pk == new.pk
    history = client.get(stable(assessment, world.branch_a1, "subject_total_history"))
    assert [row.new for row in history.context["rows"]][-1] == new.total
    sheet = client.get(stable(assessment, world.branch_a1, "subject_export"))
    assert load_workbook(BytesIO(sheet.content)).active.cell(2, 2).value == new.total


@pytest.mark.parametrize(("name", "extra"), SUB_PAGES)
def test_another_branch_gets_the_same_404_as_a_missing_subject(client, world, scored, name, extra):
    _, assessment, _, _ = scored
    client.force_login(world.outsider)  # 第三支部's secretary: sees the assessment
    assert client.get(stable(assessment, world.branch_b1, name, extra)).status_code == 200
    theirs = client.get(stable(assessment, world.branch_a1, name, extra))
    missing = client.get(reverse(f"assessments:{name}", args=[assessment.pk, "O987654", *extra]))
    nowhere = client.get(reverse(f"assessments:{name}", args=[987_654, "O1", *extra]))
    assert theirs.status_code == missing.status_code == nowhere.status_code == 404
    assert theirs.content == missing.content


def test_the_result_page_links_only_to_the_stable_sub_pages(client, world, scored):
    _, assessment, run, _ = scored
    result = run.results.get(organization=world.branch_a1)
    client.force_login(world.site_admin)
    # Also when opened by its row: the links it renders must outlive the row.
    body = client.get(reverse("assessments:result", args=[result.pk])).content.decode()
    for name, extra in [
        ("subject_export", []),
        ("subject_total_history", []),
        ("subject_item_history", ["A1"]),
        ("subject_appeals", []),
    ]:
        assert stable(assessment, world.branch_a1, name, extra) in body, name
    assert not re.search(r'(href|hx-get)="[^"]*/results/', body)
