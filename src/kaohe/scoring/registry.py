"""Shipped scheme templates: every ``*.yaml`` in the templates folder, id = file stem."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from kaohe.scoring.errors import SchemeError, SchemeIssue
from kaohe.scoring.scheme import Scheme, load_scheme

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    title: str
    path: Path


def list_templates() -> list[TemplateInfo]:
    """The shipped templates, sorted by id. Reads only each file's title (no validation)."""
    found = []
    for path in sorted(TEMPLATES_DIR.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            data = None
        title = data.get("title") if isinstance(data, dict) else None
        found.append(TemplateInfo(path.stem, str(title or path.stem), path))
    return found


def get_template(template_id: str) -> Scheme:
    """Load and validate one shipped template by id (its file stem)."""
    path = TEMPLATES_DIR / f"{template_id}.yaml"
    if "/" in template_id or "\\" in template_id or not path.is_file():
        known = ", ".join(t.id for t in list_templates()) or "-"
        raise SchemeError(
            [
                SchemeIssue(
                    template_id,
                    None,
                    "(template)",
                    f"没有编号为 {template_id!r} 的方案模板(可用: {known})",
                    f"no scheme template {template_id!r} (available: {known})",
                )
            ]
        )
    return load_scheme(path)
