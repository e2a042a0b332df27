with

declared_scales as (

    select * from {{ ref('stg_raw__declared_scales') }}

),

with_inclusivity as (

    select
        agency_id,
        fiscal_year,
        band_no,
        category_name,
        band_text,
        lower_bound_rate,
        -- "Lebih dari 100%" / "> 100%": the bound itself is not in the band
        not (lower(band_text) like 'lebih dari%' or trim(band_text) like '>%')
            or trim(band_text) like '>=%' as lower_is_inclusive,
        upper_bound_rate,
        -- "Kurang dari 55%" / "< 55%": the bound itself is not in the band
        not (lower(band_text) like 'kurang dari%' or trim(band_text) like '<%')
            or trim(band_text) like '<=%' as upper_is_inclusive

    from declared_scales

)

select * from with_inclusivity
