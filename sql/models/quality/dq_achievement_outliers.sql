-- Each indicator achievement above the region's outlier level (seed
-- efficiency_thresholds, 150 %): the target was probably set too low. Only those rows:
-- the rule then reads thousands of rows, not the million achievements of a country.
with

indicators as (

    select * from {{ ref('indicator_achievements') }}

),

final as (

    select
        fiscal_year,
        agency_id,
        source_file,
        cast(null as varchar) as source_sheet,
        source_row,
        'capaian sasaran ' || objective_no || ' indikator ' || indicator_no as object_key,
        achievement_rate * 100 as achievement_percent,
        target_text,
        realized_text,
        is_achievement_outlier

    from indicators
    where is_achievement_outlier

)

select * from final
