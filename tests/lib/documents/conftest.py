"""The seed report and a synthetic agency-year as .txt, .pdf and .docx, written once
per session with reportlab and python-docx."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import paths
from pipelines.synthetic.documents import seed_items, synthetic_items, write_docx, write_pdf

# the real report's text extraction, kept with the tests
FIXTURES = paths.REPO_ROOT / "tests" / "fixtures" / "documents"
SEED_TEXT = FIXTURES / "lkjip-2022-kesbangpol-musi-banyuasin.txt"
SEED_DELIVERY = paths.REPO_ROOT / "raw" / "2022" / "muba-kesbangpol"
SYNTHETIC_DELIVERY = paths.REPO_ROOT / "raw" / "2024" / "syn-dinkes"


@pytest.fixture(scope="session")
def seed_documents(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("seed-documents")
    items = seed_items(SEED_TEXT)
    write_pdf(items, out / "lkjip-2022.pdf", running_title="LKjIP 2022 Badan Kesbangpol Muba")
    write_docx(items, out / "lkjip-2022.docx")
    return {"txt": SEED_TEXT, "pdf": out / "lkjip-2022.pdf", "docx": out / "lkjip-2022.docx"}


@pytest.fixture(scope="session")
def synthetic_documents(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("synthetic-documents")
    items = synthetic_items(SYNTHETIC_DELIVERY, "Dinas Kesehatan Sintetis")
    # portrait A4: the 51-line budget table goes over a page break
    write_pdf(items, out / "lkjip-2024.pdf", landscape_pages=False, running_title="LKjIP 2024")
    write_docx(items, out / "lkjip-2024.docx")
    return {"pdf": out / "lkjip-2024.pdf", "docx": out / "lkjip-2024.docx"}


def accept(draft: Path, raw: Path, latest_year: int = 2026) -> Path:
    """Accept ``draft`` into ``raw`` against the agency list of ``raw/reference``."""
    from pipelines.lib.documents.draft import accept as accept_draft
    from pipelines.lib.reference import read_agencies

    agencies = {row["agency_id"]: row for row in read_agencies(raw / "reference").to_dicts()}
    return accept_draft(draft, raw, agencies, latest_year)
