{#- Half a unit of the last printed decimal (as a percentage): 90,04 agrees with
    90,035-90,045; 109 with 108,5-109,5. A small epsilon absorbs float noise. -#}
{% macro printed_tolerance(decimals) -%}
    (0.5 * power(10, -coalesce({{ decimals }}, 0)) + 1e-9)
{%- endmacro %}
