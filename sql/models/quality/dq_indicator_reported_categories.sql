-- The category each indicator's report prints, against what the report's own declared
-- scale gives its printed capaian (or the recomputed one when none is printed); without
-- a declared scale, against the scale assigned to the region.
with

indicators as (

    select * from {{ ref('int_indicators_scored') }}

),

rated as (

    select
        *,
        coalesce(reported_achievement_rate, achievement_rate) as rate_to_categorize
    from indicators
    where reported_category is not null

),

-- the rates alone, from their own import: DuckDB reads two narrow imports faster than one
-- wide import read twice
rates as (

    select
        agency_id,
        fiscal_year,
        coalesce(reported_achievement_rate, achievement_rate) as rate_to_categorize
    from {{ ref('int_indicators_scored') }}
    where reported_category is not null

),

declared as (

    {{ declared_categories('rates', 'rate_to_categorize') }}

),

assigned_scales as (

    {{ region_settings('achievement_scale_assignments') }}

),

categorized as (

    select
        rated.*,
        {{ expected_categories('declared.declared_categories', 'rated.rate_to_categorize',
                               'rated.region_code', 'rated.fiscal_year') }}
            as expected_categories,
        {{ expected_scale_name('declared.declared_categories', 'assigned_scales.scale_id') }}
            as scale_name
    from rated
    inner join declared
        on rated.agency_id = declared.agency_id
        and rated.fiscal_year = declared.fiscal_year
        and rated.rate_to_categorize is not distinct from declared.rate
    left join assigned_scales
        on rated.region_code = assigned_scales.region_code
        and rated.fiscal_year between assigned_scales.first_year and assigned_scales.last_year
    where rated.rate_to_categorize is not null

),

final as (

    select
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        'kategori sasaran ' || objective_no || ' indikator ' || indicator_no as object_key,
        reported_category,
        round(rate_to_categorize * 100, 2) as categorized_percent,
        {{ categories_text('expected_categories') }} as expected_category_text,
        scale_name,
        coalesce({{ is_one_of_categories('reported_category', 'expected_categories') }}, false)
            as is_declared_category

    from categorized

)

select * from final
