{#
    The rows of a per-region seed (efficiency_thresholds, achievement_scale_assignments,
    strategic_plan_periods, budget_sources) for every region that has agencies, with
    region_code set to that region. A seed row may name a regency (16.06), a whole
    province (16) or the whole country (*): for each year, the most specific row that
    covers it applies (national rows are the default, e.g. the Permendagri 86/2017
    scale, also for the years before a region's own rows begin). Consecutive years under
    the same row come back as one row with their first_year and last_year, and
    setting_scope says which row it was: regency, province or national (the default).
#}
{% macro region_settings(seed_name) %}
    {%- set columns = {
        'efficiency_thresholds': [
            'target_met_min_achievement_rate',
            'money_spent_min_absorption_rate', 'achievement_outlier_rate',
            'achievement_cap_rate'],
        'achievement_scale_assignments': ['scale_id'],
        'strategic_plan_periods': ['period_name'],
        'budget_sources': ['budget_source_precedence'],
    }[seed_name] -%}
    select
        region_code,
        min(fiscal_year) as first_year,
        max(fiscal_year) as last_year,
        any_value(setting_scope) as setting_scope,
        {%- for column in columns %}
        any_value({{ column }}) as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from (
        select
            *,
            fiscal_year - row_number() over (
                partition by region_code, setting_row order by fiscal_year
            ) as run_of_years
        from (
            select
                regions.region_code,
                years.fiscal_year,
                settings.first_year || '/' || settings.region_code as setting_row,
                case
                    when settings.region_code = '*' then 'national'
                    when settings.region_code not like '%.%' then 'province'
                    else 'regency'
                end as setting_scope,
                {%- for column in columns %}
                settings.{{ column }}{{ "," if not loop.last }}
                {%- endfor %}
            from (select distinct region_code from {{ ref('stg_raw__agencies') }}) as regions
            inner join {{ ref(seed_name) }} as settings
                on settings.region_code = regions.region_code
                or settings.region_code = split_part(regions.region_code, '.', 1)
                or settings.region_code = '*'
            cross join lateral (
                select unnest(range(settings.first_year, settings.last_year + 1)) as fiscal_year
            ) as years
            qualify rank() over (
                partition by regions.region_code, years.fiscal_year
                order by length(settings.region_code) desc
            ) = 1
        )
    )
    group by region_code, setting_row, run_of_years
{% endmacro %}
