{#- The categories the agency's own declared scale (its report's Tabel 3.1) gives a
    rate, as a list (empty when the rate falls in a gap of the declared scale, null when
    the report declares no scale). Pass qualified column names. -#}
{% macro declared_categories(rate, agency_id, fiscal_year) -%}
    (
        select list(lower(trim(band.category_name)) order by band.band_no)
        from {{ ref('int_declared_scale_bands') }} as band
        where
            band.agency_id = {{ agency_id }}
            and band.fiscal_year = {{ fiscal_year }}
            and {{ in_band(rate, 'band') }}
    )
{%- endmacro %}
