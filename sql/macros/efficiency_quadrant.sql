{#- Capaian-vs-serapan quadrant: met/missed target × money spent/unspent. -#}
{% macro efficiency_quadrant(achievement_rate, absorption_rate, met_threshold, spent_threshold) -%}
    case
        when {{ achievement_rate }} is null or {{ absorption_rate }} is null then 'not_computable'
        when {{ achievement_rate }} >= {{ met_threshold }}
            and {{ absorption_rate }} < {{ spent_threshold }} then 'real_efficiency'
        when {{ achievement_rate }} >= {{ met_threshold }} then 'effective'
        when {{ absorption_rate }} < {{ spent_threshold }} then 'under_execution'
        else 'waste'
    end
{%- endmacro %}

{#- The Indonesian label the office sees for a quadrant id. -#}
{% macro quadrant_label(quadrant) -%}
    case {{ quadrant }}
        when 'real_efficiency' then 'Efisien (target tercapai, anggaran hemat)'
        when 'effective' then 'Efektif (target tercapai, anggaran terserap)'
        when 'under_execution' then 'Serapan rendah (target tidak tercapai, anggaran tersisa)'
        when 'waste' then 'Boros (target tidak tercapai, anggaran terserap)'
        else 'Tidak dapat dihitung'
    end
{%- endmacro %}
