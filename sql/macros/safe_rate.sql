{#- numerator / denominator as a double, null when the denominator is 0 or null. -#}
{% macro safe_rate(numerator, denominator) -%}
    case
        when {{ denominator }} is null or {{ denominator }} = 0 then null
        else cast({{ numerator }} as double) / cast({{ denominator }} as double)
    end
{%- endmacro %}
