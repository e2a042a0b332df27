-- Budget lines and spending types whose realisation exceeds the budget.
with

budget_lines as (

    select * from {{ ref('int_budget_lines_measured') }}

),

spending_lines as (

    select * from {{ ref('int_spending_lines_chosen') }}

),

lines as (

    select
        fiscal_year, agency_id, source_file, source_sheet, source_row,
        budget_level || ' ' || budget_line_label as object_key,
        budget_idr, realized_idr
    from budget_lines

    union all

    select
        fiscal_year, agency_id, source_file, source_sheet, source_row,
        'jenis belanja ' || account_code as object_key,
        budget_idr, realized_idr
    from spending_lines

),

final as (

    select
        *,
        realized_idr - budget_idr as overspent_idr

    from lines

)

select * from final
