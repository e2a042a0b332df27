{%- set method = var('lower_is_better_method') -%}
{%- if method not in ('two_t_minus_r', 't_over_r') -%}
    {{ exceptions.raise_compiler_error(
        "var lower_is_better_method must be two_t_minus_r or t_over_r, got " ~ method) }}
{%- endif -%}

with

indicators as (

    select * from {{ ref('int_indicators_realized') }}

),

agencies as (

    select agency_id, region_code from {{ ref('stg_raw__agencies') }}

),

statused as (

    select
        indicators.*,
        agencies.region_code,
        case
            when indicators.target_status in ('blank', 'not_available') then 'no_target'
            when indicators.composite_parts_match then 'computed'
            when indicators.target_status = 'text' then 'not_computable'
            when indicators.realized_status <> 'number' then 'not_computable'
            when indicators.target_value = 0 and indicators.realized_value = 0 then 'computed'
            when indicators.target_value = 0 then 'not_computable'
            {%- if method == 't_over_r' %}
            when indicators.polarity = 'lower_is_better' and indicators.realized_value = 0
                then 'not_computable'
            {%- endif %}
            else 'computed'
        end as achievement_status,
        case
            when indicators.target_status in ('blank', 'not_available')
                then 'no target set (' || coalesce(indicators.target_text, 'empty') || ')'
            when indicators.composite_parts_match then null
            when indicators.is_composite_target and not indicators.composite_parts_match
                then 'composite target whose parts the realisation does not match part by '
                    || 'part (same units, in the same order): ' || indicators.target_text
                    || ' vs ' || coalesce(indicators.realized_text, 'empty')
            when indicators.target_status = 'text'
                then 'target is not a single number: ' || indicators.target_text
            when indicators.realized_status = 'blank' and indicators.period_count > 0
                and indicators.aggregation_method is null
                then 'realisasi per periode given, but no cara_agregasi says how to add them up'
            when indicators.realized_status = 'blank' and indicators.period_count > 0
                then 'realisasi per periode cannot be added up (' || indicators.periods_text
                    || ')'
            when indicators.realized_status in ('blank', 'not_available')
                then 'realisation not available ('
                    || coalesce(indicators.realized_text, 'empty') || ')'
            when indicators.realized_status = 'text'
                then 'realisation is not a single number: ' || indicators.realized_text
            when indicators.target_value = 0 and indicators.realized_value <> 0
                then 'target is 0, realisation is not'
            {%- if method == 't_over_r' %}
            when indicators.polarity = 'lower_is_better' and indicators.realized_value = 0
                then 'realisation is 0: T/R is undefined'
            {%- endif %}
        end as not_computable_reason

    from indicators
    left join agencies on indicators.agency_id = agencies.agency_id

),

scored as (

    select
        *,
        case
            when achievement_status <> 'computed' then null
            when composite_parts_match then 'composite_mean'
            when target_value = 0 then 'zero_target_zero_realized'
            when polarity = 'higher_is_better' then 'higher_is_better_ratio'
            else 'lower_is_better_{{ method }}'
        end as achievement_method,
        case
            when achievement_status <> 'computed' then null
            -- a composite target: the mean of its parts' achievements
            when composite_parts_match then list_avg(list_transform(
                list_zip(target_numbers, realized_numbers),
                pair -> {{ achievement_formula('pair[1]', 'pair[2]', 'polarity') }}
            ))
            when target_value = 0 then 1.0
            else {{ achievement_formula('target_value', 'realized_value', 'polarity') }}
        end as achievement_rate

    from statused

),

categorized as (

    select
        *,
        {{ achievement_category('scored.achievement_rate', 'scored.achievement_status',
                                'scored.region_code', 'scored.fiscal_year') }} as category_name

    from scored

)

select * from categorized
