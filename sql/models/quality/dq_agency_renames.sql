-- Agencies renamed or merged (from the reference list): series continue under the
-- successor's id; listed so analysts know where a series changes name.
with

agencies as (

    select * from {{ ref('stg_raw__agencies') }}

),

final as (

    select
        last_year as fiscal_year,
        agency_id,
        'reference/' as source_file,
        cast(null as varchar) as source_sheet,
        cast(null as integer) as source_row,
        agency_name as object_key,
        successor_agency_id

    from agencies

)

select * from final
