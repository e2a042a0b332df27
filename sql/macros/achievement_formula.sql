{#- Achievement (capaian) of a realisation against a target, by polarity:
    higher is better R/T; lower is better (2T - R)/T floored at 0 (KemenPANRB, default)
    or T/R, as var lower_is_better_method says. Null when the divisor is 0. -#}
{% macro achievement_formula(target, realized, polarity) -%}
    {%- set method = var('lower_is_better_method') -%}
    case
        when {{ polarity }} = 'higher_is_better' then {{ safe_rate(realized, target) }}
        {%- if method == 'two_t_minus_r' %}
        else greatest({{ safe_rate('2 * ' ~ target ~ ' - ' ~ realized, target) }}, 0)
        {%- else %}
        else {{ safe_rate(target, realized) }}
        {%- endif %}
    end
{%- endmacro %}

{#- One status for a group of achievements: computed if any is, no_target if none has a
    target, else not_computable. -#}
{% macro aggregate_achievement_status(status) -%}
    case
        when bool_or({{ status }} = 'computed') then 'computed'
        when bool_and({{ status }} = 'no_target') then 'no_target'
        else 'not_computable'
    end
{%- endmacro %}
