-- The category each indicator's report gives, against what the report's own declared
-- scale gives its printed capaian (or the recomputed one when none is printed).
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

categorized as (

    select
        rated.*,
        declared.declared_categories
    from rated
    inner join declared
        on rated.agency_id = declared.agency_id
        and rated.fiscal_year = declared.fiscal_year
        and rated.rate_to_categorize = declared.rate

),

final as (

    select
        agency_id || ':' || fiscal_year || ':' || objective_no || '.' || indicator_no
            as check_row_id,
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        'kategori sasaran ' || objective_no || ' indikator ' || indicator_no as object_key,
        reported_category,
        round(rate_to_categorize * 100, 2) as categorized_percent,
        coalesce(array_to_string(declared_categories, ' / '), '') as declared_category_text,
        list_contains(declared_categories, lower(trim(reported_category)))
            as is_declared_category

    from categorized
    where declared_categories is not null

)

select * from final
