-- Each band of a declared scale against the band above it: a rate between them with no
-- category (a gap), or with two (an overlap), makes the scale itself wrong.
with

bands as (

    select * from {{ ref('int_declared_scale_bands') }}

),

sources as (

    select agency_id, fiscal_year, band_no, scale_measure, source_file, source_sheet, source_row
    from {{ ref('stg_raw__declared_scales') }}

),

with_band_above as (

    select
        *,
        lead(band_text) over scale as next_band_text,
        lead(lower_is_inclusive) over scale as next_lower_is_inclusive
    from bands
    window scale as (
        partition by agency_id, fiscal_year, scale_measure
        order by lower_bound_rate asc nulls first, band_no
    )

),

compared as (

    select
        *,
        case
            when upper_bound_rate is null
                then 'overlap'  -- open upward, yet another band starts above it
            when upper_bound_rate < next_lower_bound_rate
                or (upper_bound_rate = next_lower_bound_rate
                    and not upper_is_inclusive and not next_lower_is_inclusive)
                then 'gap'
            when upper_bound_rate > next_lower_bound_rate
                or (upper_bound_rate = next_lower_bound_rate
                    and upper_is_inclusive and next_lower_is_inclusive)
                then 'overlap'
            else 'continuous'
        end as coverage

    from with_band_above
    where next_lower_bound_rate is not null

),

final as (

    select
        compared.fiscal_year,
        compared.agency_id,
        sources.source_file,
        sources.source_sheet,
        sources.source_row,
        'skala ' || case compared.scale_measure when 'absorption' then 'serapan'
            else 'capaian' end || ' ' || compared.band_text || ' / ' || compared.next_band_text
            as object_key,
        compared.coverage,
        compared.coverage || ' between ' || compared.band_text || ' and '
            || compared.next_band_text as coverage_text

    from compared
    left join sources
        on compared.agency_id = sources.agency_id
        and compared.fiscal_year = sources.fiscal_year
        and compared.scale_measure = sources.scale_measure
        and compared.band_no = sources.band_no

)

select * from final
