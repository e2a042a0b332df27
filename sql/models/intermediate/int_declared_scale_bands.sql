with

declared_scales as (

    select * from {{ ref('stg_raw__declared_scales') }}

),

with_inclusivity as (

    select
        agency_id,
        fiscal_year,
        scale_measure,
        band_no,
        category_name,
        band_text,
        lower_bound_rate,
        -- "Lebih dari 100%" / "> 100%": the bound itself is not in the band
        not (lower(band_text) like 'lebih dari%' or trim(band_text) like '>%')
            or trim(band_text) like '>=%' as lower_is_inclusive,
        upper_bound_rate as printed_upper_bound_rate,
        -- "Kurang dari 55%" / "< 55%": the bound itself is not in the band
        not (lower(band_text) like 'kurang dari%' or trim(band_text) like '<%')
            or trim(band_text) like '<=%' as printed_upper_is_inclusive

    from declared_scales

),

with_next_band as (

    select
        *,
        lead(lower_bound_rate) over (
            partition by agency_id, fiscal_year, scale_measure
            order by lower_bound_rate asc nulls first, band_no
        ) as next_lower_bound_rate
    from with_inclusivity

),

-- bands printed as whole percentages (76-90, 91-100) mean "up to the next band":
-- 90,5 % is in 76-90, not in a gap between 90 and 91
widened as (

    select
        *,
        coalesce(
            printed_upper_is_inclusive
            and printed_upper_bound_rate * 100 = round(printed_upper_bound_rate * 100)
            and round((next_lower_bound_rate - printed_upper_bound_rate) * 100, 6) = 1,
            false
        ) as is_widened_to_next_band
    from with_next_band

),

final as (

    select
        agency_id,
        fiscal_year,
        scale_measure,
        band_no,
        category_name,
        band_text,
        lower_bound_rate,
        lower_is_inclusive,
        case when is_widened_to_next_band then next_lower_bound_rate
            else printed_upper_bound_rate end as upper_bound_rate,
        printed_upper_is_inclusive and not is_widened_to_next_band as upper_is_inclusive,
        printed_upper_bound_rate,
        is_widened_to_next_band,
        next_lower_bound_rate

    from widened

)

select * from final
