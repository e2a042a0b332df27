-- Each agency's total budget against its previous year (followed through renames).
with

agency_years as (

    select * from {{ ref('agency_years') }}

),

final as (

    select
        fiscal_year,
        agency_id,
        fiscal_year || '/' || agency_id || '/' as source_file,
        cast(null as varchar) as source_sheet,
        cast(null as integer) as source_row,
        'total anggaran ' || (fiscal_year - 1) || ' → ' || fiscal_year as object_key,
        previous_budget_idr,
        budget_idr,
        budget_change_rate

    from agency_years
    where budget_change_rate is not null

)

select * from final
