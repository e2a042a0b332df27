with

source as (

    select * from {{ source('raw', 'ingest_files') }}

),

renamed as (

    select
        ---------- ids
        delivery_key,
        agency_id,
        source_file,
        source_sheet,
        sha256 as content_sha256,

        ---------- strings
        entity,
        status,
        message,

        ---------- numerics
        fiscal_year,
        rows_in,
        rows_loaded,
        rows_quarantined,
        cells_nulled,
        size_bytes,

        ---------- timestamps
        ingested_at

    from source

)

select * from renamed
