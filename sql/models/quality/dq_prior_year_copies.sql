-- Indicators whose printed "capaian tahun lalu" equals this year's capaian to the last
-- printed decimal (and is not 100 %): last year's column was likely copied. Only those
-- rows, so the rule reads the few suspects rather than every indicator of a country.
with

indicators as (

    select * from {{ ref('int_indicators_scored') }}

),

final as (

    select
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        'capaian tahun lalu sasaran ' || objective_no || ' indikator ' || indicator_no
            as object_key,
        reported_prior_year_achievement_rate * 100 as prior_year_percent,
        coalesce(reported_achievement_rate, achievement_rate) * 100 as this_year_percent,
        reported_prior_year_achievement_rate
            = coalesce(reported_achievement_rate, achievement_rate) as is_same_as_this_year

    from indicators
    where reported_prior_year_achievement_rate <> 1
        and reported_prior_year_achievement_rate
            = coalesce(reported_achievement_rate, achievement_rate)

)

select * from final
