{#- True when rate lies in the band whose bounds are columns of `band`
    (null lower = minus infinity, null upper = plus infinity; inclusivity per bound). -#}
{% macro in_band(rate, band) -%}
    (
        ({{ band }}.lower_bound_rate is null
            or {{ rate }} > {{ band }}.lower_bound_rate
            or ({{ band }}.lower_is_inclusive and {{ rate }} = {{ band }}.lower_bound_rate))
        and ({{ band }}.upper_bound_rate is null
            or {{ rate }} < {{ band }}.upper_bound_rate
            or ({{ band }}.upper_is_inclusive and {{ rate }} = {{ band }}.upper_bound_rate))
    )
{%- endmacro %}
