-- Savings (efisiensi) a report claims for the agency or a sasaran, against the indicators
-- under it that missed their target: money saved by not delivering is not efficiency.
with

claims as (

    select *
    from {{ ref('stg_raw__reported_totals') }}
    where reported_measure in ('savings_idr', 'savings_percent')
        and reported_scope in ('agency', 'objective')
        and reported_value > 0

),

indicators as (

    select agency_id, fiscal_year, objective_no, indicator_no, indicator_name, is_target_met
    from {{ ref('indicator_achievements') }}

),

missed_under_claim as (

    select
        claims.agency_id,
        claims.fiscal_year,
        claims.source_file,
        claims.source_sheet,
        claims.source_row,
        claims.reported_scope,
        claims.reported_scope_key,
        claims.reported_measure,
        claims.reported_value_text,
        claims.report_section,
        count(indicators.indicator_no) filter (where not indicators.is_target_met)
            as missed_indicator_count,
        string_agg(
            indicators.objective_no || '.' || indicators.indicator_no || ' '
                || indicators.indicator_name, '; '
            order by indicators.objective_no, indicators.indicator_no
        ) filter (where not indicators.is_target_met) as missed_indicators
    from claims
    left join indicators
        on claims.agency_id = indicators.agency_id
        and claims.fiscal_year = indicators.fiscal_year
        and (claims.reported_scope = 'agency'
            or trim(claims.reported_scope_key) = cast(indicators.objective_no as varchar))
    group by all

),

final as (

    select
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        reported_scope || coalesce(' ' || reported_scope_key, '') || ' ' || reported_measure
            || ' (' || coalesce(report_section, 'no section') || ')' as object_key,
        reported_value_text,
        missed_indicator_count,
        coalesce(missed_indicators, '') as missed_indicators

    from missed_under_claim

)

select * from final
