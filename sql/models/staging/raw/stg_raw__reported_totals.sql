with

source as (

    select * from {{ source('raw', 'reported_totals') }}

),

renamed as (

    select
        ---------- ids
        agency_id,
        fiscal_year,
        scope as reported_scope,
        scope_key as reported_scope_key,
        source_file,
        source_sheet,
        source_row,

        ---------- strings
        measure as reported_measure,
        value_text as reported_value_text,
        report_section,

        ---------- numerics
        value_number as reported_value,
        value_decimals as reported_value_decimals

    from source

)

select * from renamed
