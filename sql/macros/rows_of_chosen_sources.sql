{#- the rows of `relation` from the delivery chosen for their agency-year's budget -#}
{% macro rows_of_chosen_sources(relation) %}
    select lines.*
    from {{ relation }} as lines
    semi join {{ ref('int_budget_sources_chosen') }} as chosen
        on lines.agency_id = chosen.agency_id
        and lines.fiscal_year = chosen.fiscal_year
        and lines.delivery_key = chosen.delivery_key
{% endmacro %}
