"""The draft flow under hostile input: a draft never touches delivered files, accept
builds its paths from the agency list and a checked year, never from draft.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipelines import cli, paths
from pipelines.lib.documents.draft import AcceptError
from pipelines.lib.watch import fingerprint, snapshot
from tests.lib.documents.conftest import SYNTHETIC_DELIVERY, accept


@pytest.fixture
def raw(tmp_path, monkeypatch) -> Path:
    """A raw/ tree with the agency list and one delivered folder, as the CLI's raw/."""
    root = tmp_path / "raw"
    shutil.copytree(SYNTHETIC_DELIVERY.parent.parent / "reference", root / "reference")
    shutil.copytree(SYNTHETIC_DELIVERY, root / "2024" / "syn-dinkes")
    monkeypatch.setattr(paths, "RAW_DIR", root)
    monkeypatch.setattr(paths, "REFERENCE_DIR", root / "reference")
    monkeypatch.setattr(paths, "DRAFT_DIR", root / "draft")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def extract(document: Path, *extra: str, agency="syn-dinkes", year="2024") -> int:
    return cli.main(["extract", str(document), "--agency", agency, "--year", year, *extra])


@pytest.mark.parametrize(
    "out", ["2024/syn-dinkes", "2024/keuangan", ".", "draft/../2024/syn-dinkes", "reference"]
)
def test_a_draft_is_never_written_among_delivered_files(raw, synthetic_documents, out, capsys):
    before = tree(raw)
    assert extract(synthetic_documents["docx"], "--out", str(raw / out)) == 2
    assert "a draft goes into" in capsys.readouterr().err
    assert tree(raw) == before


def test_a_link_under_draft_into_raw_is_refused(raw, synthetic_documents):
    (raw / "draft").mkdir()
    (raw / "draft" / "sneaky").symlink_to(raw / "2024" / "syn-dinkes")
    before = tree(raw / "2024")
    assert extract(synthetic_documents["docx"], "--out", str(raw / "draft" / "sneaky")) == 2
    assert tree(raw / "2024") == before


def test_a_folder_of_other_files_is_refused_and_left_alone(raw, synthetic_documents, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "ledger.csv").write_text("mine\n")
    assert extract(synthetic_documents["docx"], "--out", str(outside)) == 2
    assert tree(outside) == {"ledger.csv": b"mine\n"}


def test_a_link_inside_a_draft_is_replaced_never_written_through(raw, synthetic_documents):
    draft = raw / "draft" / "2024" / "syn-dinkes"
    assert extract(synthetic_documents["docx"]) == 0
    (draft / "anggaran.csv").unlink()
    (draft / "anggaran.csv").symlink_to(raw / "2024" / "syn-dinkes" / "anggaran.csv")
    before = tree(raw / "2024")
    assert extract(synthetic_documents["docx"]) == 2  # a link is not the extractor's file
    assert tree(raw / "2024") == before


def test_the_same_document_replaces_its_own_draft_another_is_refused(
    raw, synthetic_documents, capsys
):
    draft = raw / "draft" / "2024" / "syn-dinkes"
    assert extract(synthetic_documents["docx"]) == 0
    assert extract(synthetic_documents["docx"]) == 0
    assert extract(synthetic_documents["pdf"]) == 2
    assert "the draft of another document" in capsys.readouterr().err
    assert json.loads((draft / "draft.json").read_text())["dokumen"] == "lkjip-2024.docx"


def test_a_draft_never_triggers_a_republish(raw, synthetic_documents):
    before = fingerprint(snapshot(raw))
    assert extract(synthetic_documents["docx"]) == 0
    assert fingerprint(snapshot(raw)) == before


@pytest.mark.parametrize("year", ["1900", "20222", "-1", "2099", "2018"])
def test_a_year_the_agency_cannot_report_is_refused_before_reading(
    raw, synthetic_documents, year, capsys
):
    assert extract(synthetic_documents["docx"], year=year) == 2
    assert "not extracted" in capsys.readouterr().err
    assert not (raw / "draft").exists()


def drafted(raw: Path, documents) -> Path:
    shutil.rmtree(raw / "2024" / "syn-dinkes")
    assert extract(documents["docx"]) == 0
    return raw / "draft" / "2024" / "syn-dinkes"


def edit_manifest(draft: Path, **changes) -> None:
    manifest = json.loads((draft / "draft.json").read_text())
    (draft / "draft.json").write_text(json.dumps(manifest | changes))


def test_accept_never_moves_a_file_named_by_the_manifest_from_elsewhere(
    raw, synthetic_documents, tmp_path
):
    draft = drafted(raw, synthetic_documents)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "ledger.csv").write_text("theirs\n")
    edit_manifest(draft, berkas=["../../../../outside/ledger.csv", "anggaran.csv"])
    with pytest.raises(AcceptError, match="never writes"):
        accept(draft, raw)
    assert (outside / "ledger.csv").read_text() == "theirs\n"
    assert not (raw / "2024" / "syn-dinkes").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kode_opd": "../../escaped"}, "not in raw/reference"),
        ({"kode_opd": "no-such-opd", "tahun": 1999}, "not in raw/reference"),
        ({"tahun": 1999}, "existed 2019-now, not in 1999"),
        ({"tahun": 2099}, "still to come"),
        ({"tahun": "2024/../../x"}, "is not a year"),
    ],
)
def test_accept_checks_agency_and_year_itself(raw, synthetic_documents, changes, message):
    draft = drafted(raw, synthetic_documents)
    edit_manifest(draft, **changes)
    with pytest.raises(AcceptError, match=message):
        accept(draft, raw)
    assert sorted(p.name for p in raw.iterdir()) == ["2024", "draft", "reference"]
    assert list((raw / "2024").iterdir()) == []


def test_accept_refuses_a_stranger_file_in_the_draft(raw, synthetic_documents):
    draft = drafted(raw, synthetic_documents)
    (draft / "extra.csv").write_text("x\n")
    with pytest.raises(AcceptError, match=r"extra\.csv not written by the extractor"):
        accept(draft, raw)


def test_accept_refuses_a_delivery_folder(raw):
    (raw / "2024" / "syn-dinkes" / "draft.json").write_text(
        json.dumps({"tahun": 2024, "kode_opd": "syn-dinkes", "berkas": ["anggaran.csv"]})
    )
    before = tree(raw / "2024")
    with pytest.raises(AcceptError, match="is a delivery folder"):
        accept(raw / "2024" / "syn-dinkes", raw)
    assert tree(raw / "2024") == before


def test_a_report_of_another_agency_is_warned_about(raw, synthetic_documents, capsys):
    assert extract(synthetic_documents["docx"], agency="syn-kesbangpol") == 0
    err = capsys.readouterr().err
    assert "the title pages name Dinas Kesehatan (syn-dinkes)" in err


def test_a_folder_with_a_damaged_manifest_is_refused_in_one_line(raw, synthetic_documents, capsys):
    draft = raw / "draft" / "2024" / "syn-dinkes"
    draft.mkdir(parents=True)
    (draft / "draft.json").write_text("{not json")
    assert extract(synthetic_documents["docx"]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert (draft / "draft.json").read_text() == "{not json"
