"""The .xlsx exports of a combined assessment (汇总考核) show what its pages show: the ranking
has a column per part with the reduced points where a single run has base, bonus and
deductions; a result's score sheet lists the parts and the subject's total in each source
period. Both stay formula-safe and scoped."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kaohe.assessments.services import assessment_combine, subject_key_for_org
from tests.assessments.combining import YEAR


@pytest.fixture
def combined(world, year):
    return assessment_combine(
        scheme_version=year.version, year=YEAR, parts=year.parts, by=world.site_admin
    )


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content))


def sheet_url(combined, organization):
    key = subject_key_for_org(organization.pk)
    return reverse("assessments:subject_export", args=[combined.pk, key])


def test_the_ranking_has_a_column_per_part_instead_of_base_bonus_and_deductions(
    client, world, year, combined
):
    client.force_login(world.site_admin)
    book = workbook(client.get(reverse("assessments:export", args=[combined.pk])))
    rows = list(book["排名"].iter_rows(values_only=True))
    assert rows[2] == (
        "名次", "名称", "所在支部", "总分", "等次", "日常考核 × 0.7", "集中考核 × 0.3",
        "一票否决", "评优",
    )  # fmt: skip
    # By hand (tests/assessments/combining.py): daily means 96, 89.15, 85.17; a veto in
    # February keeps 第三支部 first by total but blanks its grade and takes no award.
    assert rows[3:] == [
        (1, "第三支部", None, 97.2, None, 96, 100, "是", None),
        (2, "第一支部", None, 89.41, "良好", 89.15, 90, None, "先进党支部"),
        (3, "第二支部", None, 88.12, "良好", 85.17, 95, None, None),
    ]
    sources = list(book["来源"].iter_rows(values_only=True))
    assert sources[0] == ("部分", "权重", "来源考核", "编号")
    assert [(part, period) for part, _w, period, _pk in sources[1:]] == [
        ("日常考核", "2025年1月"),
        ("日常考核", "2025年2月"),
        ("日常考核", "2025年3月"),
        ("集中考核", "2025年度"),
    ]
    assert [pk for *_rest, pk in sources[1:]] == [a.pk for a in [*year.months, year.central]]


def test_the_score_sheet_lists_the_parts_and_each_source_periods_total(client, world, combined):
    client.force_login(world.secretary_a1)  # 第一支部's secretary: their branch's year
    sheet = workbook(client.get(sheet_url(combined, world.branch_a1))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:6] == ("总分", 89.41, "等次", "良好", "名次", 2)
    assert rows[2] == ("部分", "权重", "部分得分", "期间", "期间得分", "一票否决")
    assert rows[3:7] == [
        ("日常考核", 0.7, 89.15, "2025年1月", 88, None),
        ("日常考核", 0.7, 89.15, "2025年2月", 89.45, None),
        ("日常考核", 0.7, 89.15, "2025年3月", 90, None),
        ("集中考核", 0.3, 90, "2025年度", 90, None),
    ]
    texts = [row[0] for row in rows[7:] if row[0]]
    assert "日常考核(3个月平均)89.15分 × 0.7 + 集中考核 90分 × 0.3 = 89.41分" in texts


def test_a_vetoed_period_is_marked_on_the_score_sheet(client, world, combined):
    client.force_login(world.outsider)  # 第三支部's secretary
    rows = list(workbook(client.get(sheet_url(combined, world.branch_b1))).active.values)
    assert [(row[3], row[5]) for row in rows[3:7]] == [
        ("2025年1月", None),
        ("2025年2月", "是"),
        ("2025年3月", None),
        ("2025年度", None),
    ]
    assert any(row[0] and "2025年2月的考核中被一票否决" in row[0] for row in rows)


def test_combined_exports_keep_formula_like_names_as_text(client, world, combined):
    world.branch_a1.name = '=HYPERLINK("http://evil.example","点我")'
    world.branch_a1.save(update_fields=["name"])
    client.force_login(world.site_admin)
    for url in (
        reverse("assessments:export", args=[combined.pk]),
        sheet_url(combined, world.branch_a1),
    ):
        book = workbook(client.get(url))
        cells = [
            c
            for sheet in book
            for row in sheet.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value.startswith("=")
        ]
        assert cells and all(c.data_type == "s" for c in cells), url


def test_combined_exports_follow_the_same_scope(client, world, combined):
    client.force_login(world.outsider)
    assert client.get(sheet_url(combined, world.branch_a1)).status_code == 404
    book = workbook(client.get(reverse("assessments:export", args=[combined.pk])))
    assert [row[1] for row in book["排名"].iter_rows(min_row=4, values_only=True)] == ["第三支部"]


def test_the_combined_result_page_links_to_its_score_sheet(client, world, combined):
    client.force_login(world.secretary_a1)
    key = subject_key_for_org(world.branch_a1.pk)
    page = client.get(reverse("assessments:subject", args=[combined.pk, key])).content.decode()
    assert sheet_url(combined, world.branch_a1) in page
