-- Every figure a report states about the agency, a sasaran or a program (executive
-- summary, tables, narrative) against the figure recomputed from the detail. Amounts and
-- counts must agree to the rupiah; percentages within the precision printed; categories
-- must be what the report's own declared scale gives the recomputed achievement
-- (without one, the scale assigned to the region).
with

reported_totals as (

    select * from {{ ref('stg_raw__reported_totals') }}

),

agency_years as (

    select * from {{ ref('agency_years') }}

),

objectives as (

    select * from {{ ref('objective_achievements') }}

),

recomputed_agency as (

    select
        agency_years.fiscal_year,
        agency_years.agency_id,
        'agency' as reported_scope,
        measures.measure,
        case measures.measure
            when 'budget_idr' then agency_years.budget_idr
            when 'realized_idr' then agency_years.realized_idr
            when 'savings_idr' then agency_years.savings_idr
            when 'unspent_idr' then agency_years.savings_idr
            when 'absorption_percent' then agency_years.absorption_rate * 100
            when 'savings_percent' then agency_years.savings_rate * 100
            when 'achievement_percent' then agency_years.achievement_rate * 100
            when 'program_count' then agency_years.program_count
            when 'activity_count' then agency_years.activity_count
            when 'sub_activity_count' then agency_years.sub_activity_count
        end as recomputed_value,
        agency_years.achievement_rate
    from agency_years
    cross join (
        values ('budget_idr'), ('realized_idr'), ('savings_idr'), ('unspent_idr'),
        ('absorption_percent'), ('savings_percent'), ('achievement_percent'),
        ('program_count'), ('activity_count'), ('sub_activity_count'), ('category')
    ) as measures (measure)

),

recomputed_objective as (

    select
        objectives.fiscal_year,
        objectives.agency_id,
        'objective' as reported_scope,
        cast(objectives.objective_no as varchar) as scope_key,
        measures.measure,
        case
            when measures.measure = 'achievement_percent'
                then objectives.achievement_rate * 100
            -- money the summary alone states is not verified by itself
            when objectives.budget_basis = 'stated_summary' then null
            when measures.measure = 'budget_idr' then objectives.budget_idr
            when measures.measure = 'realized_idr' then objectives.realized_idr
            when measures.measure = 'savings_idr' then objectives.savings_idr
            when measures.measure = 'absorption_percent' then objectives.absorption_rate * 100
            when measures.measure = 'savings_percent' then objectives.savings_rate * 100
        end as recomputed_value,
        objectives.achievement_rate
    from objectives
    cross join (
        values ('budget_idr'), ('realized_idr'), ('savings_idr'), ('absorption_percent'),
        ('savings_percent'), ('achievement_percent'), ('category')
    ) as measures (measure)

),

-- only the programs a summary states: a national build holds millions of program lines
stated_programs as (

    select distinct fiscal_year, agency_id, trim(reported_scope_key) as program_code
    from reported_totals
    where reported_scope = 'program'

),

recomputed_program as (

    select
        programs.fiscal_year,
        programs.agency_id,
        'program' as reported_scope,
        programs.budget_code as scope_key,
        measures.measure,
        case measures.measure
            when 'budget_idr' then programs.budget_idr
            when 'realized_idr' then programs.realized_idr
            when 'savings_idr' then programs.savings_idr
            when 'absorption_percent' then programs.absorption_rate * 100
            when 'savings_percent' then programs.savings_rate * 100
        end as recomputed_value
    from {{ ref('int_budget_lines_measured') }} as programs
    inner join stated_programs
        on programs.fiscal_year = stated_programs.fiscal_year
        and programs.agency_id = stated_programs.agency_id
        and programs.budget_code = stated_programs.program_code
    cross join (
        values ('budget_idr'), ('realized_idr'), ('savings_idr'), ('absorption_percent'),
        ('savings_percent')
    ) as measures (measure)
    where programs.budget_level = 'program'

),

joined as (

    select
        reported.*,
        coalesce(agency.recomputed_value, objective.recomputed_value, program.recomputed_value)
            as recomputed_value,
        coalesce(agency.achievement_rate, objective.achievement_rate) as achievement_rate

    -- equalities only, so both joins are hash joins (a constant in a left join's
    -- condition made DuckDB plan a nested loop, unfinished after minutes at 100 regencies)
    from reported_totals as reported
    left join recomputed_agency as agency
        on reported.reported_scope = agency.reported_scope
        and reported.fiscal_year = agency.fiscal_year
        and reported.agency_id = agency.agency_id
        and reported.reported_measure = agency.measure
    left join recomputed_objective as objective
        on reported.reported_scope = objective.reported_scope
        and reported.fiscal_year = objective.fiscal_year
        and reported.agency_id = objective.agency_id
        and trim(reported.reported_scope_key) = objective.scope_key
        and reported.reported_measure = objective.measure
    left join recomputed_program as program
        on reported.reported_scope = program.reported_scope
        and reported.fiscal_year = program.fiscal_year
        and reported.agency_id = program.agency_id
        and trim(reported.reported_scope_key) = program.scope_key
        and reported.reported_measure = program.measure

),

declared as (

    {{ declared_categories('joined', 'achievement_rate') }}

),

agencies as (

    select agency_id, region_code from {{ ref('stg_raw__agencies') }}

),

assigned_scales as (

    {{ region_settings('achievement_scale_assignments') }}

),

categorized as (

    select
        joined.*,
        {{ expected_categories('declared.declared_categories', 'joined.achievement_rate',
                               'agencies.region_code', 'joined.fiscal_year') }}
            as expected_categories,
        {{ expected_scale_name('declared.declared_categories', 'assigned_scales.scale_id') }}
            as scale_name
    from joined
    left join declared
        on joined.agency_id = declared.agency_id
        and joined.fiscal_year = declared.fiscal_year
        and joined.achievement_rate is not distinct from declared.rate
    left join agencies on joined.agency_id = agencies.agency_id
    left join assigned_scales
        on agencies.region_code = assigned_scales.region_code
        and joined.fiscal_year between assigned_scales.first_year and assigned_scales.last_year

),

compared as (

    select
        *,
        case
            when reported_measure = 'category'
                then case
                    when {{ is_one_of_categories('reported_value_text', 'expected_categories') }}
                        then 0.0
                    else 1.0
                end
            when reported_measure like '%_percent'
                then abs(reported_value - recomputed_value)
                    - {{ printed_tolerance('reported_value_decimals') }}
            else abs(reported_value - recomputed_value)
        end as excess_difference

    from categorized
    where
        (reported_measure = 'category' and achievement_rate is not null)
        or (reported_measure <> 'category' and recomputed_value is not null
            and reported_value is not null)

),

final as (

    select
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        reported_scope
            || coalesce(' ' || reported_scope_key, '') || ' ' || reported_measure
            || ' (' || coalesce(report_section, 'no section') || ')' as object_key,
        reported_value_text as reported_text,
        case
            when reported_measure = 'category'
                then {{ categories_text('expected_categories') }}
                    || ' (' || scale_name || ', capaian '
                    || replace(format('{:.2f}', achievement_rate * 100), '.', ',') || ' %)'
            when reported_measure like '%_percent'
                then replace(format('{:.2f}', recomputed_value), '.', ',') || ' %'
            when reported_measure like '%_count'
                then cast(cast(recomputed_value as bigint) as varchar)
            else 'Rp ' || replace(format('{:,.0f}', recomputed_value), ',', '.')
        end as recomputed_text,
        excess_difference

    from compared

)

select * from final
