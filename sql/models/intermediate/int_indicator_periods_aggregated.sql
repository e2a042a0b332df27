-- Each indicator's realisation per month or quarter, summed, last and averaged: what
-- its year's realisasi is under each cara_agregasi.
with

periods as (

    select * from {{ ref('stg_raw__period_realisations') }}

),

aggregated as (

    select
        fiscal_year,
        agency_id,
        objective_no,
        indicator_no,
        count(*) as period_count,
        count(distinct period_kind) as period_kind_count,
        -- a period whose value is not a number leaves the year not computable from them
        bool_and(realized_status = 'number') as all_periods_are_numbers,
        sum(realized_value) as summed_value,
        arg_max(realized_value, period_no) as last_value,
        avg(realized_value) as mean_value,
        string_agg(period || ' ' || coalesce(realized_text, '-'), '; ' order by period)
            as periods_text
    from periods
    group by fiscal_year, agency_id, objective_no, indicator_no

),

final as (

    select
        *,
        all_periods_are_numbers and period_kind_count = 1 as is_aggregable
    from aggregated

)

select * from final
