{#- the rows of `relation` (the CTE named after its table: budget_lines or
    spending_lines) from the delivery chosen for that table of their agency-year -#}
{% macro rows_of_chosen_sources(relation) %}
    select lines.*
    from {{ relation }} as lines
    semi join {{ ref('int_budget_sources_chosen') }} as chosen
        on lines.agency_id = chosen.agency_id
        and lines.fiscal_year = chosen.fiscal_year
        and lines.delivery_key = chosen.delivery_key
        and chosen.source_table = '{{ relation }}'
{% endmacro %}
