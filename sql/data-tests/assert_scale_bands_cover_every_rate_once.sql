-- Every achievement rate from -50 % to 400 % (in steps of 0,01 percentage point, plus
-- every bound itself) falls in exactly one range band of every scale: no gaps such as
-- 74-75, no overlaps at a shared bound. Returns the offending (scale, rate) pairs.
with

scales as (

    select * from {{ ref('achievement_scales') }}

),

range_bands as (

    select * from scales where band_kind = 'range'

),

probe_rates as (

    select cast(step as decimal(9, 4)) / 10000 as rate
    from range(-5000, 40001) as steps(step)

    union

    select lower_bound_rate from range_bands where lower_bound_rate is not null

    union

    select upper_bound_rate from range_bands where upper_bound_rate is not null

),

matches as (

    select
        scale_ids.scale_id,
        probe_rates.rate,
        count(range_bands.category_name) as band_count

    from (select distinct scale_id from scales) as scale_ids
    cross join probe_rates
    left join range_bands
        on scale_ids.scale_id = range_bands.scale_id
        and {{ in_band('probe_rates.rate', 'range_bands') }}
    group by all

)

select * from matches where band_count <> 1
