"""A Renstra or IKU plan table: indicators with their end target and unit, which the
performance table's rows take when they do not print them."""

from __future__ import annotations

import re

from pipelines.lib.documents.tables import ReadTable

VOCABULARY = "performance"


def matches(roles: set[str]) -> bool:
    return "indicator" in roles and bool(roles & {"plan_target", "unit", "target"})


def indicator_key(text: str) -> str:
    """An indicator's name for matching across tables: letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def targets_and_units(plans: list[ReadTable]) -> tuple[dict[str, str], dict[str, str]]:
    """End target and unit by indicator key, the first plan printing one."""
    plan_targets: dict[str, str] = {}
    units: dict[str, str] = {}
    for plan in plans:
        for record in plan.records:
            key = indicator_key(record.cells.get("indicator", ""))
            if key and record.cells.get("plan_target"):
                plan_targets.setdefault(key, record.cells["plan_target"])
            if key and record.cells.get("unit"):
                units.setdefault(key, record.cells["unit"])
    return plan_targets, units
