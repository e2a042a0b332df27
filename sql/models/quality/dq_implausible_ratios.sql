-- Lines whose realisation is implausibly small or large against their budget: typical
-- of digits lost or added when typing (realisasi 0,1 % of anggaran).
with

budget_lines as (

    select * from {{ ref('int_budget_lines_measured') }}

),

final as (

    select
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        budget_level || ' ' || budget_line_label as object_key,
        budget_idr,
        realized_idr,
        absorption_rate

    from budget_lines
    where budget_idr > 0 and realized_idr > 0

)

select * from final
