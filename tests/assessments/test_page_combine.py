"""汇总考核 through the pages: an admin picks the year, sees the candidates with their parts
guessed, combines, and the ranking, result and manage pages show the combination."""

from django.urls import reverse

from kaohe.assessments.models import Assessment, AssessmentKind, CombinedSource, Stage
from kaohe.assessments.services import subject_key_for_org
from tests.assessments.combining import YEAR


def combine_url(year, **extra):
    params = {
        "version": year.version.pk,
        "organization": year.central.organization_id,
        "year": YEAR,
    } | extra
    return reverse("assessments:combine") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def choices(year, **overrides):
    data = {f"part_{m.pk}": "daily" for m in year.months} | {f"part_{year.central.pk}": "central"}
    return data | overrides


def test_an_admin_finds_the_year_and_combines_it(client, world, year):
    client.force_login(world.site_admin)
    listing = client.get(reverse("assessments:combine")).content.decode()
    assert (
        "汇总测试方案" in listing
        and combine_url(year).split("?")[1].replace("&", "&amp;") in listing
    )
    page = client.get(combine_url(year))
    assert page.status_code == 200
    form = page.context["form"]
    # Parts guessed from the periods: the months are daily, the year-end is central.
    assert {name: form[name].value() for name in form.fields} == choices(year)
    response = client.post(combine_url(year), choices(year))
    combined = Assessment.objects.get(kind=AssessmentKind.COMBINED)
    assert response.status_code == 302 and response.url == reverse(
        "assessments:detail", args=[combined.pk]
    )
    detail = client.get(response.url).content.decode()
    assert "日常考核 × 0.7" in detail and "集中考核 × 0.3" in detail
    assert "89.41" in detail and "89.15" in detail  # the total and its daily part
    for source in [*year.months, year.central]:
        assert reverse("assessments:detail", args=[source.pk]) in detail


def test_the_combined_result_explains_itself_and_links_to_its_sources(client, world, year):
    client.force_login(world.site_admin)
    client.post(combine_url(year), choices(year))
    combined = Assessment.objects.get(kind=AssessmentKind.COMBINED)
    key = subject_key_for_org(world.branch_a1.pk)
    client.force_login(world.secretary_a1)  # a secretary sees their branch's combined result
    page = client.get(reverse("assessments:subject", args=[combined.pk, key]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "日常考核(3个月平均)89.15分 × 0.7 + 集中考核 90分 × 0.3 = 89.41分" in body
    for source in [*year.months, year.central]:
        assert reverse("assessments:subject", args=[source.pk, key]) in body
    assert "89.45" in body  # 第一支部 in February, as combined


def test_a_source_not_finalized_is_refused_on_the_page(client, world, year):
    Assessment.objects.filter(pk=year.months[2].pk).update(stage=Stage.REVIEW)
    client.force_login(world.site_admin)
    page = client.get(combine_url(year))
    assert page.context["form"][f"part_{year.months[2].pk}"].value() == ""  # not guessed
    response = client.post(combine_url(year), choices(year))
    assert response.status_code == 400
    assert f"#{year.months[2].pk}(2025年3月)尚未定档" in response.content.decode()
    assert not Assessment.objects.filter(kind=AssessmentKind.COMBINED).exists()
    assert not CombinedSource.objects.exists()


def test_only_admins_of_the_organization_may_combine(client, world, year):
    client.force_login(world.admin_a)  # an admin, but of 第一党总支, not of 机关党委
    assert client.get(combine_url(year)).status_code == 404
    assert client.post(combine_url(year), choices(year)).status_code == 404
    client.force_login(world.evaluator)
    assert client.get(combine_url(year)).status_code == 403
    assert not Assessment.objects.filter(kind=AssessmentKind.COMBINED).exists()


def test_the_manage_pages_lead_to_the_combination_and_back(client, world, year):
    client.force_login(world.site_admin)
    manage = client.get(reverse("assessments:manage", args=[year.central.pk])).content.decode()
    assert combine_url(year).replace("&", "&amp;") in manage  # a finalized source: combine it
    client.post(combine_url(year), choices(year))
    combined = Assessment.objects.get(kind=AssessmentKind.COMBINED)
    page = client.get(reverse("assessments:manage", args=[combined.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="sources"' in body and 'id="form-publish"' in body
    assert reverse("assessments:review", args=[combined.pk]) not in body
    # Coming back to the year shows the sources chosen, not guesses.
    again = client.get(combine_url(year))
    assert again.context["existing"] == combined
    assert {n: again.context["form"][n].value() for n in again.context["form"].fields} == choices(
        year
    )
