{#
    Whether a row's figures come from a finance export whose realisation ends before
    the fiscal year does (a June snapshot): such figures never stand for the year
    while a full-year source exists, and are compared on anggaran only. An export
    whose period is unknown counts as covering the year.
#}
{% macro is_partial_year(budget_source, reported_through, fiscal_year) %}
    coalesce({{ budget_source }} = 'finance_export'
        and {{ reported_through }} < make_date(cast({{ fiscal_year }} as integer), 12, 31), false)
{% endmacro %}
