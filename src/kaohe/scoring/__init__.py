"""kaohe.scoring — the scoring engine: scheme language, facts, two evaluators of one meaning.

Pure Python (plus Polars for bulk runs); it never imports Django. The public API:

- ``load_scheme(path_or_text)``, ``get_template(id)``, ``list_templates()``
- ``load_facts(path)``, ``parse_facts(json_data)``, ``make_facts(subjects, events, period)``
  and the fact types ``Subject``, ``Event``, ``ManualScore``, ``Period``
- ``evaluate(scheme, facts)`` → ``Result`` with explanation records (scalar reference)
- ``evaluate_columnar(scheme, facts_or_frames)`` → ``ColumnarResult`` (same points, Polars)
- ``render_explanation(record, lang="zh")`` → one readable sentence
- ``rollup(scheme, parts)`` → period results combined (monthly → annual, daily + central)
"""

from kaohe.scoring.columnar import ColumnarResult, FactsFrames, evaluate_columnar, facts_to_frames
from kaohe.scoring.errors import FactsError, FactsIssue, SchemeError, SchemeIssue
from kaohe.scoring.explain import Explanation, render_explanation
from kaohe.scoring.facts import (
    Event,
    Facts,
    ManualScore,
    Subject,
    load_facts,
    make_facts,
    parse_facts,
    parse_period,
)
from kaohe.scoring.periods import Period
from kaohe.scoring.registry import TemplateInfo, get_template, list_templates
from kaohe.scoring.results import ItemResult, Result, SubjectResult
from kaohe.scoring.rollup import RollupResult, rollup
from kaohe.scoring.scalar import evaluate, explain_subject
from kaohe.scoring.scheme import Scheme, load_scheme, parse_scheme

__all__ = [
    "ColumnarResult",
    "Event",
    "Explanation",
    "Facts",
    "FactsError",
    "FactsFrames",
    "FactsIssue",
    "ItemResult",
    "ManualScore",
    "Period",
    "Result",
    "RollupResult",
    "Scheme",
    "SchemeError",
    "SchemeIssue",
    "Subject",
    "SubjectResult",
    "TemplateInfo",
    "evaluate",
    "evaluate_columnar",
    "explain_subject",
    "facts_to_frames",
    "get_template",
    "list_templates",
    "load_facts",
    "load_scheme",
    "make_facts",
    "parse_facts",
    "parse_period",
    "parse_scheme",
    "render_explanation",
    "rollup",
]
