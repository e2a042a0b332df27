with

source as (

    select * from {{ source('raw', 'declared_scales') }}

),

renamed as (

    select
        ---------- ids
        agency_id,
        fiscal_year,
        band_no,
        source_file,
        source_sheet,
        source_row,

        ---------- strings
        category as category_name,
        band_text,
        scale_measure,

        ---------- numerics
        lower_bound_percent / 100 as lower_bound_rate,
        upper_bound_percent / 100 as upper_bound_rate

    from source

)

select * from renamed
