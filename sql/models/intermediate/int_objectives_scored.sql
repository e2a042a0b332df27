with

indicators as (

    select * from {{ ref('int_indicators_scored') }}

),

program_lines as (

    select
        fiscal_year,
        agency_id,
        budget_code as program_code,
        budget_idr,
        realized_idr
    from {{ ref('int_budget_lines_measured') }}
    where budget_level = 'program'

),

-- money a report gives per sasaran: a sasaran line of the budget table, else the
-- summary's stated anggaran and realisasi of that sasaran
objective_lines as (

    select fiscal_year, agency_id, objective_no, budget_idr, realized_idr
    from {{ ref('int_budget_lines_measured') }}
    where budget_level = 'objective'

),

stated_objective_money as (

    select
        fiscal_year,
        agency_id,
        try_cast(reported_scope_key as integer) as objective_no,
        max(reported_value) filter (where reported_measure = 'budget_idr') as budget_idr,
        max(reported_value) filter (where reported_measure = 'realized_idr') as realized_idr
    from {{ ref('stg_raw__reported_totals') }}
    where reported_scope = 'objective' and reported_measure in ('budget_idr', 'realized_idr')
    group by all
    having count(*) filter (where reported_measure = 'budget_idr') > 0

),

thresholds as (

    {{ region_settings('efficiency_thresholds') }}

),

-- a region may cap each indicator's achievement when averaging (achievement_cap_rate)
indicators_capped as (

    select
        indicators.*,
        least(indicators.achievement_rate,
              coalesce(thresholds.achievement_cap_rate, indicators.achievement_rate))
            as averaged_achievement_rate
    from indicators
    left join thresholds
        on indicators.region_code = thresholds.region_code
        and indicators.fiscal_year between thresholds.first_year and thresholds.last_year

),

indicators_averaged_to_objective as (

    select
        fiscal_year,
        agency_id,
        objective_no,
        any_value(region_code) as region_code,
        min(objective_name) as objective_name,
        count(distinct objective_name) as objective_name_variants,
        count(*) as indicator_count,
        count(*) filter (where achievement_status = 'computed') as computed_indicator_count,
        avg(averaged_achievement_rate) filter (where achievement_status = 'computed')
            as achievement_rate,
        {{ aggregate_achievement_status('achievement_status') }} as achievement_status,
        list_sort(list_distinct(flatten(list(program_codes)))) as program_codes

    from indicators_capped
    group by fiscal_year, agency_id, objective_no

),

objective_programs as (

    select
        fiscal_year,
        agency_id,
        objective_no,
        unnest(program_codes) as program_code
    from indicators_averaged_to_objective

),

funding_summed_to_objective as (

    select
        objective_programs.fiscal_year,
        objective_programs.agency_id,
        objective_programs.objective_no,
        sum(program_lines.budget_idr) as budget_idr,
        sum(program_lines.realized_idr) as realized_idr,
        list_sort(list(objective_programs.program_code)
            filter (where program_lines.program_code is null)) as unbudgeted_program_codes

    from objective_programs
    left join program_lines
        on objective_programs.fiscal_year = program_lines.fiscal_year
        and objective_programs.agency_id = program_lines.agency_id
        and objective_programs.program_code = program_lines.program_code
    group by all

),

final as (

    select
        objectives.*,
        case
            when funding.budget_idr is not null then 'programs'
            when objective_lines.budget_idr is not null then 'sasaran_line'
            when stated.budget_idr is not null then 'stated_summary'
        end as budget_basis,
        coalesce(funding.budget_idr, objective_lines.budget_idr, stated.budget_idr)
            as budget_idr,
        case
            when funding.budget_idr is not null then funding.realized_idr
            when objective_lines.budget_idr is not null then objective_lines.realized_idr
            else stated.realized_idr
        end as realized_idr,
        coalesce(funding.unbudgeted_program_codes, []) as unbudgeted_program_codes

    from indicators_averaged_to_objective as objectives
    left join funding_summed_to_objective as funding
        on objectives.fiscal_year = funding.fiscal_year
        and objectives.agency_id = funding.agency_id
        and objectives.objective_no = funding.objective_no
    left join objective_lines
        on objectives.fiscal_year = objective_lines.fiscal_year
        and objectives.agency_id = objective_lines.agency_id
        and objectives.objective_no = objective_lines.objective_no
    left join stated_objective_money as stated
        on objectives.fiscal_year = stated.fiscal_year
        and objectives.agency_id = stated.agency_id
        and objectives.objective_no = stated.objective_no

)

select * from final
