with

source as (

    select * from {{ source('raw', 'spending_lines') }}

),

renamed as (

    select
        ---------- ids
        delivery_key,
        agency_id,
        fiscal_year,
        account_code,
        sub_activity_code,
        source_file,
        source_sheet,
        source_row,
        source_kind as budget_source,
        reported_through,

        ---------- strings
        account_name as account_name_as_reported,

        ---------- numerics
        budget_idr,
        realized_idr

    from source

)

select * from renamed
