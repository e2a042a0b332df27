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
        avg(achievement_rate) filter (where achievement_status = 'computed')
            as achievement_rate,
        {{ aggregate_achievement_status('achievement_status') }} as achievement_status,
        list_sort(list_distinct(flatten(list(program_codes)))) as program_codes

    from indicators
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
        funding.budget_idr,
        funding.realized_idr,
        coalesce(funding.unbudgeted_program_codes, []) as unbudgeted_program_codes

    from indicators_averaged_to_objective as objectives
    left join funding_summed_to_objective as funding
        on objectives.fiscal_year = funding.fiscal_year
        and objectives.agency_id = funding.agency_id
        and objectives.objective_no = funding.objective_no

)

select * from final
