with

agency_years as (

    select * from {{ ref('agency_years') }}

),

agencies as (

    select * from {{ ref('stg_raw__agencies') }}

),

thresholds as (

    {{ region_settings('efficiency_thresholds') }}

),

expected_agencies as (

    select
        agencies.region_code,
        years.fiscal_year,
        count(*) as agencies_expected
    from agencies
    inner join (select distinct fiscal_year from agency_years) as years
        on years.fiscal_year between agencies.first_year
        and coalesce(agencies.last_year, 9999)
    group by all

),

agency_years_summed_to_region as (

    select
        region_code,
        fiscal_year,
        any_value(region_name) as region_name,
        count(*) as agencies_reporting,
        sum(budget_idr) as budget_idr,
        sum(realized_idr) as realized_idr,
        avg(achievement_rate) filter (where achievement_status = 'computed')
            as mean_achievement_rate,
        median(absorption_rate) as median_absorption_rate,
        histogram(category_name) as agencies_by_category,
        count(*) filter (where quadrant = 'real_efficiency') as real_efficiency_agencies,
        count(*) filter (where quadrant = 'effective') as effective_agencies,
        count(*) filter (where quadrant = 'under_execution') as under_execution_agencies,
        count(*) filter (where quadrant = 'waste') as waste_agencies,
        count(*) filter (where quadrant = 'not_computable') as not_computable_agencies
    from agency_years
    group by region_code, fiscal_year

),

final as (

    select
        summed.region_code || ':' || summed.fiscal_year as region_year_id,
        summed.region_code,
        summed.region_name,
        summed.fiscal_year,
        coalesce(expected.agencies_expected, 0) as agencies_expected,
        summed.agencies_reporting,
        summed.budget_idr,
        summed.realized_idr,
        {{ safe_rate('summed.realized_idr', 'summed.budget_idr') }} as absorption_rate,
        summed.budget_idr - summed.realized_idr as savings_idr,
        summed.median_absorption_rate,
        summed.mean_achievement_rate,
        summed.agencies_by_category,
        summed.real_efficiency_agencies,
        summed.effective_agencies,
        summed.under_execution_agencies,
        summed.waste_agencies,
        summed.not_computable_agencies,
        thresholds.target_met_min_achievement_rate,
        thresholds.money_spent_min_absorption_rate

    from agency_years_summed_to_region as summed
    left join expected_agencies as expected
        on summed.region_code = expected.region_code
        and summed.fiscal_year = expected.fiscal_year
    left join thresholds
        on summed.region_code = thresholds.region_code
        and summed.fiscal_year between thresholds.first_year and thresholds.last_year

)

select * from final
