with

budget_lines as (

    select * from {{ ref('int_budget_lines_chosen') }}

),

measured as (

    select
        *,
        -- what a finding names a line by: its code, else its name as printed
        coalesce(budget_code, budget_line_name) as budget_line_label,
        left(budget_code, 7) as program_code,
        budget_idr - realized_idr as savings_idr,
        {{ safe_rate('realized_idr', 'budget_idr') }} as absorption_rate,
        {{ safe_rate('budget_idr - realized_idr', 'budget_idr') }} as savings_rate,
        realized_idr > budget_idr as is_overspent,
        budget_idr = 0 as has_no_budget

    from budget_lines

)

select * from measured
