-- Each indicator whose achievement could not be computed (a text realisation such as
-- "belum ada data", no target): its sasaran and the agency's capaian average the other
-- indicators only, so the sender must deliver the figure. Only those rows.
with

indicators as (

    select * from {{ ref('indicator_achievements') }}

),

final as (

    select
        fiscal_year,
        agency_id,
        source_file,
        cast(null as varchar) as source_sheet,
        source_row,
        'sasaran ' || objective_no || ' indikator ' || indicator_no || ' ('
            || indicator_name || ')' as object_key,
        not_computable_reason,
        target_text,
        realized_text,
        achievement_status = 'computed' as is_computed

    from indicators
    where achievement_status <> 'computed'

)

select * from final
