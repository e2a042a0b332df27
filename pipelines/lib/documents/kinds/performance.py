"""A performance table (Pengukuran Kinerja): indicators under their sasaran with target,
realisasi, capaian and what other tables and the narrative add (Renstra end target,
satuan, category, the program funding it). Summary rows (Jumlah, Rata-rata) are
named, never read as indicators; an indicator printed twice is written once."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from pipelines.lib.documents.blocks import objective_heading
from pipelines.lib.documents.drafting import Draft
from pipelines.lib.documents.kinds.plan import indicator_key, targets_and_units
from pipelines.lib.documents.tables import SPAN
from pipelines.lib.numbers import MEASURE_NUMBER_PATTERN, amount_value, number_value

VOCABULARY = "performance"
# a table's summary row ("Jumlah Capaian Realisasi Kinerja", "Rata-rata capaian"), only
# summary words (an indicator may begin "Jumlah sasaran …"): never an indicator
SUMMARY_ROW = re.compile(
    r"^\s*(?:jumlah|total|rata-rata|rerata)(?:\s+(?:capaian|realisasi|kinerja|nilai|rata-rata|"
    r"indikator|sasaran))*\s*:?\s*$",
    re.IGNORECASE,
)


def matches(roles: set[str]) -> bool:
    return "indicator" in roles and {"target", "realized"} <= roles


@dataclass
class _Run:
    """What the performance tables of one document share: what other tables and the
    narrative add, the sasaran numbers given so far, and the indicators written."""

    plan_targets: dict[str, str]
    units: dict[str, str]
    categories: dict[int, tuple]
    programs: list[dict]
    numbers: dict[str, int] = field(default_factory=dict)
    seen: dict[tuple[int, str], tuple[dict, str]] = field(default_factory=dict)
    counts: Counter[int] = field(default_factory=Counter)


def extract(draft, tables, plans, categories, programs) -> None:
    """kinerja rows: indicators under their sasaran, with what other tables and the
    narrative add (Renstra end target, satuan, category, the program funding it)."""
    run = _Run(*targets_and_units(plans), categories, programs)
    for where, table in tables:
        _table(draft, run, where, table)


def _table(draft: Draft, run: _Run, where, table) -> None:
    objective_name, objective_no = "", None
    spans = [objective_heading(r.cells[SPAN]) for r in table.records if SPAN in r.cells]
    # a sub-heading names the sasaran of a table that prints at most one itself
    heading = where.objective if where.objective and not any(spans) else None
    if len({r.cells.get("objective") for r in table.records} - {None}) > 1:
        heading = None
    for record in table.records:
        cells = record.cells
        if SPAN in cells:  # "Sasaran Strategis 1. …" across the table: its sasaran
            across = objective_heading(cells[SPAN])
            if across:
                objective_no, objective_name = across
            else:
                draft.unplaced_record(record, table, "judul di dalam tabel, bukan sasaran")
            continue
        if cells.get("objective"):
            objective_name, objective_no = cells["objective"], None
            if cells.get("number", "").rstrip(".").isdigit():
                objective_no = int(cells["number"].rstrip("."))
        if not cells.get("indicator"):
            draft.unplaced_record(record, table, "baris kinerja tanpa indikator")
            continue
        if SUMMARY_ROW.match(cells["indicator"]):
            draft.unplaced_record(
                record, table, "baris ringkasan (Jumlah/Rata-rata) tabel: bukan indikator"
            )
            continue
        checks: dict[str, str] = {}
        name, number = objective_name, objective_no
        if heading:
            number = heading[0]
            if heading[1]:
                if objective_name and indicator_key(objective_name) != indicator_key(heading[1]):
                    checks["sasaran"] = (
                        f"judul sub bab menyebut sasaran ini, tabel mencetak “{objective_name}”"
                    )
                name = heading[1]
        if number is None:
            number = run.numbers.setdefault(indicator_key(name), len(run.numbers) + 1)
        run.numbers.setdefault(indicator_key(name), number)
        _indicator(draft, run, table, record, (number, name), checks)


def _unit(cells: dict[str, str], planned: str, checks: dict) -> str:
    """The indicator's unit: printed in its column, in the plan, or with the figures
    ("90%", "80 poin": the unit they share, checked unless it is a percent sign)."""
    unit = cells.get("unit") or planned
    if not unit:
        unit = _printed_unit(cells.get("target", ""), cells.get("realized", ""))
        if unit != "%":  # a percent sign leaves no doubt; a word may be the figure's
            checks["satuan"] = (
                f"satuan tidak tercetak di kolomnya; dari angka target/realisasi: {unit}"
                if unit
                else "satuan tidak tercetak"
            )
    return unit


def _indicator(draft: Draft, run: _Run, table, record, sasaran, checks: dict) -> None:
    """One indicator row, written once (a copy printed again is named, not written)."""
    cells, (number, name) = record.cells, sasaran
    key = indicator_key(cells["indicator"])
    unit = _unit(cells, run.units.get(key, ""), checks)
    category = cells.get("category", "")
    if not category and number in run.categories:
        category = run.categories[number][0]
    values = {
        "no_sasaran": str(number),
        "sasaran": name,
        "no_indikator": "",
        "indikator": cells["indicator"],
        "satuan": unit,
        "polaritas": "",
        "target": cells.get("target", ""),
        "realisasi": cells.get("realized", ""),
        "kode_program": "",
        "capaian_dilaporkan": cells.get("achievement", ""),
        "kategori_dilaporkan": category,
        "capaian_tahun_lalu": cells.get("prior_achievement", ""),
        "capaian_renstra": cells.get("plan_achievement", ""),
        "target_akhir_renstra": cells.get("plan_target") or run.plan_targets.get(key, ""),
    }
    values["polaritas"], checks["polaritas"] = printed_polarity(
        values["target"], values["realisasi"], values["capaian_dilaporkan"]
    )
    compared = {k: v for k, v in values.items() if k not in ("sasaran", "no_indikator")}
    earlier = run.seen.get((number, key))
    if earlier and earlier[0] == compared:
        draft.unplaced(
            cells["indicator"],
            record.where,
            table.caption,
            f"sama dengan {earlier[1]}; tidak ditulis dua kali",
            record.row_no,
        )
        return
    if earlier:
        checks["indikator"] = (
            f"{earlier[1]} mencetak indikator ini dengan nilai lain; keduanya ditulis, "
            "hapus yang salah"
        )
    else:
        run.counts[number] += 1
    values["no_indikator"] = str(run.counts[number])
    funding = _funding(run.programs, number, draft)
    if funding:
        values["kode_program"] = funding[0]
        if funding[1]:
            checks["kode_program"] = funding[1]
    run.seen.setdefault((number, key), (compared, table.caption))
    draft.add("kinerja", values, record.where, table.caption, record.row_no, checks=checks)


_MEASURE = re.compile(MEASURE_NUMBER_PATTERN)


def _printed_unit(target: str, realized: str) -> str:
    """The unit a target prints after its figure ("80 poin", "90 %"), unless the
    realisasi prints another one after its own."""
    found = _MEASURE.match(target.strip().lower())
    other = _MEASURE.match(realized.strip().lower())
    if not found or not found[2] or (other and other[2] and other[2] != found[2]):
        return ""
    # the unit as printed (the grammar reads lower case)
    return target.strip()[-len(found[2]) :].strip()


def printed_polarity(target: str, realized: str, achievement: str) -> tuple[str, str]:
    """polaritas, which a report rarely prints, and its review note: negative (lower is
    better) where the printed capaian is what target/realisasi or (2·target −
    realisasi)/target gives and not realisasi/target; positive otherwise, flagged."""
    t, r, c = (number_value(x) for x in (target, realized, achievement))
    if None not in (t, r, c) and t > 0 and r > 0 and t != r:

        def near(x: Decimal) -> bool:  # printed capaian rounds to whole or 2 decimals
            return abs(x - c) <= max(Decimal("0.6"), c * Decimal("0.005"))

        lower = (t / r * 100, (2 * t - r) / t * 100)
        if not near(r / t * 100) and any(near(x) for x in lower):
            return "negatif", (
                f"tidak tercetak; capaian {achievement} = target/realisasi: dianggap "
                "negatif (makin rendah makin baik)"
            )
    return "positif", "tidak tercetak; dianggap positif (makin tinggi makin baik)"


def _funding(programs: list[dict], objective: int, draft: Draft) -> tuple[str, str] | None:
    """The program whose anggaran is the pagu the text gives for a sasaran."""
    stated = [
        r["nilai"]
        for r in draft.sheets.get("ringkasan", [])
        if r["cakupan"] == "sasaran" and r["kunci"] == str(objective) and r["ukuran"] == "anggaran"
    ]
    amounts = {amount_value(s) for s in stated} - {None}
    matches = [
        p for p in programs if p["level"] == "program" and amount_value(p["anggaran"]) in amounts
    ]
    if len(matches) != 1:
        return None
    program = matches[0]
    if program["kode"]:
        return program["kode"], ""
    return (
        "",
        f"pagu sasaran sama dengan program “{program['nama']}” ({program['_caption']}); "
        "isi kodenya",
    )
