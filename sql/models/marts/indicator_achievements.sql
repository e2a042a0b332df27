with

indicators as (

    select * from {{ ref('int_indicators_scored') }}

),

agencies as (

    select agency_id, lineage_agency_id, agency_name
    from {{ ref('int_agencies_resolved_to_lineage') }}

),

thresholds as (

    {{ region_settings('efficiency_thresholds') }}

),

declared as (

    {{ declared_categories('indicators', 'achievement_rate') }}

),

final as (

    select
        indicators.agency_id || ':' || indicators.fiscal_year || ':'
            || indicators.objective_no || '.' || indicators.indicator_no as indicator_id,
        indicators.fiscal_year,
        indicators.agency_id,
        agencies.lineage_agency_id,
        indicators.region_code,
        agencies.agency_name,
        indicators.objective_no,
        indicators.objective_name,
        indicators.indicator_no,
        indicators.indicator_name,
        indicators.unit,
        indicators.polarity,
        indicators.target_text,
        indicators.target_value,
        indicators.realized_text,
        indicators.realized_value,
        indicators.realized_basis,
        indicators.aggregation_method,
        indicators.period_count,
        indicators.program_codes,
        indicators.achievement_status,
        indicators.not_computable_reason,
        indicators.achievement_method,
        indicators.achievement_rate,
        least(indicators.achievement_rate,
              coalesce(thresholds.achievement_cap_rate, indicators.achievement_rate))
            as averaged_achievement_rate,
        indicators.category_name,
        declared.declared_categories[1] as reported_scale_category,
        indicators.achievement_rate >= thresholds.target_met_min_achievement_rate
            as is_target_met,
        coalesce(indicators.achievement_rate > thresholds.achievement_outlier_rate, false)
            as is_achievement_outlier,
        indicators.reported_achievement_rate,
        indicators.reported_achievement_decimals,
        indicators.reported_category,
        indicators.reported_prior_year_achievement_rate,
        indicators.reported_strategic_plan_achievement_rate,
        indicators.source_file,
        indicators.source_row

    from indicators
    left join agencies on indicators.agency_id = agencies.agency_id
    left join thresholds
        on indicators.region_code = thresholds.region_code
        and indicators.fiscal_year between thresholds.first_year and thresholds.last_year
    left join declared
        on indicators.agency_id = declared.agency_id
        and indicators.fiscal_year = declared.fiscal_year
        and indicators.achievement_rate is not distinct from declared.rate

)

select * from final
