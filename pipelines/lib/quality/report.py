"""The data-quality report: one self-contained HTML page that works offline, from the
template ``office/templates/data-quality.html``: this module prepares its rows."""

from __future__ import annotations

import polars as pl

from pipelines.lib.office import page
from pipelines.lib.office.formats import SEVERITY_NAMES
from pipelines.lib.quality.indonesian import sentence_for
from pipelines.lib.quality.results import RuleOutcome

REPORT_NAME = "data-quality.html"
SEVERITY_LABELS = {
    "blocking": "Memblokir / blocking",
    "warning": "Peringatan / warning",
    "info": "Info / info",
}


def _place(row: dict) -> str:
    place = "" if row["source_file"] is None else str(row["source_file"])
    if row["source_sheet"]:
        place += f" · {row['source_sheet']}"
    if row["source_row"] is not None:
        place += f" · baris {row['source_row']}"
    return place


def _finding(row: dict, names: dict[str, str]) -> dict:
    """A finding as the page shows it: the agency by its name (its id beneath)."""
    return {
        "severity": row["severity"],
        "severity_name": SEVERITY_NAMES.get(row["severity"], row["severity"]),
        "fiscal_year": row["fiscal_year"],
        "agency_id": row["agency_id"],
        "agency_name": names.get(row["agency_id"]) if row["agency_id"] else None,
        "place": _place(row),
        "message": row.get("office_message"),
        **{c: row[c] for c in ("rule_id", "object_key", "expected", "actual")},
    }


def _by_agency(rows: list[dict]) -> list[dict]:
    """The findings per agency with their counts, the agencies with blocking findings
    first (opened), then by how many findings; "Umum" for those of no agency."""
    groups: dict[str | None, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["agency_id"], []).append(row)
    out = []
    for agency_id, found in groups.items():
        severities = [r["severity"] for r in found]
        counts = ", ".join(
            f"{severities.count(s)} {SEVERITY_NAMES[s].lower()}"
            for s in SEVERITY_LABELS
            if s in severities
        )
        name = found[0]["agency_name"]
        out.append(
            {
                "agency_id": agency_id if name else None,  # beneath its name, when it has one
                "name": name or agency_id or "Umum",
                "counts": counts,
                "blocking": "blocking" in severities,
                "rows": found,
            }
        )
    return sorted(out, key=lambda g: (not g["blocking"], -len(g["rows"]), g["name"]))


def _rule(outcome: RuleOutcome) -> dict:
    rule = outcome.rule
    return {
        # a rule that passed is not an alarm: no severity colour on its row
        "row_class": rule.severity if outcome.failed else "passed",
        "rule_id": rule.rule_id,
        "suite": rule.suite,
        "severity_name": SEVERITY_NAMES[rule.severity],
        "action": _action(rule.rule_id),
        "description": rule.description,
        "checked": outcome.checked,
        "failed": outcome.failed,
    }


def render(
    findings: pl.DataFrame,
    outcomes: list[RuleOutcome],
    run_id: str,
    generated_at: str,
    published: bool,
    agency_names: dict[str, str] | None = None,
) -> str:
    """The report as one HTML document; ``agency_names``: agency id → name. Infos come
    last, folded (they need no action; the page stays short enough to read)."""
    names = agency_names or {}
    counts = dict(findings.group_by("severity").len().iter_rows()) if findings.height else {}
    rows = [_finding(r, names) for r in findings.iter_rows(named=True)]
    actionable = [r for r in rows if r["severity"] != "info"]
    return page.render(
        "data-quality.html",
        run_id=run_id,
        generated_at=generated_at,
        published=published,
        cards=[(s, label, counts.get(s, 0)) for s, label in SEVERITY_LABELS.items()],
        total=len(rows),
        groups=_by_agency(actionable),
        infos=[r for r in rows if r["severity"] == "info"],
        rules=[_rule(o) for o in outcomes],
    )


def _action(rule_id: str) -> str:
    """What the office does when the rule fails, in Indonesian."""
    try:
        return sentence_for(rule_id)[1]
    except KeyError:
        return ""
