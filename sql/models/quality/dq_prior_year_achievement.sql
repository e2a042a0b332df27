-- The "capaian tahun lalu" an agency prints against what the warehouse holds for the
-- same indicator (same agency lineage, sasaran and indicator number) the year before:
-- the capaian that year's report printed, or the recomputed one when none was printed.
with

indicators as (

    select * from {{ ref('indicator_achievements') }}

),

with_previous_year as (

    select
        current_year.*,
        coalesce(previous_year.reported_achievement_rate, previous_year.achievement_rate)
            as warehouse_prior_rate

    from indicators as current_year
    inner join indicators as previous_year
        on current_year.lineage_agency_id = previous_year.lineage_agency_id
        and current_year.fiscal_year = previous_year.fiscal_year + 1
        and current_year.objective_no = previous_year.objective_no
        and current_year.indicator_no = previous_year.indicator_no
    where
        current_year.reported_prior_year_achievement_rate is not null
),

decimals as (

    select agency_id, fiscal_year, source_row, reported_prior_year_achievement_decimals
    from {{ ref('stg_raw__indicators') }}

),

final as (

    select
        with_previous_year.fiscal_year,
        with_previous_year.agency_id,
        with_previous_year.source_file,
        cast(null as varchar) as source_sheet,
        with_previous_year.source_row,
        'capaian tahun lalu sasaran ' || with_previous_year.objective_no || ' indikator '
            || with_previous_year.indicator_no as object_key,
        with_previous_year.reported_prior_year_achievement_rate * 100 as reported_percent,
        with_previous_year.warehouse_prior_rate * 100 as warehouse_percent,
        abs(with_previous_year.reported_prior_year_achievement_rate
            - with_previous_year.warehouse_prior_rate) * 100
            - {{ printed_tolerance('decimals.reported_prior_year_achievement_decimals') }}
            as excess_difference

    from with_previous_year
    left join decimals
        on with_previous_year.agency_id = decimals.agency_id
        and with_previous_year.fiscal_year = decimals.fiscal_year
        and with_previous_year.source_row = decimals.source_row
    where with_previous_year.warehouse_prior_rate is not null

)

select * from final
