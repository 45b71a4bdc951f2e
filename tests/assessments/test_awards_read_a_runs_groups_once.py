"""The awards page decodes a run's pinned facts for its groups once, not on every page of
the standings: the facts of a run never change, and a new input is a new fingerprint."""

from django.urls import reverse

from kaohe.assessments import awards
from kaohe.assessments.selectors import current_run
from tests.assessments.test_awards_page_names_the_group import SCHEME
from tests.conftest import run_members


def test_groups_are_decoded_once_per_run_and_fingerprint(client, world, monkeypatch):
    assessment = run_members(
        world, SCHEME, lambda m: {"manual": {"M1": {"points": 9, "comment": "好"}}}
    )
    run = current_run(assessment)
    decoded = []
    real = awards.run_facts
    monkeypatch.setattr(awards, "run_facts", lambda r: decoded.append(r.pk) or real(r))
    monkeypatch.setattr(awards, "_groups_cache", {})
    client.force_login(world.site_admin)
    url = reverse("assessments:awards", args=[assessment.pk])
    first = client.get(url).context["standings"]
    second = client.get(url).context["standings"]
    assert decoded == [run.pk]
    assert [p.key for p in first[0].populations] == [p.key for p in second[0].populations]
    assert len(first[0].populations) == 2  # the two branches with members scored
    run.facts_fingerprint = "0" * 64  # other inputs: read afresh
    awards._groups(run)
    assert decoded == [run.pk, run.pk]
