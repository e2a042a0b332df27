"""What every HTML page the office opens shares: its templates (bilingual text is the
``t`` macro of templates/macros.html) and an atomic write."""

from __future__ import annotations

from pathlib import Path

import jinja2

# one template per page (templates/), every value escaped unless marked safe: markup and
# data stay apart, and nothing a sender typed can become markup
TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("pipelines.lib.office", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template: str, **context) -> str:
    """The page ``template`` of templates/ filled with ``context``."""
    return TEMPLATES.get_template(template).render(**context)


def write_page(path: Path, document: str) -> Path:
    """Write ``document`` to ``path`` atomically: a reader never sees half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_text(document, encoding="utf-8")
    staging.replace(path)
    return path
