"""A new region in minutes: `kinerja agency add` registers agencies (and a region),
checked before anything is written; `kinerja template` says how to register an unknown
agency instead of failing."""

import shutil
from pathlib import Path

import pytest

from pipelines import cli, paths
from pipelines.lib.reference import read_agencies

NEW = [
    "lahat-dinkes",
    "--region",
    "16.04",
    "--region-name",
    "Kabupaten Lahat",
    "--name",
    "Dinas Kesehatan",
    "--short",
    "Dinkes",
    "--type",
    "dinas",
    "--since",
    "2019",
]


@pytest.fixture
def reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(paths.RAW_DIR / "reference", folder)
    monkeypatch.setattr(paths, "REFERENCE_DIR", folder)
    return folder


def test_a_new_region_and_agency_are_registered_then_templated(
    reference: Path, tmp_path: Path, capsys
):
    assert cli.main(["template", "lahat-dinkes", "2024", "--out", str(tmp_path / "t.xlsx")]) == 2
    assert "kinerja agency add lahat-dinkes --region" in capsys.readouterr().err
    assert cli.main(["agency", "add", *NEW]) == 0
    region_file = reference / "agencies-lahat.csv"
    assert region_file.read_text().splitlines()[1].startswith("lahat-dinkes,16.04,")
    agency = read_agencies(reference).filter(agency_id="lahat-dinkes").row(0, named=True)
    assert (agency["region_name"], agency["first_year"], agency["is_synthetic"]) == (
        "Kabupaten Lahat",
        2019,
        False,
    )
    assert cli.main(["template", "lahat-dinkes", "2024", "--out", str(tmp_path / "t.xlsx")]) == 0
    assert (tmp_path / "t.xlsx").exists()
    second = [*NEW[:1], *NEW[1:]]
    second[0], second[6], second[8] = "lahat-bappeda", "Bappeda", "Bappeda"
    second[10] = "badan"
    assert cli.main(["agency", "add", *second]) == 0
    assert len(region_file.read_text().splitlines()) == 3  # the same region's file


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--since": "20I9"}, "row 2 column tahun_mulai: '20I9' is not a year"),
        ({0: "muba-kesbangpol", "--region": "16.06"}, "kode_opd listed twice"),
        ({"--successor": "nowhere"}, "successors not in the list"),
    ],
)
def test_a_bad_agency_is_not_added_and_nothing_changes(
    change: dict, message: str, reference: Path, capsys
):
    before = {p.name: p.read_text() for p in reference.iterdir()}
    arguments = list(NEW)
    for key, value in change.items():
        if key == 0:
            arguments[0] = value
        elif key in arguments:
            arguments[arguments.index(key) + 1] = value
        else:
            arguments += [key, value]
    assert cli.main(["agency", "add", *arguments]) == 2
    assert message in capsys.readouterr().err
    assert {p.name: p.read_text() for p in reference.iterdir()} == before


def test_an_agency_since_before_its_regions_scale_is_told_which_scale_applies(
    reference: Path, capsys
):
    """Musi Banyuasin's own scale begins in 2017: an agency since 2016 has its first year
    assessed on the national default, and `agency add` says so."""
    arguments = list(NEW)
    arguments[0], arguments[2] = "muba-baru", "16.06"
    arguments[4] = "Kabupaten Musi Banyuasin"
    arguments[arguments.index("--since") + 1] = "2016"
    assert cli.main(["agency", "add", *arguments]) == 0
    err = capsys.readouterr().err
    assert "fiscal years 2016: before region 16.06's own category scale" in err
    assert "national default (Permendagri 86/2017)" in err


def test_years_on_the_default_scale_and_years_on_none(tmp_path: Path):
    from pipelines.lib.reference import years_on_default_scale

    seed = tmp_path / "assignments.csv"
    seed.write_text(
        "region_code,first_year,last_year,scale_id,basis\n"
        "16.06,2017,2099,own,x\n*,2000,2099,national,x\n97,2019,2099,p,x\n"
    )
    assert years_on_default_scale(seed, "16.06", 2015, 2018) == ([2015, 2016], [])
    assert years_on_default_scale(seed, "99.01", 2015, 2016) == ([], [])  # default only
    seed.write_text("region_code,first_year,last_year,scale_id,basis\n97,2019,2099,p,x\n")
    assert years_on_default_scale(seed, "97.01", 2018, 2019) == ([], [2018])
