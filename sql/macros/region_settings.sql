{#
    The rows of a per-region seed (efficiency_thresholds, achievement_scale_assignments,
    strategic_plan_periods, budget_sources) for every region that has agencies, with
    region_code set to that region. A seed row may name a regency (16.06), a whole province (16) or the whole
    country (*): the most specific rows a region has apply to it (national rows are the
    default, e.g. the Permendagri 86/2017 scale).
#}
{% macro region_settings(seed_name) %}
    {%- set columns = {
        'efficiency_thresholds': [
            'first_year', 'last_year', 'target_met_min_achievement_rate',
            'money_spent_min_absorption_rate', 'achievement_outlier_rate',
            'achievement_cap_rate'],
        'achievement_scale_assignments': ['first_year', 'last_year', 'scale_id'],
        'strategic_plan_periods': ['first_year', 'last_year', 'period_name'],
        'budget_sources': ['first_year', 'last_year', 'budget_source_precedence'],
    }[seed_name] -%}
    select
        regions.region_code,
        {%- for column in columns %}
        settings.{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from (select distinct region_code from {{ ref('stg_raw__agencies') }}) as regions
    inner join {{ ref(seed_name) }} as settings
        on settings.region_code = regions.region_code
        or settings.region_code = split_part(regions.region_code, '.', 1)
        or settings.region_code = '*'
    qualify rank() over (
        partition by regions.region_code order by length(settings.region_code) desc
    ) = 1
{% endmacro %}
