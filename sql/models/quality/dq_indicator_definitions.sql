-- The same indicator (agency lineage, sasaran and indicator number) keeps its unit and
-- polarity within one planning period (RPJMD / Renstra).
with

indicators as (

    select * from {{ ref('indicator_achievements') }}

),

periods as (

    {{ region_settings('strategic_plan_periods') }}

),

indicators_in_period as (

    select
        indicators.*,
        periods.period_name
    from indicators
    inner join periods
        on indicators.region_code = periods.region_code
        and indicators.fiscal_year between periods.first_year and periods.last_year

),

definitions_per_period as (

    select
        lineage_agency_id,
        period_name,
        objective_no,
        indicator_no,
        max(fiscal_year) as fiscal_year,
        arg_max(agency_id, fiscal_year) as agency_id,
        arg_max(indicator_name, fiscal_year) as indicator_name,
        count(distinct coalesce(unit, '')) as unit_variants,
        count(distinct polarity) as polarity_variants,
        string_agg(distinct fiscal_year || ': ' || coalesce(unit, '-') || ', ' || polarity, '; '
            order by fiscal_year || ': ' || coalesce(unit, '-') || ', ' || polarity)
            as definitions_by_year
    from indicators_in_period
    group by lineage_agency_id, period_name, objective_no, indicator_no

),

final as (

    select
        fiscal_year,
        agency_id,
        fiscal_year || '/' || agency_id || '/' as source_file,
        cast(null as varchar) as source_sheet,
        cast(null as integer) as source_row,
        'indikator ' || objective_no || '.' || indicator_no || ' ' || indicator_name
            || ' (' || period_name || ')' as object_key,
        definitions_by_year,
        greatest(unit_variants, polarity_variants) as definition_variants

    from definitions_per_period

)

select * from final
