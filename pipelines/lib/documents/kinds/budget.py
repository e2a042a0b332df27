"""A budget table: program, kegiatan and sub kegiatan with anggaran, realisasi and %.

Levels come from printed codes; without codes, a numbered or upper-case row, or one
whose name begins with "Program", is a program, and the rows under it are split into
kegiatan and sub kegiatan so that each kegiatan's figures are the sum of its own.
A table whose rows are mostly spending types is :mod:`spending`'s.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from pipelines.lib.codes import budget_code, with_bidang
from pipelines.lib.documents.drafting import Draft, printed_number
from pipelines.lib.documents.tables import BUDGET_VALUES, SPAN, ReadTable, Record
from pipelines.lib.numbers import amount_value

VOCABULARY = "budget"


def matches(roles: set[str]) -> bool:
    return {"name", "budget"} <= roles and bool(roles & {"realized", "percent"})


_NO_BUDGET = "anggaran tidak tercetak di baris ini: isi dari dokumen, atau hapus baris judul ini"


def _percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def named_records(draft: Draft, table: ReadTable) -> list[Record]:
    """The table's rows that name a line, each figure unwrapped; the others listed."""
    records = []
    for record in table.records:
        for role in BUDGET_VALUES & record.cells.keys():
            # a figure wrapped in its cell ("1.000, -") is one figure
            record.cells[role] = "".join(record.cells[role].split())
        if SPAN in record.cells:
            draft.unplaced_record(record, table, "judul di dalam tabel, bukan baris anggaran")
            continue
        if not record.cells.get("name"):
            draft.unplaced_record(
                record, table, "baris tanpa nama program/kegiatan (angka tak terbaca?)"
            )
            continue
        # a list mark ("a. Penyediaan …", "2) …") is the report's numbering, not the name
        record.cells["name"] = _LIST_MARK.sub("", record.cells["name"]) or record.cells["name"]
        records.append(record)
    return records


_LIST_MARK = re.compile(r"^\s*(?:[a-z]|\d{1,2})\s*[.)]\s+(?=\S)")
# a table's total row ("JUMLAH", "Total Belanja", "Jumlah Keseluruhan"): stated figures
# to check against the lines, never a budget line itself
_SUMMARY = re.compile(
    r"^\s*(?:sub\s*)?(?:jumlah|total|grand\s+total)(?:\s+(?:total|keseluruhan|belanja|"
    r"anggaran|seluruhnya|program|kegiatan|opd|skpd))*\s*:?\s*$",
    re.IGNORECASE,
)


def extract(draft: Draft, records: list[Record], table: ReadTable) -> list[dict]:
    """Budget lines of a program/kegiatan/sub kegiatan table; the lines written. The
    last total row is the agency's stated total; a total row above it is named."""
    totals = [r for r in records if _SUMMARY.match(r.cells["name"])]
    for record in totals[:-1]:
        draft.unplaced_record(record, table, "baris jumlah antara: bukan baris anggaran")
    if totals:
        _agency_total(draft, totals[-1], table)
        records = [r for r in records if r not in totals]
    levels = _levels(records)
    lines = []
    for record, (level, code, note) in zip(records, levels, strict=True):
        if level == "opd":
            _agency_total(draft, record, table)
            continue
        row = draft.add(
            "anggaran",
            {
                "level": level,
                "kode": code,
                "nama": record.cells["name"],
                "anggaran": record.cells.get("budget", ""),
                "realisasi_keuangan": record.cells.get("realized", ""),
                "realisasi_fisik_persen": record.cells.get("physical", ""),
                "persen_dilaporkan": record.cells.get("percent", ""),
            },
            record.where,
            table.caption,
            record.row_no,
            checks=({"level": note} if note else {})
            | ({} if record.cells.get("budget") else {"anggaran": _NO_BUDGET}),
        )
        number = len(draft.sheets["anggaran"])
        lines.append(row | {"_number": number, "_caption": table.caption})
        budget = amount_value(row["anggaran"])
        realized = amount_value(row["realisasi_keuangan"])
        printed = printed_number(row["persen_dilaporkan"])
        if budget and realized is not None and printed is not None:
            computed = _percent(realized * 100 / budget)
            if abs(computed - printed) > Decimal("0.01"):
                draft.flag(
                    "anggaran",
                    number,
                    "persen_dilaporkan",
                    f"dicetak {row['persen_dilaporkan']}, realisasi/anggaran = "
                    + str(computed).replace(".", ","),
                )
    _check_sums(draft, lines)
    return lines


def _agency_total(draft: Draft, record: Record, table: ReadTable) -> None:
    """A row of the whole agency's figures, stated in ringkasan to check the lines by."""
    for column, measure in (
        ("budget", "anggaran"),
        ("physical", "realisasi_fisik_persen"),
        ("realized", "realisasi"),
        ("percent", "serapan_persen"),
    ):
        if record.cells.get(column):
            draft.add(
                "ringkasan",
                {
                    "cakupan": "opd",
                    "kunci": "",
                    "ukuran": measure,
                    "nilai": record.cells[column],
                    "sumber": table.caption,
                },
                record.where,
                table.caption,
                record.row_no,
            )


def _amounts(record: Record) -> tuple[Decimal | None, Decimal | None]:
    return amount_value(record.cells.get("budget")), amount_value(record.cells.get("realized"))


def _table_bidang(codes: list[str]) -> str | None:
    """The urusan and bidang most of a table's readable codes print (``8.01``): whose a
    code printed for any bidang (``X.XX.01``) is, in an agency's own report."""
    found = Counter(
        ".".join(parsed[0].split(".")[:2]) for code in codes if (parsed := budget_code(code))
    )
    return found.most_common(1)[0][0] if found else None


def _levels(records: list[Record]) -> list[tuple[str, str, str]]:
    """(level, code, note) per record: from a printed code; else a numbered or
    upper-case row, or one whose name begins with "Program", is a program, and the rows
    under it are split into kegiatan and sub kegiatan so that each kegiatan's anggaran
    or realisasi is the sum of its own."""
    levels: list[tuple[str, str, str]] = [("", "", "")] * len(records)
    printed = [record.cells.get("code", "").replace(" ", "") for record in records]
    bidang = _table_bidang(printed)
    coded = False
    for i, code in enumerate(printed):
        parsed = budget_code(with_bidang(code, bidang))
        if parsed:
            note = f"kode {code} dibaca dengan bidang {bidang} dari kode lain di tabel" * (
                parsed[0] != code
            )
            levels[i] = (parsed[1], parsed[0], note)
            coded = True
    if coded:
        return [
            level
            if level[0]
            else (
                "program" if _PROGRAM_WORD.match(record.cells["name"]) else "kegiatan",
                "",
                "kode tidak terbaca; tingkat ditebak",
            )
            for level, record in zip(levels, records, strict=True)
        ]
    # a number on some rows marks the programs; on every row it only counts them
    numbered = sum(bool(r.cells.get("number")) for r in records) < len(records)
    programs = [
        i
        for i, r in enumerate(records)
        if (numbered and r.cells.get("number"))
        or _upper(r.cells["name"])
        or _PROGRAM_WORD.match(r.cells["name"])
    ]
    if not programs:
        programs_bounds = [(0, len(records))]
    else:
        for i in range(programs[0]):
            levels[i] = ("opd", "", "")
        for i in programs:
            levels[i] = ("program", "", "")
        programs_bounds = [
            (start + 1, programs[n + 1] if n + 1 < len(programs) else len(records))
            for n, start in enumerate(programs)
        ]
    for start, end in programs_bounds:
        rows = records[start:end]
        by_words = _worded_levels(rows)
        split = by_words or _split_activities(rows)
        for offset, (level, note) in enumerate(split):
            levels[start + offset] = (level, "", note)
    return levels


# a program's nomenclature begins with the word (Permendagri 90/2019: "Program Penunjang …"),
# and so, in many reports, do a kegiatan's and a sub kegiatan's ("1. Sub Kegiatan …")
_NUMBERED = r"^\s*(?:\d{1,2}\s*[.)]\s*)?"
_PROGRAM_WORD = re.compile(_NUMBERED + r"program\s+\w", re.IGNORECASE)
_LEVEL_WORD = re.compile(_NUMBERED + r"(sub\s*kegiatan|kegiatan)\s+\w", re.IGNORECASE)


def _worded_levels(rows: list[Record]) -> list[tuple[str, str]] | None:
    """Kegiatan and sub kegiatan named by the word their names begin with; a row
    without one under a kegiatan is its sub kegiatan. None when no row has the word."""
    words = [_LEVEL_WORD.match(r.cells["name"]) for r in rows]
    if not any(words):
        return None
    out, above = [], None
    for word in words:
        if word:
            above = "sub kegiatan" if word[1].lower().startswith("sub") else "kegiatan"
            out.append((above, ""))
        elif above == "kegiatan":
            out.append(("sub kegiatan", "tanpa kata Sub Kegiatan; tingkat dari baris di atasnya"))
        else:
            out.append(("kegiatan", "tanpa kata Kegiatan; tingkat ditebak"))
    return out


def _upper(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _split_activities(rows: list[Record]) -> list[tuple[str, str]]:
    """Kegiatan and sub kegiatan among the rows under one program: the partition into
    (kegiatan, its sub kegiatan…) groups whose sums agree best."""
    amounts = [_amounts(r) for r in rows]
    n = len(rows)
    best: dict[int, tuple[int, list[int], int]] = {n: (0, [], 1)}  # score, starts, ways
    for i in range(n - 1, -1, -1):
        options = []
        budget_sum = realized_sum = Decimal(0)
        for j in range(i + 1, n):
            budget_sum += amounts[j][0] or 0
            realized_sum += amounts[j][1] or 0
            if j + 1 not in best:
                continue
            score = (amounts[i][0] == budget_sum) + (amounts[i][1] == realized_sum)
            if score:
                rest = best[j + 1]
                options.append((score + rest[0], [i, *rest[1]], rest[2]))
        if options:
            top = max(o[0] for o in options)
            winners = [o for o in options if o[0] == top]
            best[i] = (top, winners[0][1], sum(o[2] for o in winners))
    if 0 not in best:
        note = "kegiatan/sub kegiatan tidak dapat dibedakan dari jumlahnya; dianggap kegiatan"
        return [("kegiatan", note)] * n
    _, starts, ways = best[0]
    note = "" if ways == 1 else "pembagian kegiatan/sub kegiatan tidak pasti"
    return [("kegiatan" if i in starts else "sub kegiatan", note) for i in range(n)]


def _check_sums(draft: Draft, lines: list[dict]) -> None:
    """Each parent's anggaran and realisasi against the lines under it."""
    order = {"program": 0, "kegiatan": 1, "sub kegiatan": 2}
    for i, line in enumerate(lines):
        depth = order.get(line["level"])
        if depth is None or depth == 2:
            continue
        children = []
        for other in lines[i + 1 :]:
            other_depth = order.get(other["level"], 0)
            if other_depth <= depth:
                break
            if other_depth == depth + 1:
                children.append(other)
        if not children:
            continue
        for column in ("anggaran", "realisasi_keuangan"):
            total = sum((amount_value(c[column]) or 0 for c in children), Decimal(0))
            own = amount_value(line[column])
            if own is not None and own != total:
                kind = "sub kegiatan" if depth == 1 else "kegiatan"
                draft.flag(
                    "anggaran",
                    line["_number"],
                    column,
                    f"tidak sama dengan jumlah {kind}-nya ({_rupiah(total)})",
                )


def _rupiah(value: Decimal) -> str:
    whole = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"Rp {whole.removesuffix(',00')}"
