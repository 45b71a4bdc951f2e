"""Records speak official terms, schemes the seed's tiers: every rule a shipped template
writes on an event kaohe derives from records must be able to fire."""

import pytest

from kaohe.assessments.metrics import EVENT_LEVELS, EVENT_SOURCES
from kaohe.scoring import get_template, list_templates


def selectors(scheme):
    for veto in scheme.vetoes:
        for condition in veto.when_any:
            if condition.events:
                yield "veto " + veto.id, condition.events
    for item in scheme.items:
        rule = item.rule
        for row in getattr(rule, "rows", ()) or ():
            yield item.id, row.selector
        for clause in getattr(rule, "clauses", ()) or ():
            if getattr(clause, "events", None) is not None and hasattr(clause.events, "types"):
                yield item.id, clause.events
        if getattr(rule, "events", None) is not None and hasattr(rule.events, "types"):
            yield item.id, rule.events


@pytest.mark.parametrize("template", [t.id for t in list_templates()])
def test_record_events_reach_every_rule_that_reads_them(template):
    dead = []
    for where, selector in selectors(get_template(template)):
        for event_type in selector.types:
            if event_type not in EVENT_SOURCES or selector.levels is None:
                continue
            producible = EVENT_LEVELS.get(event_type)
            if producible is not None and not set(selector.levels) & producible:
                dead.append(f"{where}: {event_type}{list(selector.levels)}")
    assert not dead, f"rules no record can trigger: {dead}"
