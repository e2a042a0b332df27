-- The floor: the marts computed straight from the raw CSV files by one hand-written
-- DuckDB script. No orchestration, no checks, no quarantine, no history: what DuckDB on
-- this machine needs for the same figures, so the benchmark can say what the pipeline
-- costs on top (scripts/bench runs it beside every refresh and reports the ratio).
--
-- Run from the folder that holds raw/ and sql/seeds/ (scripts/bench copies the seeds):
--     duckdb floor.duckdb < floor.sql
-- Reads every CSV delivery, per agency (raw/<year>/<agency>/<table>.csv) and bulk
-- (raw/<year>/bulk-<name>/<table>.csv), each file sniffed for its own dialect. Workbooks
-- (.xlsx) are not read: DuckDB's excel extension is a download, which this machine
-- cannot do.
-- Same rules as the dbt models: budget totals from program lines, achievement R/T or
-- (2T-R)/T floored at 0, categories by the region's scale (regency, province or national
-- seed row), ranks within region and year, year-over-year along renames.

-- ---------------------------------------------------------------- parsing macros
create or replace macro rupiah(cell) as
    case
        when trim(cell) = '-' then 0
        else try_cast(replace(replace(
            regexp_replace(trim(cell), '^Rp\.?\s*|,-$', '', 'g'), '.', ''), ',', '.')
            as decimal(18, 2))
    end;

create or replace macro percent_rate(cell) as
    try_cast(replace(regexp_replace(trim(cell), '\s*%$', ''), ',', '.') as decimal(18, 4))
    / 100;

create or replace macro measure(cell) as
    try_cast(replace(replace(
        regexp_extract(trim(cell), '^(-?[0-9.]+(,[0-9]+)?)(\s*%|\s+[^;0-9]+)?$', 1),
        '.', ''), ',', '.') as decimal(18, 4));

-- ---------------------------------------------------------------- reference data
create or replace table floor_agencies as
with listed as (
    select
        trim(kode_opd) as agency_id,
        kode_wilayah as region_code,
        nama_wilayah as region_name,
        nama_opd as agency_name,
        cast(tahun_mulai as integer) as first_year,
        try_cast(tahun_akhir as integer) as last_year,
        nullif(trim(kode_opd_pengganti), '') as successor_agency_id
    from read_csv('raw/reference/agencies*.csv', all_varchar = true)
)
select
    listed.*,
    coalesce(successor.successor_agency_id, listed.successor_agency_id, listed.agency_id)
        as lineage_agency_id
from listed
left join listed as successor on listed.successor_agency_id = successor.agency_id;

create or replace table floor_region_settings as
with regions as (select distinct region_code from floor_agencies),
scales as (
    select * from read_csv('sql/seeds/achievement_scale_assignments.csv', all_varchar = true)
),
thresholds as (
    select * from read_csv('sql/seeds/efficiency_thresholds.csv', all_varchar = true)
)
select
    regions.region_code,
    scales.scale_id,
    cast(scales.first_year as integer) as first_year,
    cast(scales.last_year as integer) as last_year,
    cast(thresholds.target_met_min_achievement_rate as decimal(9, 4)) as min_achievement,
    cast(thresholds.money_spent_min_absorption_rate as decimal(9, 4)) as min_absorption
from regions
inner join scales
    on scales.region_code in (regions.region_code, split_part(regions.region_code, '.', 1), '*')
inner join thresholds
    on thresholds.region_code = scales.region_code
qualify rank() over (partition by regions.region_code order by length(scales.region_code) desc)
    = 1;

create or replace table floor_bands as
select
    scale_id,
    category_name,
    band_kind,
    try_cast(lower_bound_rate as decimal(9, 4)) as lower_bound,
    lower_is_inclusive = 'true' as lower_inclusive,
    try_cast(upper_bound_rate as decimal(9, 4)) as upper_bound,
    upper_is_inclusive = 'true' as upper_inclusive
from read_csv('sql/seeds/achievement_scales.csv', all_varchar = true);

create or replace macro category(rate, scale) as (
    select any_value(category_name) from floor_bands
    where floor_bands.scale_id = scale and band_kind = 'range'
        and (lower_bound is null or rate > lower_bound or (lower_inclusive and rate = lower_bound))
        and (upper_bound is null or rate < upper_bound or (upper_inclusive and rate = upper_bound))
);

-- ---------------------------------------------------------------- marts
create or replace table budget_lines as
with raw_lines as (
    select * from read_csv('raw/*/*/anggaran.csv', all_varchar = true, union_by_name = true, filename = true)
),
typed as (
    select
        cast(tahun as integer) as fiscal_year,
        trim(kode_opd) as agency_id,
        case lower(trim(level))
            when 'program' then 'program'
            when 'kegiatan' then 'activity'
            else 'sub_activity'
        end as budget_level,
        trim(kode) as budget_code,
        nama as budget_line_name,
        rupiah(anggaran) as budget_idr,
        rupiah(realisasi_keuangan) as realized_idr,
        percent_rate(realisasi_fisik_persen) as physical_progress_rate,
        percent_rate(persen_dilaporkan) as reported_absorption_rate,
        filename as source_file
    from raw_lines
)
select
    typed.agency_id || ':' || typed.fiscal_year || ':' || typed.budget_code as budget_line_id,
    typed.fiscal_year,
    typed.agency_id,
    agencies.lineage_agency_id,
    agencies.region_code,
    typed.budget_level,
    typed.budget_code,
    left(typed.budget_code, 7) as program_code,
    typed.budget_line_name,
    typed.budget_idr,
    typed.realized_idr,
    typed.realized_idr / nullif(typed.budget_idr, 0) as absorption_rate,
    typed.budget_idr - typed.realized_idr as savings_idr,
    typed.physical_progress_rate,
    typed.reported_absorption_rate,
    typed.realized_idr > typed.budget_idr as is_overspent,
    typed.source_file
from typed
left join floor_agencies as agencies on typed.agency_id = agencies.agency_id;

create or replace table spending_by_type as
select
    cast(tahun as integer) as fiscal_year,
    trim(kode_opd) as agency_id,
    trim(kode_akun) as account_code,
    sum(rupiah(anggaran)) as budget_idr,
    sum(rupiah(realisasi)) as realized_idr,
    sum(rupiah(realisasi)) / nullif(sum(rupiah(anggaran)), 0) as absorption_rate
from read_csv('raw/*/*/belanja.csv', all_varchar = true, union_by_name = true)
group by all;

create or replace table indicator_achievements as
with raw_indicators as (
    select * from read_csv('raw/*/*/kinerja.csv', all_varchar = true, union_by_name = true)
),
typed as (
    select
        cast(tahun as integer) as fiscal_year,
        trim(kode_opd) as agency_id,
        cast(no_sasaran as integer) as objective_no,
        sasaran as objective_name,
        cast(no_indikator as integer) as indicator_no,
        indikator as indicator_name,
        case lower(trim(polaritas)) when 'negatif' then 'lower_is_better'
            else 'higher_is_better' end as polarity,
        measure(target) as target_value,
        measure(realisasi) as realized_value,
        string_split(replace(kode_program, ' ', ''), ';') as program_codes
    from raw_indicators
),
scored as (
    select
        typed.*,
        case
            when target_value is null or realized_value is null then null
            when target_value = 0 and realized_value = 0 then 1.0
            when target_value = 0 then null
            when polarity = 'higher_is_better' then realized_value / target_value
            else greatest((2 * target_value - realized_value) / target_value, 0)
        end as achievement_rate
    from typed
)
select
    scored.*,
    agencies.region_code,
    category(scored.achievement_rate, settings.scale_id) as category_name
from scored
left join floor_agencies as agencies on scored.agency_id = agencies.agency_id
left join floor_region_settings as settings
    on agencies.region_code = settings.region_code
    and scored.fiscal_year between settings.first_year and settings.last_year;

create or replace table objective_achievements as
with objectives as (
    select
        fiscal_year,
        agency_id,
        objective_no,
        avg(achievement_rate) as achievement_rate,
        list_distinct(flatten(list(program_codes))) as program_codes
    from indicator_achievements
    group by all
),
funding as (
    select
        objectives.fiscal_year,
        objectives.agency_id,
        objectives.objective_no,
        sum(programs.budget_idr) as budget_idr,
        sum(programs.realized_idr) as realized_idr
    from (select fiscal_year, agency_id, objective_no, unnest(program_codes) as program_code
          from objectives) as objectives
    left join budget_lines as programs
        on programs.budget_level = 'program'
        and objectives.fiscal_year = programs.fiscal_year
        and objectives.agency_id = programs.agency_id
        and objectives.program_code = programs.budget_code
    group by all
)
select
    objectives.fiscal_year,
    objectives.agency_id,
    objectives.objective_no,
    objectives.achievement_rate,
    funding.budget_idr,
    funding.realized_idr,
    funding.realized_idr / nullif(funding.budget_idr, 0) as absorption_rate,
    objectives.achievement_rate
        / nullif(funding.realized_idr / nullif(funding.budget_idr, 0), 0) as efficiency_index
from objectives
left join funding using (fiscal_year, agency_id, objective_no);

create or replace table agency_years as
with budget as (
    select
        fiscal_year,
        agency_id,
        count(*) filter (where budget_level = 'program') as program_count,
        count(*) filter (where budget_level = 'activity') as activity_count,
        count(*) filter (where budget_level = 'sub_activity') as sub_activity_count,
        sum(budget_idr) filter (where budget_level = 'program') as budget_idr,
        sum(realized_idr) filter (where budget_level = 'program') as realized_idr
    from budget_lines
    group by all
),
achievement as (
    select fiscal_year, agency_id, avg(achievement_rate) as achievement_rate
    from objective_achievements
    group by all
),
measured as (
    select
        budget.*,
        achievement.achievement_rate,
        agencies.lineage_agency_id,
        agencies.region_code,
        agencies.agency_name,
        budget.budget_idr - budget.realized_idr as savings_idr,
        budget.realized_idr / nullif(budget.budget_idr, 0) as absorption_rate,
        settings.scale_id,
        settings.min_achievement,
        settings.min_absorption
    from budget
    full outer join achievement using (fiscal_year, agency_id)
    left join floor_agencies as agencies on budget.agency_id = agencies.agency_id
    left join floor_region_settings as settings
        on agencies.region_code = settings.region_code
        and budget.fiscal_year between settings.first_year and settings.last_year
),
ranked as (
    select
        *,
        category(achievement_rate, scale_id) as category_name,
        achievement_rate / nullif(absorption_rate, 0) as efficiency_index,
        case
            when achievement_rate is null or absorption_rate is null then 'not_computable'
            when achievement_rate >= min_achievement and absorption_rate < min_absorption
                then 'real_efficiency'
            when achievement_rate >= min_achievement then 'effective'
            when absorption_rate < min_absorption then 'under_execution'
            else 'waste'
        end as quadrant,
        rank() over (partition by region_code, fiscal_year order by absorption_rate desc)
            as absorption_rank,
        rank() over (partition by region_code, fiscal_year order by achievement_rate desc)
            as achievement_rank
    from measured
)
select
    ranked.* exclude (scale_id, min_achievement, min_absorption),
    previous.absorption_rate as previous_absorption_rate,
    ranked.absorption_rate - previous.absorption_rate as absorption_change,
    ranked.achievement_rate - previous.achievement_rate as achievement_change
from ranked
left join ranked as previous
    on ranked.lineage_agency_id = previous.lineage_agency_id
    and ranked.fiscal_year = previous.fiscal_year + 1;

create or replace table regency_years as
select
    region_code,
    fiscal_year,
    count(*) as agency_count,
    sum(budget_idr) as budget_idr,
    sum(realized_idr) as realized_idr,
    sum(realized_idr) / nullif(sum(budget_idr), 0) as absorption_rate,
    avg(achievement_rate) as mean_achievement_rate
from agency_years
group by all;
