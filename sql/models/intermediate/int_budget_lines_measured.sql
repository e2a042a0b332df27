with

budget_lines as (

    select * from {{ ref('stg_raw__budget_lines') }}

),

measured as (

    select
        *,
        case budget_level
            when 'sub_activity' then regexp_replace(budget_code, '\.\d{4}$', '')
            when 'activity' then left(budget_code, 7)
        end as parent_budget_code,
        left(budget_code, 7) as program_code,
        budget_idr - realized_idr as savings_idr,
        {{ safe_rate('realized_idr', 'budget_idr') }} as absorption_rate,
        {{ safe_rate('budget_idr - realized_idr', 'budget_idr') }} as savings_rate,
        realized_idr > budget_idr as is_overspent,
        budget_idr = 0 as has_no_budget

    from budget_lines

)

select * from measured
