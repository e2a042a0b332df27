"""What one delivered file may cost, stated once (docs/raw-data.md, "Limits").

Files come from strangers: a 12 KB workbook can claim a million rows, a small .docx can
inflate to gigabytes. Each reader checks these before (or while) it reads, and refuses
the file with a message naming the limit, instead of exhausting the machine.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MiB = 2**20
# an Office file (.xlsx, .docx) is a zip: the sum of its parts once inflated
MAX_INFLATED_BYTES = 200 * MiB
# text read from one LKjIP document (a 1 500-page report holds about 5 M characters)
MAX_DOCUMENT_CHARACTERS = 20_000_000
# a text extraction (.txt) given to kinerja extract
MAX_TEXT_BYTES = 50 * MiB
# one review.csv line quotes at most this much of the text a value was read from
MAX_QUOTED_CHARACTERS = 300


def inflated_size_problem(path: Path) -> str | None:
    """Why an Office file is refused for its inflated size, or None (also for a file
    that is not a zip: its reader says what it is)."""
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return None
    if inflated > MAX_INFLATED_BYTES:
        return (
            f"{path.name}: {inflated / MiB:,.0f} MB once unpacked, above the limit of "
            f"{MAX_INFLATED_BYTES // MiB} MB: not read; split it, or save it again without "
            "the empty rows and columns"
        )
    return None
