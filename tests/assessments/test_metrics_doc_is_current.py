from pathlib import Path

from kaohe.assessments.metrics import CATALOGUE, EVENT_DOCS, EVENT_SOURCES, catalogue_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"


def test_docs_list_exactly_the_catalogue():
    assert catalogue_markdown() in DOC.read_text(encoding="utf-8"), (
        "docs/metrics.md is out of date: paste catalogue_markdown() into its Catalogue section"
    )


def test_every_event_source_is_documented_and_every_metric_is_named_consistently():
    assert set(EVENT_SOURCES) == set(EVENT_DOCS)
    assert all(name == metric.name for name, metric in CATALOGUE.items())
