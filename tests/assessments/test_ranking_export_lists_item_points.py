"""The ranking export has each subject's points per item, read for the viewer's results by
one subquery (a committee's ranking has more results than one query takes parameters)."""

from django.urls import reverse

from tests.assessments.test_exports_are_formula_safe import workbook


def test_each_row_has_its_item_points(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.site_admin)
    sheet = workbook(client.get(reverse("assessments:export", args=[assessment.pk]))).active
    header = sheet[3]
    assert [c.value for c in header[10:]] == ["A1 三会一课", "A2 党费"]
    assert all(c.font.bold for c in header)
    rows = [(r[1], r[10], r[11]) for r in sheet.iter_rows(min_row=4, values_only=True)]
    # 大会: 4, 3 and 1 of 4 held (6 − shortfall); dues paid in full by the first two.
    assert rows == [("第一支部", 6, 4), ("第二支部", 5, 4), ("第三支部", 3, 0)]


def test_only_the_viewers_rows(client, world, scored):
    _, assessment, _, _ = scored
    client.force_login(world.outsider)  # 第三支部's own secretary
    sheet = workbook(client.get(reverse("assessments:export", args=[assessment.pk]))).active
    rows = [(r[1], r[10], r[11]) for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert rows == [("第三支部", 3, 0)]


def test_a_member_row_names_the_member_and_their_branch(client, world, member_run):
    client.force_login(world.site_admin)
    sheet = workbook(client.get(reverse("assessments:export", args=[member_run.pk]))).active
    rows = [r[:5] for r in sheet.iter_rows(min_row=4, values_only=True)]
    # 名次, 名称, 所在支部, 总分, 等次: tests failed 0, 1 and 3 (2 points each off 10).
    assert rows == [
        (1, "张书记", "第一支部", 10, "优秀"),
        (2, "李党员", "第一支部", 8, "合格"),
        (3, "王党员", "第二支部", 4, "合格"),
    ]
