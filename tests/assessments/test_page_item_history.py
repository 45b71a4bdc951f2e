"""Every change of a score, per subject and item: when, who, old → new, source, reason."""

from decimal import Decimal

from django.urls import reverse

from kaohe.assessments.services import (
    assessment_start_review,
    assessment_start_self_assessment,
    manual_rate,
    subject_key_for_org,
)


def test_history_lists_each_change_with_who_and_why(client, world, cycle):
    assessment_start_self_assessment(assessment=cycle, by=world.admin_a)
    assessment_start_review(assessment=cycle, by=world.admin_a)
    key = subject_key_for_org(world.branch_a1.pk)
    manual_rate(
        assessment=cycle, subject_key=key, item_id="A2", level="良", comment="台账不够规范",
        by=world.evaluator,
    )  # fmt: skip
    result = cycle.runs.get().results.get(subject_key=key)
    client.force_login(world.secretary_a1)
    page = client.get(reverse("assessments:item_history", args=[result.pk, "A2"]))
    rows = list(page.context["rows"])
    changes = [(r.source, r.old, r.new) for r in rows]
    # A first computation is audited by its totals; each later change of an item is a row.
    assert changes == [("manual", 0, Decimal("4.8"))]
    body = page.content.decode()
    assert "台账不够规范" in body and "evaluator" in body and "4.8" in body
    total = client.get(reverse("assessments:total_history", args=[result.pk]))
    assert [r.item_id for r in total.context["rows"]] == ["", ""]


def test_an_unknown_item_is_404(client, world, scored):
    _, _, run, _ = scored
    result = run.results.get(organization=world.branch_a1)
    client.force_login(world.site_admin)
    url = reverse("assessments:item_history", args=[result.pk, "Z9"])
    assert client.get(url).status_code == 404
