with

scales as (

    select * from {{ ref('achievement_scales') }}

),

assignments as (

    {{ region_settings('achievement_scale_assignments') }}

),

bands_assigned_to_regions as (

    select
        assignments.region_code,
        assignments.first_year,
        assignments.last_year,
        scales.scale_id,
        assignments.setting_scope as scale_scope,
        scales.band_order,
        scales.category_name,
        scales.band_kind,
        scales.lower_bound_rate,
        scales.lower_is_inclusive,
        scales.upper_bound_rate,
        scales.upper_is_inclusive

    from assignments
    inner join scales on assignments.scale_id = scales.scale_id

)

select * from bands_assigned_to_regions
