-- Each indicator that gives both the year's realisasi and its realisasi per month or
-- quarter: the year's figure against the periods added up by its cara_agregasi.
with

indicators as (

    select * from {{ ref('int_indicators_realized') }}

),

final as (

    select
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        'realisasi sasaran ' || objective_no || ' indikator ' || indicator_no || ' ('
            || aggregation_method || ' of ' || period_count || ' periods)' as object_key,
        reported_realized_value,
        period_realized_value,
        -- the year's figure is printed rounded: within 0,5 % of the periods' result
        abs(reported_realized_value - period_realized_value)
            - 0.005 * greatest(abs(period_realized_value), 1) as excess_difference

    from indicators
    where reported_realized_status = 'number'
        and periods_are_aggregable
        and period_realized_value is not null

)

select * from final
