from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from kaohe.assessments.models import SubjectResult


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content))


def test_ranking_export_has_every_visible_row_in_rank_order(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.site_admin)
    sheet = workbook(client.get(reverse("assessments:export", args=[assessment.pk]))).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[1], r[3]) for r in rows] == [
        (1, "第一支部", 10),
        (2, "第二支部", 9),
        (3, "第三支部", 3),
    ]


def test_names_that_look_like_formulas_stay_text(client, world, scored):
    _, assessment, _, _ = scored
    world.branch_a1.name = '=HYPERLINK("http://evil.example","点我")'
    world.branch_a1.save(update_fields=["name"])
    client.force_login(world.site_admin)
    sheet = workbook(client.get(reverse("assessments:export", args=[assessment.pk]))).active
    cells = [
        c for row in sheet.iter_rows() for c in row if c.value and str(c.value).startswith("=")
    ]
    assert cells and all(c.data_type == "s" for c in cells)


def test_score_sheet_export_explains_each_item(client, world, scored):
    _, _, run, _ = scored
    result = SubjectResult.objects.get(run=run, organization=world.branch_b1)
    client.force_login(world.outsider)  # 第三支部's own secretary
    sheet = workbook(client.get(reverse("assessments:result_export", args=[result.pk]))).active
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("支部党员大会应开4次,实开1次,少3次扣3分" in t for t in texts)


def test_exports_follow_the_same_scope(client, world, scored):
    _, assessment, run, _ = scored
    other = SubjectResult.objects.get(run=run, organization=world.branch_a1)
    client.force_login(world.outsider)
    assert client.get(reverse("assessments:result_export", args=[other.pk])).status_code == 404
    sheet = workbook(client.get(reverse("assessments:export", args=[assessment.pk]))).active
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert names == ["第三支部"]
