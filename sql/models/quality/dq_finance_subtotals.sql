-- Every printed subtotal of a finance export (an account above others, a unit's total)
-- against the leaves (or programs) under it: a subtotal is checked, never added.
with

subtotals as (

    select * from {{ ref('stg_raw__finance_subtotals') }}

),

by_measure as (

    {{ per_measure('subtotals', [
        ('printed_idr', 'budget_idr', 'realized_idr'),
        ('leaves_idr', 'leaves_budget_idr', 'leaves_realized_idr'),
    ], where='subtotals.leaf_count > 0') }}

),

final as (

    select
        delivery_key || ':' || coalesce(source_sheet, '') || ':' || source_row || ':' || measure
            as check_row_id,
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        subtotal_role || ' ' || coalesce(subtotal_code, '') || ' '
            || coalesce(sub_activity_code || ' ', '') || measure as object_key,
        subtotal_name,
        leaf_count,
        printed_idr,
        leaves_idr,
        printed_idr - leaves_idr as difference_idr

    from by_measure

)

select * from final
