with

source as (

    select * from {{ source('raw', 'finance_subtotals') }}

),

renamed as (

    select
        ---------- ids
        delivery_key,
        agency_id,
        fiscal_year,
        unit_code as finance_unit_code,
        code as subtotal_code,
        sub_activity_code,
        source_file,
        source_sheet,
        source_row,

        ---------- strings
        role as subtotal_role,
        name as subtotal_name,
        unit_name as finance_unit_name,

        ---------- numerics
        budget_idr,
        realized_idr,
        leaves_budget_idr,
        leaves_realized_idr,
        leaf_count,

        ---------- dates
        reported_through

    from source

)

select * from renamed
