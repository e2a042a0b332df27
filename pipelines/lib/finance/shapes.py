"""Which shape a finance export comes in, recognised from content (never from the file
name: "Export to Excel" saves an HTML table as ``.xls``): one of the three known shapes
(:mod:`.sipd`, :mod:`.lra`, :mod:`.flat_csv`), a declared layout, or a table read by
its headers (:mod:`.by_headers`); each read into one :class:`.export.Export`."""

from __future__ import annotations

from pathlib import Path

from pipelines.lib.finance.export import (
    LRA,
    SHAPES,
    SIPD,
    Export,
    NotAFinanceExport,
    export_frame,
    parse_period_end,
)
from pipelines.lib.finance.flat_csv import read_flat_csv
from pipelines.lib.finance.lra import read_lra_workbook
from pipelines.lib.finance.sipd import read_sipd_html
from pipelines.lib.limits import inflated_size_problem
from pipelines.lib.readers import UnreadableFileError
from pipelines.lib.reference import regions_named


def sniff(path: Path) -> str:
    """Which shape ``path`` is, from its first bytes and, for a workbook, its cells."""
    head = path.read_bytes()[:65536]
    if head.startswith(b"PK"):
        return LRA
    text = head.decode("utf-8", errors="replace").lower()
    if "<table" in text or "<html" in text or "<tr" in text:
        return SIPD
    return SHAPES[2]


def read_export(path: Path, declarations=()) -> Export:
    """Read a finance export of any shape; :class:`NotAFinanceExport` names the shapes
    looked for and what the file begins with when it is none of them. A declared layout
    (raw/reference/layouts/) whose header the file shows wins over every shape."""
    too_large = inflated_size_problem(path)
    if too_large:
        raise UnreadableFileError(too_large)
    if declarations:
        from pipelines.lib.finance.declared import declared_layout
        from pipelines.lib.finance.grids import read_grids

        grids = read_grids(path)  # read once: the declared layout reads these
        if any(declared_layout(grid, list(declarations)) for grid in grids):
            return read_table_export(path, declarations, grids)
    shape = sniff(path)
    try:
        if shape == SIPD:
            return read_sipd_html(path)
        if shape == LRA:
            return read_lra_workbook(path)
        return read_flat_csv(path)
    except UnreadableFileError as known:
        # none of the three known shapes: the export is read by its header's words
        try:
            return read_table_export(path, declarations)
        except NotAFinanceExport as by_headers:
            if isinstance(known, NotAFinanceExport):
                raise NotAFinanceExport(f"{known}; {str(by_headers).split(': ', 1)[1]}") from None
            raise known from None


BY_HEADERS = "a table read by its headers"


def read_table_export(path: Path, declarations=(), grids=None) -> Export:
    """An export of any other layout (:mod:`.by_headers`); ``grids``: the file's, when
    already read."""
    from pipelines.lib.finance.by_headers import read_by_headers

    records, read, titles = read_by_headers(path, declarations, grids)
    title = " ".join(t for t in titles if t)
    return Export(
        f"{BY_HEADERS} ({read})",
        parse_period_end(title),
        export_frame(records, None),
        None,
        regions_named(title),
        title,
    )
