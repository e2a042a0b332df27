"""Layouts declared by a person where the header's words cannot decide.

``kinerja layout FILE`` writes ``raw/reference/layouts/<name>.yml``: the header's
signature (its labels, column by column), where it stands, and the role the reader
gives each column, in the office's words, with what could not be decided marked for a
person to correct once. Every later export with that signature, of any year and
wherever its header stands in the first rows, is read by the declaration; a
declaration always wins over recognition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.lib.finance.columns import band_role
from pipelines.lib.finance.grids import Grid, read_grids
from pipelines.lib.finance.header_band import (
    HEADER_SEARCH_ROWS,
    Layout,
    LayoutUndecided,
    amount_columns,
    band_labels,
    column_letter,
    find_layout,
)

LAYOUTS_FOLDER = "layouts"
# the role names a declaration uses (the office's words) → the reader's roles
ROLE_NAMES = {
    "kode": "code",
    "kode_urusan": "part_urusan",
    "kode_bidang": "part_bidang",
    "kode_program": "part_program",
    "kode_kegiatan": "part_kegiatan",
    "kode_sub_kegiatan": "part_sub_kegiatan",
    "kode_rekening": "part_account",
    "uraian": "name",
    "anggaran": "budget",
    "realisasi": "realized",
    "sisa": "remainder",
    "persen": "percent",
    "kode_skpd": "unit_code",
    "nama_skpd": "unit_name",
    "nomor": "number",
    "tahun": "year",
    "bulan": "month",
}
OFFICE_NAMES = {role: name for name, role in ROLE_NAMES.items()}
IGNORED = "abaikan"  # a column of no role
UNDECIDED = "PILIH"  # what a person must replace


class DeclarationError(ValueError):
    """A declaration that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Declaration:
    name: str
    source: Path
    signature: tuple[str, ...]  # the header's labels per column, joined top-down
    height: int
    roles: dict[int, str]
    problem: str | None = None  # why it cannot be used yet (a role still PILIH)


def signature(band: list[list[str]]) -> tuple[str, ...]:
    """A header band's labels, column by column ("kode / urs"), lower case."""
    labels = band_labels(band)
    return tuple(" / ".join(x.lower() for x in column if x) for column in labels)


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number - 1


def read_declarations(folder: Path) -> list[Declaration]:
    """Every ``*.yml`` of ``raw/reference/layouts/``, checked."""
    out = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise DeclarationError(f"{path.name}: not readable YAML ({exc})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("kolom"), dict):
            raise DeclarationError(f"{path.name}: needs 'tanda_kepala' and 'kolom'")
        roles, problems = {}, []
        for letters, name in data["kolom"].items():
            if not re.fullmatch(r"[A-Za-z]{1,3}", str(letters)):
                raise DeclarationError(f"{path.name}: column {letters!r} is not a letter")
            if name == IGNORED:
                continue
            if name not in ROLE_NAMES:
                problems.append(
                    f"{path.name} column {letters}: {name!r} is no role; write one of "
                    f"{', '.join([*ROLE_NAMES, IGNORED])}"
                )
                continue
            roles[_column(str(letters))] = ROLE_NAMES[name]
        marks = data.get("tanda_kepala")
        if not isinstance(marks, list) or not marks:
            raise DeclarationError(f"{path.name}: 'tanda_kepala' lists the header's labels")
        out.append(
            Declaration(
                path.stem,
                path,
                tuple(str(m).lower() for m in marks),
                int(data.get("baris_kepala_jumlah", 1)),
                roles,
                "; ".join(problems) or None,
            )
        )
    return out


def declared_layout(grid: Grid, declarations: list[Declaration]) -> Layout | None:
    """The layout a declaration gives ``grid``, when its signature stands in the first
    rows; :class:`DeclarationError` when that declaration is not finished."""
    for declaration in declarations:
        for top in range(min(HEADER_SEARCH_ROWS, len(grid.rows))):
            band = grid.rows[top : top + declaration.height]
            if signature(band)[: len(declaration.signature)] == declaration.signature:
                if declaration.problem:  # it is this export's layout, not usable yet
                    raise DeclarationError(
                        f"the export's layout is declared in {declaration.source.name}, "
                        f"which is not finished: {declaration.problem}"
                    )
                width = max(len(row) for row in band)
                beyond = sorted(c for c in declaration.roles if c >= width)
                if beyond:
                    raise DeclarationError(
                        f"{declaration.source.name} no longer fits the export: it gives "
                        f"column {column_letter(beyond[0])} a role, and the export's header "
                        f"has {width} columns; correct it, or move it aside and write a new "
                        "one with kinerja layout"
                    )
                roles = {c: (role, "") for c, role in declaration.roles.items()}
                return Layout(top, declaration.height, roles, band, declaration.name)
    return None


def resembling(grid: Grid, declarations: list[Declaration]) -> str:
    """Which declaration the grid's header nearly shows (most of its labels, in other
    columns or words): said when the export can be read neither way, so the person
    corrects that declaration instead of writing a second one."""
    for declaration in declarations:
        wanted = {label for label in declaration.signature if label}
        for top in range(min(HEADER_SEARCH_ROWS, len(grid.rows))):
            shown = signature(grid.rows[top : top + declaration.height])
            shared = wanted.intersection(shown)
            if len(shared) >= 3 and len(shared) >= 0.6 * len(wanted):
                missing = sorted(wanted - set(shown))
                added = sorted({label for label in shown if label} - wanted)
                return (
                    f"its header resembles {declaration.source.name} but differs "
                    f"(missing {missing or 'nothing'}, new {added or 'nothing'}): correct "
                    f"{declaration.source.name} to this header"
                )
    return ""


def propose(path: Path, name: str) -> str:
    """A declaration for the first grid of ``path`` with a header: the roles the words
    give, and ``PILIH`` where they leave a choice; for a person to correct."""
    for grid in read_grids(path):
        layout = find_layout(grid.rows)
        if layout is None:
            continue
        labels = band_labels(layout.band)
        columns = {}
        for column, stacked in enumerate(labels):
            role, _ = band_role(stacked)
            columns[column_letter(column)] = OFFICE_NAMES.get(role, IGNORED) if role else IGNORED
        note = "Peran setiap kolom dikenali dari kata kepalanya; periksa, lalu simpan."
        for role in ("budget", "realized"):
            try:
                chosen = amount_columns(layout, role, path.name)
            except LayoutUndecided as exc:  # not valid until a person chooses
                note = f"Belum pasti: {exc}. Ganti {UNDECIDED} di kolom itu."
                chosen = []
                for column in layout.columns(role):
                    office = OFFICE_NAMES[role]
                    columns[column_letter(column)] = f"{UNDECIDED}  # {office} atau {IGNORED}"
                continue
            for column in set(layout.columns(role)) - set(chosen):
                columns[column_letter(column)] = f"{IGNORED}  # bukan angka tahun ini"
        lines = [
            f"# Tata letak ekspor keuangan '{name}', ditulis oleh kinerja layout dari {path.name}.",
            f"# {note}",
            f"# Peran: {', '.join([*ROLE_NAMES, IGNORED])}.",
            f"nama: {name}",
            f"baris_kepala: {grid.first_row + layout.top}",
            f"baris_kepala_jumlah: {layout.height}",
            "tanda_kepala:",
            *(
                f"  - {yaml.safe_dump(s, default_style=chr(34)).strip()}"
                for s in signature(layout.band)
            ),
            "kolom:",
            *(f"  {letters}: {role}" for letters, role in columns.items()),
        ]
        return "\n".join(lines) + "\n"
    raise DeclarationError(
        f"{path.name}: no header with a name column and an anggaran column in the first "
        f"{HEADER_SEARCH_ROWS} rows of any sheet: write the declaration by hand"
    )
