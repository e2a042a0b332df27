"""A sasaran's money in a small table (``Sasaran | Anggaran | Realisasi | % |
Efisiensi``): each sasaran's anggaran, realisasi, serapan and efisiensi as the report
states them. Its ``%`` is the money's serapan, never a capaian."""

from __future__ import annotations

from pipelines.lib.documents.drafting import Draft
from pipelines.lib.documents.kinds.objective_summary import write_sasaran_figures
from pipelines.lib.documents.tables import ReadTable

VOCABULARY = "performance"
MEASURES = (
    ("budget", "anggaran"),
    ("budget_realized", "realisasi"),
    ("realized", "realisasi"),  # "Realisasi" in a table of money
    ("absorption", "serapan_persen"),
    ("achievement", "serapan_persen"),  # its "%": the money's
    ("savings", "efisiensi"),
    ("savings_percent", "efisiensi_persen"),
)


def matches(roles: set[str]) -> bool:
    return "objective" in roles and bool(roles & {"budget", "budget_realized"})


def extract(draft: Draft, table: ReadTable) -> None:
    measures = MEASURES
    if "absorption" in table.roles():  # a serapan column of its own: "%" is the capaian
        measures = tuple(
            (role, "capaian_persen" if role == "achievement" else measure)
            for role, measure in MEASURES
        )
    write_sasaran_figures(draft, table, measures)
