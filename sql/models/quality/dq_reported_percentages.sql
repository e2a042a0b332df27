-- Percentages a report prints beside the figures they derive from: absorption of each
-- budget line, capaian of each indicator, capaian against the Renstra end target.
-- Agrees when within half a unit of the last printed decimal.
with

budget_lines as (

    select * from {{ ref('int_budget_lines_measured') }}

),

indicators as (

    select * from {{ ref('int_indicators_scored') }}

),

line_absorption as (

    select
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        'persen realisasi ' || budget_level || ' ' || budget_line_label as object_key,
        'line_absorption' as percentage_kind,
        reported_absorption_rate * 100 as reported_percent,
        reported_absorption_decimals as reported_decimals,
        absorption_rate * 100 as recomputed_percent
    from budget_lines
    where reported_absorption_rate is not null and absorption_rate is not null

),

indicator_achievement as (

    select
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        'capaian sasaran ' || objective_no || ' indikator ' || indicator_no as object_key,
        'indicator_achievement' as percentage_kind,
        reported_achievement_rate * 100 as reported_percent,
        reported_achievement_decimals as reported_decimals,
        achievement_rate * 100 as recomputed_percent
    from indicators
    where reported_achievement_rate is not null and achievement_status = 'computed'

),

strategic_plan_achievement as (

    select
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        'capaian terhadap target akhir Renstra sasaran ' || objective_no || ' indikator '
            || indicator_no as object_key,
        'strategic_plan_achievement' as percentage_kind,
        reported_strategic_plan_achievement_rate * 100 as reported_percent,
        reported_strategic_plan_achievement_decimals as reported_decimals,
        {{ achievement_formula('strategic_plan_target_value', 'realized_value', 'polarity') }}
            * 100 as recomputed_percent
    from indicators
    where
        reported_strategic_plan_achievement_rate is not null
        and strategic_plan_target_status = 'number'
        and realized_status = 'number'

),

unioned as (

    select * from line_absorption
    union all
    select * from indicator_achievement
    union all
    select * from strategic_plan_achievement

),

final as (

    select
        *,
        abs(reported_percent - recomputed_percent)
            - {{ printed_tolerance('reported_decimals') }} as excess_difference

    from unioned
    where recomputed_percent is not null

)

select * from final
