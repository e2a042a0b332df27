{#- The number a part of a composite target starts with, Indonesian notation
    ('50.000 lembar' → 50000, '6,5 ton' → 6.5); null when it starts with none. -#}
{% macro leading_number(part) -%}
    try_cast(replace(replace(
        regexp_extract({{ part }}, '^(-?[0-9][0-9.]*(,[0-9]+)?)', 1), '.', ''), ',', '.')
        as double)
{%- endmacro %}

{#- The unit after a part's number, lower case ('50.000 Lembar' → 'lembar'). -#}
{% macro trailing_unit(part) -%}
    lower(trim(regexp_replace({{ part }}, '^-?[0-9][0-9.]*(,[0-9]+)?\s*', '')))
{%- endmacro %}
