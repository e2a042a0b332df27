-- Every printed subtotal of a finance export (an account above others, a unit's total)
-- against the leaves (or programs) under it: a subtotal is checked, never added.
with

subtotals as (

    select * from {{ ref('stg_raw__finance_subtotals') }}

),

by_measure as (

    select
        subtotals.*,
        measures.measure,
        case measures.measure when 'anggaran' then budget_idr else realized_idr end
            as printed_idr,
        case measures.measure
            when 'anggaran' then leaves_budget_idr else leaves_realized_idr
        end as leaves_idr
    from subtotals
    cross join (values ('anggaran'), ('realisasi')) as measures (measure)
    where subtotals.leaf_count > 0

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
