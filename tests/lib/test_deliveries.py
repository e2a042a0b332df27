"""Which files are deliveries: links out of raw/, temporary files, subfolders, and a
malformed agency list. Nothing is read that should not be, and no row is lost."""

import shutil
from pathlib import Path

import polars as pl
import pytest

from pipelines.lib.deliveries import FINANCE_NESTED, delivery_hashes, discover
from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.reference import ReferenceError, read_agencies
from pipelines.lib.watch import fingerprint, snapshot
from tests.conftest import rows_accounted

SECRET = "RAHASIA-DI-LUAR-RAW"
ALPHA = "2022/tst-alpha"


@pytest.fixture
def outside_file(tmp_path: Path) -> Path:
    """A CSV outside raw/ that a link must never let in."""
    secret = tmp_path / "outside" / "anggaran.csv"
    secret.parent.mkdir()
    secret.write_text(
        "tahun,kode_opd,level,kode,nama,anggaran,realisasi_keuangan\n"
        f"2022,tst-gamma,program,1.01.01,{SECRET},1,1\n"
    )
    return secret


def _ingest(raw: Path, accounts: frozenset[str]) -> dict[str, pl.DataFrame]:
    return ingest_raw_tree(raw, read_agencies(raw / "reference"), accounts)


def _everything(frames: dict[str, pl.DataFrame]) -> str:
    return "\n".join(str(frame.rows()) for frame in frames.values())


@pytest.mark.parametrize(
    "link",
    [
        "2022/tst-alpha/kinerja-lama.csv",  # a file inside a delivery
        "2022/tst-link",  # a whole delivery folder
        "2024",  # a whole year
    ],
)
def test_a_link_out_of_raw_is_refused_unread(
    link: str, fixture_raw: Path, outside_file: Path, known_accounts: frozenset[str]
):
    target = outside_file if link.endswith(".csv") else outside_file.parent
    if link == "2024":
        (outside_file.parent / "tst-alpha").mkdir()
        target = outside_file.parent
    (fixture_raw / link).symlink_to(target)
    frames = _ingest(fixture_raw, known_accounts)
    refused = frames["ingest_files"].filter(pl.col("source_file") == link)
    assert refused["status"].to_list() == ["rejected"]
    assert "outside raw/: refused" in refused["message"][0]
    assert refused["sha256"].to_list() == [None]  # not even hashed
    assert SECRET not in _everything(frames)
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined
    assert link not in str(delivery_hashes(fixture_raw)) or link.endswith(".csv")


@pytest.mark.parametrize(
    ("link", "target", "message"),
    [
        ("2022/keuangan/dangling.csv", "nowhere.csv", "a link to nowhere.csv, which does not"),
        ("2022/keuangan/folder.xlsx", "../tst-alpha", "a link to a folder (../tst-alpha)"),
        ("2022/tst-alpha/dangling.csv", "missing.csv", "a link to missing.csv, which does not"),
        ("2022/tst-alpha/folder.csv", "../tst-beta", "a link to a folder (../tst-beta)"),
        ("2022/tst-gone", "tst-missing", "a link to tst-missing, which does not exist"),
        ("2022/tst-file", "tst-alpha/anggaran.csv", "a link to a file (tst-alpha/anggaran.csv)"),
    ],
)
def test_a_link_to_nothing_or_to_a_folder_is_rejected_never_a_crash(
    link: str, target: str, message: str, fixture_raw: Path, known_accounts: frozenset[str]
):
    (fixture_raw / link).parent.mkdir(exist_ok=True)
    (fixture_raw / link).symlink_to(target)
    assert delivery_hashes(fixture_raw)  # the planner reads the tree without raising
    frames = _ingest(fixture_raw, known_accounts)
    refused = frames["ingest_files"].filter(pl.col("source_file") == link)
    assert refused["status"].to_list() == ["rejected"]
    assert refused["message"][0].startswith(message)
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined


def test_temporary_files_are_passed_by_the_sensor_and_the_ingest_alike(
    fixture_raw: Path, known_accounts: frozenset[str]
):
    before = (_ingest(fixture_raw, known_accounts), delivery_hashes(fixture_raw))
    seen = fingerprint(snapshot(fixture_raw))
    alpha = fixture_raw / ALPHA
    shutil.copy(alpha / "anggaran.csv", alpha / "~$anggaran.csv")  # an Office lock file
    (alpha / "belanja.csv.part").write_text("half a copy")
    (alpha / ".DS_Store").write_bytes(b"\0")
    (fixture_raw / "2022" / ".tmp-copy").mkdir()
    (fixture_raw / "2022" / ".tmp-copy" / "anggaran.csv").write_text("x")
    after = (_ingest(fixture_raw, known_accounts), delivery_hashes(fixture_raw))
    assert after[1] == before[1]
    assert fingerprint(snapshot(fixture_raw)) == seen
    files = after[0]["ingest_files"].drop("ingested_at")
    assert files.equals(before[0]["ingest_files"].drop("ingested_at"))


def test_a_subfolder_of_a_delivery_is_named_and_its_rows_quarantined(
    fixture_raw: Path, known_accounts: frozenset[str]
):
    revision = fixture_raw / ALPHA / "revisi"
    revision.mkdir()
    shutil.copy(fixture_raw / ALPHA / "belanja.csv", revision / "belanja.csv")
    hashes = delivery_hashes(fixture_raw)
    frames = _ingest(fixture_raw, known_accounts)
    line = frames["ingest_files"].filter(pl.col("source_file") == f"{ALPHA}/revisi/belanja.csv")
    assert line["status"].to_list() == ["rejected"]
    assert "subfolder revisi/" in line["message"][0]
    assert line["rows_in"][0] == line["rows_quarantined"][0] > 0
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined
    (revision / "belanja.csv").unlink()
    assert delivery_hashes(fixture_raw)[ALPHA] != hashes[ALPHA]  # it counts as a change


HEADER = (
    "kode_opd,kode_wilayah,nama_wilayah,nama_opd,singkatan,jenis_opd,tahun_mulai,"
    "tahun_akhir,kode_opd_pengganti,sintetis\n"
)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("a,1,R,A,A,dinas,20x0,,,tidak\n", "row 2 column tahun_mulai: '20x0' is not a year"),
        (
            "a,1,R,A,A,dinas,2020,,,tidak\nb,1,R,B,B,dinas,2020,2O22,,tidak\n",
            "row 3 column tahun_akhir: '2O22' is not a year",
        ),
        ("a,1,R,A,A,dinas,2020,,,mungkin\n", "row 2 column sintetis: 'mungkin' must be"),
        ("a,1,R,,A,dinas,2020,,,tidak\n", "row 2 column nama_opd: None is empty"),
        ('a,1,R,"A,dinas,2020\n', "not a readable CSV file"),
    ],
)
def test_a_malformed_agency_list_names_file_row_and_column(rows: str, message: str, tmp_path: Path):
    (tmp_path / "agencies-x.csv").write_text(HEADER + rows)
    with pytest.raises(ReferenceError) as raised:
        read_agencies(tmp_path)
    assert str(raised.value).startswith("agencies-x.csv")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_each_finance_export_is_a_delivery_of_its_own(fixture_raw: Path):
    """raw/<year>/keuangan/: replacing one export re-reads it alone; a folder inside it
    is named, its files not read."""
    exports = fixture_raw / "2022" / "keuangan"
    (exports / "nested").mkdir(parents=True)
    (exports / "a.csv").write_text("x\n")
    (exports / "b.xls").write_text("<table>")
    (exports / "nested" / "c.csv").write_text("y\n")
    before = delivery_hashes(fixture_raw)
    assert {"2022/keuangan/a.csv", "2022/keuangan/b.xls"} <= set(before)
    assert "2022/keuangan" not in before
    (exports / "b.xls").write_text("<table><tr>")
    after = delivery_hashes(fixture_raw)
    changed = {key for key in after if after[key] != before.get(key)}
    assert changed == {"2022/keuangan/b.xls"}
    deliveries, misplaced = discover(fixture_raw)
    keys = {d.key for d in deliveries if d.is_finance}
    assert keys == {"2022/keuangan/a.csv", "2022/keuangan/b.xls"}
    assert [(p.name, reason) for p, reason in misplaced if "keuangan" in str(p)] == [
        ("c.csv", FINANCE_NESTED)
    ]


def test_files_under_a_folder_of_no_year_each_name_their_own_reason(fixture_raw: Path):
    folder = fixture_raw / "2022-revisi"
    folder.mkdir()
    (folder / "a-link.csv").symlink_to("nowhere.csv")
    (folder / "b.csv").write_text("x\n")
    _, misplaced = discover(fixture_raw)
    reasons = {p.name: reason for p, reason in misplaced if p.parent == folder}
    assert reasons["a-link.csv"].startswith("a link to nowhere.csv, which does not exist")
    assert reasons["b.csv"] == "folder '2022-revisi' is not a fiscal year"
