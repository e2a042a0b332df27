with

source as (

    select * from {{ source('raw', 'agencies') }}

),

renamed as (

    select
        ---------- ids
        agency_id,
        region_code,
        successor_agency_id,

        ---------- strings
        region_name,
        agency_name,
        short_name,
        agency_type,

        ---------- numerics
        first_year,
        last_year,

        ---------- booleans
        is_synthetic

    from source

)

select * from renamed
