"""What every HTML page the office opens shares: bilingual text and an atomic write."""

from __future__ import annotations

from html import escape
from pathlib import Path


def t(indonesian: str, english: str, tag: str = "span") -> str:
    """Text in Indonesian that the language switch turns into English."""
    return f'<{tag} data-en="{escape(english)}">{escape(indonesian)}</{tag}>'


def write_page(path: Path, document: str) -> Path:
    """Write ``document`` to ``path`` atomically: a reader never sees half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_text(document, encoding="utf-8")
    staging.replace(path)
    return path
