-- Every figure a report prints that no other check compares with a recomputed one, with
-- why it cannot be verified: nothing printed is left unchecked without a word.
with

budget_lines as (

    select * from {{ ref('int_budget_lines_measured') }}

),

indicators as (

    select * from {{ ref('int_indicators_scored') }}

),

reported_totals as (

    select * from {{ ref('stg_raw__reported_totals') }}

),

prior_years_compared as (

    select fiscal_year, agency_id, source_file, source_row
    from {{ ref('dq_prior_year_achievement') }}

),

totals_compared as (

    select fiscal_year, agency_id, source_file, source_row
    from {{ ref('dq_reported_totals') }}

),

agency_years as (

    select agency_id, fiscal_year, budget_basis, achievement_status
    from {{ ref('agency_years') }}

),

objectives as (

    select agency_id, fiscal_year, objective_no, budget_basis, achievement_status
    from {{ ref('objective_achievements') }}

),

-- the programs the summaries name, as far as anggaran has them
program_lines as (

    select distinct budget_lines.agency_id, budget_lines.fiscal_year,
        budget_lines.budget_code as program_code
    from budget_lines
    inner join reported_totals
        on budget_lines.agency_id = reported_totals.agency_id
        and budget_lines.fiscal_year = reported_totals.fiscal_year
        and budget_lines.budget_code = trim(reported_totals.reported_scope_key)
    where budget_lines.budget_level = 'program'
        and reported_totals.reported_scope = 'program'

),

line_absorption as (

    select
        fiscal_year, agency_id, source_file, source_sheet, source_row,
        'persen realisasi ' || budget_level || ' ' || budget_line_label as object_key,
        'persen_dilaporkan' as statement,
        'anggaran is 0: there is nothing to divide by' as reason
    from budget_lines
    where reported_absorption_rate is not null and absorption_rate is null

),

indicator_achievement as (

    select
        fiscal_year, agency_id, source_file, source_sheet, source_row,
        'capaian sasaran ' || objective_no || ' indikator ' || indicator_no as object_key,
        'capaian_dilaporkan' as statement,
        coalesce(not_computable_reason, 'capaian cannot be computed') as reason
    from indicators
    where reported_achievement_rate is not null and achievement_status <> 'computed'

),

indicator_category as (

    select
        fiscal_year, agency_id, source_file, source_sheet, source_row,
        'kategori sasaran ' || objective_no || ' indikator ' || indicator_no as object_key,
        'kategori_dilaporkan' as statement,
        'no capaian printed or computable to categorise ('
            || coalesce(not_computable_reason, 'no target') || ')' as reason
    from indicators
    where reported_category is not null
        and coalesce(reported_achievement_rate, achievement_rate) is null

),

prior_year_achievement as (

    select
        indicators.fiscal_year, indicators.agency_id, indicators.source_file,
        indicators.source_sheet, indicators.source_row,
        'capaian tahun lalu sasaran ' || indicators.objective_no || ' indikator '
            || indicators.indicator_no as object_key,
        'capaian_tahun_lalu' as statement,
        'the warehouse holds no capaian of this indicator for ' || (indicators.fiscal_year - 1)
            as reason
    from indicators
    left join prior_years_compared as compared
        on indicators.fiscal_year = compared.fiscal_year
        and indicators.agency_id = compared.agency_id
        and indicators.source_file = compared.source_file
        and indicators.source_row = compared.source_row
    where indicators.reported_prior_year_achievement_rate is not null
        and compared.source_row is null

),

strategic_plan_achievement as (

    select
        fiscal_year, agency_id, source_file, source_sheet, source_row,
        'capaian terhadap target akhir Renstra sasaran ' || objective_no || ' indikator '
            || indicator_no as object_key,
        'capaian_renstra' as statement,
        case
            when strategic_plan_target_status <> 'number'
                then 'target akhir Renstra is not a single number ('
                    || coalesce(strategic_plan_target_text, 'empty') || ')'
            else 'realisasi is not a single number ('
                || coalesce(realized_text, 'empty') || ')'
        end as reason
    from indicators
    where reported_strategic_plan_achievement_rate is not null
        and (strategic_plan_target_status <> 'number' or realized_status <> 'number')

),

period_realisation as (

    select
        fiscal_year, agency_id, source_file, source_sheet, source_row,
        'realisasi sasaran ' || objective_no || ' indikator ' || indicator_no as object_key,
        'realisasi_periode' as statement,
        case
            when aggregation_method is null
                then 'realisasi per periode given without cara_agregasi to add them up'
            else 'realisasi per periode cannot be added up (' || periods_text || ')'
        end as reason
    from indicators
    where reported_realized_status = 'number'
        and period_count > 0
        and not (periods_are_aggregable and period_realized_value is not null)

),

summary_figures as (

    select
        reported.fiscal_year, reported.agency_id, reported.source_file,
        reported.source_sheet, reported.source_row,
        reported.reported_scope || coalesce(' ' || reported.reported_scope_key, '') || ' '
            || reported.reported_measure || ' ('
            || coalesce(reported.report_section, 'no section') || ')' as object_key,
        'ringkasan' as statement,
        case
            when reported.reported_measure = 'physical_progress_percent'
                then 'physical progress is only ever as reported'
            when reported.reported_value is null and reported.reported_measure <> 'category'
                then 'the value is not a figure: ' || coalesce(reported.reported_value_text, '-')
            when reported.reported_scope = 'program' and program_lines.program_code is null
                then 'program ' || coalesce(reported.reported_scope_key, '?')
                    || ' is not in anggaran'
            when reported.reported_scope = 'objective' and objectives.objective_no is null
                then 'sasaran ' || coalesce(reported.reported_scope_key, '?')
                    || ' is not in kinerja'
            when reported.reported_scope = 'objective'
                and objectives.budget_basis = 'stated_summary'
                then 'the money of sasaran ' || reported.reported_scope_key
                    || ' is given only here (no program or sasaran line to recompute it from)'
            when reported.reported_scope = 'objective' and objectives.budget_basis is null
                then 'no program or sasaran line gives the money of sasaran '
                    || reported.reported_scope_key
            when reported.reported_scope = 'agency' and agency_years.budget_basis is null
                then 'no budget line was delivered'
            when reported.reported_measure in ('achievement_percent', 'category')
                then 'no indicator has a computable capaian'
            else 'nothing delivered to recompute it from'
        end as reason
    from reported_totals as reported
    left join totals_compared as compared
        on reported.fiscal_year = compared.fiscal_year
        and reported.agency_id = compared.agency_id
        and reported.source_file = compared.source_file
        and reported.source_row = compared.source_row
    left join program_lines
        on reported.agency_id = program_lines.agency_id
        and reported.fiscal_year = program_lines.fiscal_year
        and trim(reported.reported_scope_key) = program_lines.program_code
    left join objectives
        on reported.agency_id = objectives.agency_id
        and reported.fiscal_year = objectives.fiscal_year
        and trim(reported.reported_scope_key) = cast(objectives.objective_no as varchar)
    left join agency_years
        on reported.agency_id = agency_years.agency_id
        and reported.fiscal_year = agency_years.fiscal_year
    where compared.source_row is null

),

unioned as (

    select * from line_absorption
    union all
    select * from indicator_achievement
    union all
    select * from indicator_category
    union all
    select * from prior_year_achievement
    union all
    select * from strategic_plan_achievement
    union all
    select * from period_realisation
    union all
    select * from summary_figures

),

final as (

    select
        *,
        false as is_verified

    from unioned

)

select * from final
