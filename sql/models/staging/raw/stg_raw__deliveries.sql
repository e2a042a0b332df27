with

source as (

    select * from {{ source('raw', 'deliveries') }}

),

renamed as (

    select
        ---------- ids
        delivery_key,
        agency_id,

        ---------- strings
        content_sha256,

        ---------- numerics
        fiscal_year

    from source

)

select * from renamed
