with

source as (

    select * from {{ source('raw', 'period_realisations') }}

),

renamed as (

    select
        ---------- ids
        agency_id,
        fiscal_year,
        objective_no,
        indicator_no,
        period,
        source_file,
        source_sheet,
        source_row,

        ---------- strings
        case when period like 'M%' then 'month' else 'quarter' end as period_kind,
        realized_text,
        realized_status,

        ---------- numerics
        cast(substr(period, 2) as integer) as period_no,
        realized_value

    from source

)

select * from renamed
