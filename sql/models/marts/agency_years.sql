with

budget_lines as (

    select fiscal_year, agency_id, budget_level, budget_idr, realized_idr
    from {{ ref('int_budget_lines_measured') }}

),

objectives as (

    select
        fiscal_year,
        agency_id,
        achievement_rate,
        achievement_status,
        indicator_count,
        computed_indicator_count
    from {{ ref('int_objectives_scored') }}

),

agencies as (

    select * from {{ ref('int_agencies_resolved_to_lineage') }}

),

thresholds as (

    {{ region_settings('efficiency_thresholds') }}

),

scales as (

    select distinct region_code, first_year, last_year, scale_id, scale_scope
    from {{ ref('int_achievement_bands') }}

),

budget_summed_to_level as (

    select
        fiscal_year,
        agency_id,
        budget_level,
        -- a unit below the agency may deliver kegiatan or sub kegiatan only, a narrative
        -- report money per sasaran only: the highest level delivered gives the totals
        case budget_level
            when 'program' then 1 when 'activity' then 2 when 'sub_activity' then 3 else 4
        end as level_rank,
        count(*) as line_count,
        sum(budget_idr) as budget_idr,
        sum(realized_idr) as realized_idr
    from budget_lines
    group by all

),

budget_summed_to_agency_year as (

    select
        fiscal_year,
        agency_id,
        coalesce(sum(line_count) filter (where budget_level = 'program'), 0) as program_count,
        coalesce(sum(line_count) filter (where budget_level = 'activity'), 0) as activity_count,
        coalesce(sum(line_count) filter (where budget_level = 'sub_activity'), 0)
            as sub_activity_count,
        arg_min(budget_level, level_rank) as budget_basis,
        arg_min(budget_idr, level_rank) as budget_idr,
        arg_min(realized_idr, level_rank) as realized_idr
    from budget_summed_to_level
    group by fiscal_year, agency_id

),

objectives_averaged_to_agency_year as (

    select
        fiscal_year,
        agency_id,
        count(*) as objective_count,
        count(*) filter (where achievement_status = 'computed') as computed_objective_count,
        sum(indicator_count) as indicator_count,
        sum(computed_indicator_count) as computed_indicator_count,
        avg(achievement_rate) filter (where achievement_status = 'computed')
            as achievement_rate,
        {{ aggregate_achievement_status('achievement_status') }} as achievement_status
    from objectives
    group by fiscal_year, agency_id

),

agency_years_joined as (

    select
        coalesce(budget.fiscal_year, objectives.fiscal_year) as fiscal_year,
        coalesce(budget.agency_id, objectives.agency_id) as agency_id,
        coalesce(budget.program_count, 0) as program_count,
        coalesce(budget.activity_count, 0) as activity_count,
        coalesce(budget.sub_activity_count, 0) as sub_activity_count,
        budget.budget_basis,
        budget.budget_idr,
        budget.realized_idr,
        coalesce(objectives.objective_count, 0) as objective_count,
        coalesce(objectives.computed_objective_count, 0) as computed_objective_count,
        coalesce(objectives.indicator_count, 0) as indicator_count,
        coalesce(objectives.computed_indicator_count, 0) as computed_indicator_count,
        -- an indicator that could not be computed (text, no target) leaves the capaian
        -- an average of fewer indicators: said, and not ranked as if complete
        objectives.achievement_rate is not null
            and objectives.computed_indicator_count = objectives.indicator_count
            as is_achievement_complete,
        objectives.achievement_rate,
        coalesce(objectives.achievement_status, 'no_target') as achievement_status

    from budget_summed_to_agency_year as budget
    full outer join objectives_averaged_to_agency_year as objectives
        on budget.fiscal_year = objectives.fiscal_year
        and budget.agency_id = objectives.agency_id

),

measured as (

    select
        agency_years_joined.*,
        agencies.lineage_agency_id,
        agencies.lineage_agency_name,
        agencies.region_code,
        agencies.region_name,
        agencies.agency_name,
        agencies.short_name,
        agencies.agency_type,
        agencies.is_synthetic,
        agency_years_joined.budget_idr - agency_years_joined.realized_idr as savings_idr,
        {{ safe_rate('agency_years_joined.realized_idr', 'agency_years_joined.budget_idr') }}
            as absorption_rate,
        {{ safe_rate('agency_years_joined.budget_idr - agency_years_joined.realized_idr',
                     'agency_years_joined.budget_idr') }} as savings_rate,
        thresholds.target_met_min_achievement_rate,
        thresholds.money_spent_min_absorption_rate

    from agency_years_joined
    left join agencies on agency_years_joined.agency_id = agencies.agency_id
    left join thresholds
        on agencies.region_code = thresholds.region_code
        and agency_years_joined.fiscal_year between thresholds.first_year
        and thresholds.last_year

),

declared_achievement as (

    {{ declared_categories('measured', 'achievement_rate') }}

),

declared_absorption as (

    {{ declared_categories('measured', 'absorption_rate', 'absorption') }}

),

classified as (

    select
        measured.*,
        {{ achievement_category('measured.achievement_rate', 'measured.achievement_status',
                                'measured.region_code', 'measured.fiscal_year') }}
            as category_name,
        scales.scale_id as achievement_scale_id,
        scales.scale_scope as achievement_scale_scope,
        declared_achievement.declared_categories[1] as reported_scale_category,
        declared_absorption.declared_categories[1] as absorption_category,
        achievement_rate >= target_met_min_achievement_rate as is_target_met,
        case when achievement_rate >= target_met_min_achievement_rate then savings_idr else 0 end
            as savings_when_target_met_idr,
        {{ safe_rate('achievement_rate', 'absorption_rate') }} as efficiency_index,
        {{ efficiency_quadrant('achievement_rate', 'absorption_rate',
                               'target_met_min_achievement_rate',
                               'money_spent_min_absorption_rate') }} as quadrant

    from measured
    left join scales
        on measured.region_code = scales.region_code
        and measured.fiscal_year between scales.first_year and scales.last_year
    left join declared_achievement
        on measured.agency_id = declared_achievement.agency_id
        and measured.fiscal_year = declared_achievement.fiscal_year
        and measured.achievement_rate is not distinct from declared_achievement.rate
    left join declared_absorption
        on measured.agency_id = declared_absorption.agency_id
        and measured.fiscal_year = declared_absorption.fiscal_year
        and measured.absorption_rate is not distinct from declared_absorption.rate

),

ranked as (

    select
        *,
        count(*) over (partition by region_code, fiscal_year) as agencies_in_year,
        case when absorption_rate is not null then rank() over (
            partition by region_code, fiscal_year, absorption_rate is null
            order by absorption_rate desc
        ) end as absorption_rank,
        case when is_achievement_complete then rank() over (
            partition by region_code, fiscal_year, is_achievement_complete
            order by achievement_rate desc
        ) end as achievement_rank,
        -- an agency that met its targets ranks above one that did not, whatever it
        -- spent: the index alone would reward leaving the budget unspent
        case when is_achievement_complete and efficiency_index is not null then rank() over (
            partition by region_code, fiscal_year, is_achievement_complete
                and efficiency_index is not null
            order by is_target_met desc, efficiency_index desc
        ) end as efficiency_rank

    from classified

),

with_previous_year as (

    select
        ranked.*,
        previous.agency_id as previous_agency_id,
        previous.budget_idr as previous_budget_idr,
        previous.absorption_rate as previous_absorption_rate,
        previous.achievement_rate as previous_achievement_rate,
        previous.absorption_rank as previous_absorption_rank,
        previous.achievement_rank as previous_achievement_rank

    from ranked
    left join ranked as previous
        on ranked.lineage_agency_id = previous.lineage_agency_id
        and ranked.fiscal_year = previous.fiscal_year + 1

),

final as (

    select
        agency_id || ':' || fiscal_year as agency_year_id,
        fiscal_year,
        agency_id,
        lineage_agency_id,
        lineage_agency_name,
        region_code,
        region_name,
        agency_name,
        short_name,
        agency_type,
        is_synthetic,
        program_count,
        activity_count,
        sub_activity_count,
        budget_basis,
        budget_idr,
        realized_idr,
        absorption_rate,
        savings_idr,
        savings_rate,
        objective_count,
        computed_objective_count,
        indicator_count,
        computed_indicator_count,
        is_achievement_complete,
        achievement_status,
        achievement_rate,
        category_name,
        achievement_scale_id,
        achievement_scale_scope,
        reported_scale_category,
        absorption_category,
        is_target_met,
        savings_when_target_met_idr,
        efficiency_index,
        quadrant,
        {{ quadrant_label('quadrant') }} as quadrant_label,
        agencies_in_year,
        absorption_rank,
        achievement_rank,
        efficiency_rank,
        previous_agency_id,
        previous_budget_idr,
        {{ safe_rate('budget_idr - previous_budget_idr', 'previous_budget_idr') }}
            as budget_change_rate,
        absorption_rate - previous_absorption_rate as absorption_change,
        achievement_rate - previous_achievement_rate as achievement_change,
        previous_absorption_rank - absorption_rank as absorption_rank_change,
        previous_achievement_rank - achievement_rank as achievement_rank_change

    from with_previous_year

)

select * from final
