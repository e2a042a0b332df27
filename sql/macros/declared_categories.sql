{#- The categories the agency's own declared scale (its report's Tabel 3.1) gives each
    rate of `relation`, as a relation (agency_id, fiscal_year, rate,
    declared_categories) to join on all three (the rate `is not distinct from`).
    `measure` is the scale's: achievement (capaian) or absorption (serapan).
    declared_categories lists the names as printed, best band first; empty when the
    rate falls in a gap of the declared scale (or is null), null when the report declares
    no such scale. A join, not a scalar subquery per row, so DuckDB plans a hash join at
    national size. -#}
{% macro declared_categories(relation, rate, measure='achievement') -%}
    select
        rated.agency_id,
        rated.fiscal_year,
        rated.rate,
        case
            when count(band.band_no) = 0 then null
            -- sorted after aggregating: an ordered aggregate sorts each group's input
            else list_transform(
                list_sort(coalesce(
                    list(cast(
                        row(band.band_no, trim(band.category_name))
                        as struct(band_no integer, category varchar)
                    )) filter (where {{ in_band('rated.rate', 'band') }}),
                    []
                )),
                band -> band.category
            )
        end as declared_categories
    from (select distinct agency_id, fiscal_year, {{ rate }} as rate from {{ relation }}) as rated
    left join {{ ref('int_declared_scale_bands') }} as band
        on band.agency_id = rated.agency_id
        and band.fiscal_year = rated.fiscal_year
        and band.scale_measure = '{{ measure }}'
    group by all
{%- endmacro %}

{#- Whether `label` (as printed) is one of `categories` (a list), case and spaces aside. -#}
{% macro is_one_of_categories(label, categories) -%}
    list_contains(list_transform({{ categories }}, category -> lower(category)),
                  lower(trim({{ label }})))
{%- endmacro %}

{#- The categories a printed label may be for `rate`: those of the report's declared
    scale (`declared`, a list from declared_categories), else the one the region's
    assigned scale gives. With expected_scale_name, what every label check compares. -#}
{% macro expected_categories(declared, rate, region_code, fiscal_year) -%}
    coalesce(
        {{ declared }},
        [{{ achievement_category(rate, "'computed'", region_code, fiscal_year) }}]
    )
{%- endmacro %}

{#- Which scale expected_categories took: 'declared scale', else the assigned scale's id. -#}
{% macro expected_scale_name(declared, assigned_scale_id) -%}
    case when {{ declared }} is not null then 'declared scale' else {{ assigned_scale_id }} end
{%- endmacro %}

{#- A list of categories as one text ('Baik / Cukup'); 'no category' when empty. -#}
{% macro categories_text(categories) -%}
    coalesce(array_to_string(list_filter({{ categories }}, c -> c is not null), ' / '),
             'no category')
{%- endmacro %}
