with

source as (

    select * from {{ source('raw', 'quarantine') }}

),

renamed as (

    select
        ---------- ids
        agency_id,
        fiscal_year,
        source_file,
        source_sheet,
        source_row,

        ---------- strings
        entity,
        "column" as source_column,
        value as source_value,
        reason,
        raw_record

    from source

)

select * from renamed
