"""On the synthetic regency: ranks agree with rates, every rate falls in exactly one band."""

from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def con(bundled_warehouse: Path):
    with duckdb.connect(str(bundled_warehouse), read_only=True) as connection:
        yield connection


@pytest.mark.parametrize(
    ("rate", "rank"),
    [
        ("absorption_rate", "absorption_rank"),
        ("achievement_rate", "achievement_rank"),
        ("efficiency_index", "efficiency_rank"),
    ],
)
def test_no_agency_ranked_above_one_with_a_higher_rate(con, rate: str, rank: str):
    # the efficiency rank orders by index within "target met" and "target missed", the
    # agencies that met their targets first (see the next test)
    same_group = (
        "and better.is_target_met = worse.is_target_met" if rate == "efficiency_index" else ""
    )
    inversions = con.execute(f"""
        select count(*) from marts.agency_years as better
        inner join marts.agency_years as worse
            on better.region_code = worse.region_code
            and better.fiscal_year = worse.fiscal_year
            and better.{rank} < worse.{rank}
            {same_group}
        where better.{rate} < worse.{rate}
    """).fetchone()[0]
    ranked = con.execute(f"select count({rank}) from marts.agency_years").fetchone()[0]
    assert ranked > 250
    assert inversions == 0


def test_no_agency_that_missed_its_targets_ranks_above_one_that_met_them(con):
    """Leaving the budget unspent raises the efficiency index: it must not lift an
    agency that missed its targets above one that met them."""
    inversions = con.execute("""
        select count(*) from marts.agency_years as missed
        inner join marts.agency_years as met
            on missed.region_code = met.region_code
            and missed.fiscal_year = met.fiscal_year
            and missed.efficiency_rank < met.efficiency_rank
        where not missed.is_target_met and met.is_target_met
    """).fetchone()[0]
    assert inversions == 0


def test_every_rate_falls_in_exactly_one_band(con):
    rows = con.execute("""
        select ay.agency_year_id, ay.category_name, count(band.category_name) as bands
        from marts.agency_years as ay
        inner join reference.achievement_scale_assignments as assignment
            on ay.region_code = assignment.region_code
            and ay.fiscal_year between assignment.first_year and assignment.last_year
        left join reference.achievement_scales as band
            on band.scale_id = assignment.scale_id
            and band.band_kind = 'range'
            and (band.lower_bound_rate is null or ay.achievement_rate > band.lower_bound_rate
                 or (band.lower_is_inclusive and ay.achievement_rate = band.lower_bound_rate))
            and (band.upper_bound_rate is null or ay.achievement_rate < band.upper_bound_rate
                 or (band.upper_is_inclusive and ay.achievement_rate = band.upper_bound_rate))
        where ay.achievement_status = 'computed'
        group by all
    """).fetchall()
    assert len(rows) > 250
    assert [r for r in rows if r[2] != 1] == []


def test_categories_follow_the_achievement_order(con):
    """A higher achievement never gets a worse band (band_order) within a regency-year."""
    inversions = con.execute("""
        with banded as (
            select agency_years.*, band.band_order
            from marts.agency_years
            inner join reference.achievement_scale_assignments as assignment
                on agency_years.region_code = assignment.region_code
                and agency_years.fiscal_year between assignment.first_year
                and assignment.last_year
            inner join reference.achievement_scales as band
                on band.scale_id = assignment.scale_id
                and band.category_name = agency_years.category_name
            where agency_years.achievement_status = 'computed'
        )
        select count(*) from banded as higher
        inner join banded as lower
            on higher.region_code = lower.region_code
            and higher.achievement_rate > lower.achievement_rate
            and higher.band_order > lower.band_order
    """).fetchone()[0]
    assert inversions == 0


def test_readme_query_answers_lowest_absorption_2024(con):
    """The query shown in README runs and lists the five lowest absorbers of 2024."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    query = readme.split("-- README query: lowest absorption 2024", 1)[1].split("```", 1)[0]
    assert (
        query.strip()
        in (Path(__file__).parents[2] / "docs/queries/lowest-absorption.sql").read_text()
    )
    rows = con.execute(query).fetchall()
    assert len(rows) == 5
    serapan = [row[1] for row in rows]
    assert serapan == sorted(serapan)
    assert {row[5] for row in rows} <= {"real_efficiency", "effective", "under_execution", "waste"}
