-- Each indicator with the realisation its achievement is computed from: the year's
-- realisasi as written, else its realisasi_periode added up by its cara_agregasi; and,
-- for a composite target (11 jenis; 50.000 lembar), its parts beside the realised ones.
with

indicators as (

    select * from {{ ref('stg_raw__indicators') }}

),

periods as (

    select * from {{ ref('int_indicator_periods_aggregated') }}

),

with_periods as (

    select
        indicators.agency_id,
        indicators.fiscal_year,
        indicators.objective_no,
        indicators.indicator_no,
        indicators.program_codes,
        indicators.source_file,
        indicators.source_sheet,
        indicators.source_row,
        indicators.objective_name,
        indicators.indicator_name,
        indicators.unit,
        indicators.polarity,
        indicators.target_text,
        indicators.target_status,
        indicators.target_value,
        indicators.realized_text,
        indicators.realized_status as reported_realized_status,
        indicators.realized_value as reported_realized_value,
        indicators.aggregation_method,
        indicators.reported_category,
        indicators.reported_achievement_rate,
        indicators.reported_achievement_decimals,
        indicators.reported_prior_year_achievement_rate,
        indicators.reported_prior_year_achievement_decimals,
        indicators.reported_strategic_plan_achievement_rate,
        indicators.reported_strategic_plan_achievement_decimals,
        indicators.strategic_plan_target_text,
        indicators.strategic_plan_target_status,
        indicators.strategic_plan_target_value,
        coalesce(periods.period_count, 0) as period_count,
        periods.periods_text,
        coalesce(periods.is_aggregable, false) as periods_are_aggregable,
        -- the type of a written realisasi (a mean can have more decimals than any period)
        cast(case indicators.aggregation_method
            when 'sum' then periods.summed_value
            when 'last_value' then periods.last_value
            when 'mean' then periods.mean_value
        end as decimal(20, 4)) as period_realized_value

    from indicators
    left join periods
        on indicators.fiscal_year = periods.fiscal_year
        and indicators.agency_id = periods.agency_id
        and indicators.objective_no = periods.objective_no
        and indicators.indicator_no = periods.indicator_no

),

realized as (

    select
        *,
        reported_realized_status = 'blank' and periods_are_aggregable
            and period_realized_value is not null as is_realized_from_periods
    from with_periods

),

-- a composite target's parts: number and unit of each ';'-separated part
composite_parts as (

    select
        *,
        case when is_realized_from_periods then 'number' else reported_realized_status end
            as realized_status,
        case when is_realized_from_periods then period_realized_value
            else reported_realized_value end as realized_value,
        case when is_realized_from_periods then 'periods'
            when reported_realized_status <> 'blank' then 'reported' end as realized_basis,
        -- only a target that is not one number can be composite: the rest skip the parsing
        case when target_status = 'text' then
            list_transform(string_split(target_text, ';'), part -> trim(part))
        end as target_parts,
        case when target_status = 'text' then
            list_transform(string_split(realized_text, ';'), part -> trim(part))
        end as realized_parts
    from realized

),

composite_numbers as (

    select
        *,
        list_transform(target_parts, part -> {{ leading_number('part') }}) as target_numbers,
        list_transform(target_parts, part -> {{ trailing_unit('part') }}) as target_units,
        list_transform(realized_parts, part -> {{ leading_number('part') }})
            as realized_numbers,
        list_transform(realized_parts, part -> {{ trailing_unit('part') }}) as realized_units
    from composite_parts

),

final as (

    select
        *,
        coalesce(len(target_parts) >= 2, false) as is_composite_target,
        coalesce(len(target_parts) >= 2, false)
            and len(list_filter(target_numbers, number -> number is null or number <= 0)) = 0
            and len(list_filter(realized_numbers, number -> number is null)) = 0
            and coalesce(target_units = realized_units, false) as composite_parts_match
    from composite_numbers

)

select * from final
