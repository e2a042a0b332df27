"""A ledger as a Permendagri 13/2006 (SIMDA) export holds it: for layouts that print
the old codes run together (pipelines.synthetic.finance_layouts)."""

from __future__ import annotations

from pipelines.lib.codes import LEGACY_SPENDING_TYPES
from pipelines.synthetic.finance import Account, Line, Unit

# today's spending types as 13/2006 groups print them, the langsung group (5.2.x) where
# a type is in both (the reader maps them back: codes.LEGACY_SPENDING_TYPES)
LEGACY_GROUPS = {today: group for group, today in LEGACY_SPENDING_TYPES.items()}
LEGACY_NAMES = {
    "5": "BELANJA",
    "5.2": "BELANJA LANGSUNG",
    "5.2.1": "Belanja Pegawai",
    "5.2.2": "Belanja Barang dan Jasa",
    "5.2.3": "Belanja Modal",
}


def _legacy_account(code: str, numbers: dict[str, int]) -> str:
    """A leaf account of today as the 13/2006 group of its spending type, numbered."""
    types = sorted(LEGACY_GROUPS, key=len, reverse=True)  # the longest first: 5.1.01 before 5.1
    group = LEGACY_GROUPS[next(t for t in types if code == t or code.startswith(t + "."))]
    numbers[group] = numbers.get(group, 0) + 1
    return f"{group}.{numbers[group]:02d}"


def legacy_units(units: list[Unit]) -> list[Unit]:
    """The ledger as a 13/2006 (SIMDA) export prints it: programs and kegiatan only (there
    was no sub kegiatan), a program's name beginning "Program", a kegiatan one group under
    its program, and the sub kegiatans' accounts under their kegiatan."""
    out = []
    for number, unit in enumerate(units, 1):
        lines: list[Line] = []
        for line in unit.lines:
            urusan, field, program = line.code.split(".")[:3]
            if line.level == "program":
                code = f"{urusan}.{field}.{urusan}.{field}.{number:02d}.{program}"
                name = (
                    line.name if line.name.lower().startswith("program") else f"Program {line.name}"
                )
                lines.append(Line("program", code, name, line.budget, line.realized))
                parent, accounts_seen = lines[-1], {}
            elif line.level == "kegiatan":
                count = sum(x.code.startswith(parent.code + ".") for x in lines)
                code = f"{parent.code}.{count + 1:02d}"
                lines.append(Line("kegiatan", code, line.name, line.budget, line.realized))
            else:
                lines[-1].accounts += [
                    Account(_legacy_account(a.code, accounts_seen), a.name, a.budget, a.realized)
                    for a in line.accounts
                ]
        out.append(Unit(unit.code, unit.name, lines, unit.urusan))
    return out
