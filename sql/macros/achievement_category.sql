{#- The category a rate (or a status) falls in, by the scale assigned to the region and
    year. A scalar subquery: DuckDB raises if a band table ever yields two categories.
    Pass qualified column names (`scored.region_code`): inside the subquery an
    unqualified name would resolve to the band table's own column. -#}
{% macro achievement_category(rate, status, region_code, fiscal_year) -%}
    (
        select band.category_name
        from {{ ref('int_achievement_bands') }} as band
        where
            band.region_code = {{ region_code }}
            and {{ fiscal_year }} between band.first_year and band.last_year
            and (
                (band.band_kind = 'range' and {{ status }} = 'computed'
                    and {{ in_band(rate, 'band') }})
                or band.band_kind = {{ status }}
            )
    )
{%- endmacro %}
