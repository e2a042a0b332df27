with

objectives as (

    select * from {{ ref('int_objectives_scored') }}

),

agencies as (

    select agency_id, lineage_agency_id, agency_name
    from {{ ref('int_agencies_resolved_to_lineage') }}

),

thresholds as (

    {{ region_settings('efficiency_thresholds') }}

),

rates as (

    select agency_id, fiscal_year, achievement_rate,
        {{ safe_rate('realized_idr', 'budget_idr') }} as absorption_rate
    from objectives

),

declared_achievement as (

    {{ declared_categories('rates', 'achievement_rate') }}

),

declared_absorption as (

    {{ declared_categories('rates', 'absorption_rate', 'absorption') }}

),

measured as (

    select
        objectives.*,
        agencies.lineage_agency_id,
        agencies.agency_name,
        objectives.budget_idr - objectives.realized_idr as savings_idr,
        {{ safe_rate('objectives.realized_idr', 'objectives.budget_idr') }} as absorption_rate,
        {{ safe_rate('objectives.budget_idr - objectives.realized_idr',
                     'objectives.budget_idr') }} as savings_rate,
        objectives.achievement_rate >= thresholds.target_met_min_achievement_rate
            as is_target_met,
        thresholds.target_met_min_achievement_rate,
        thresholds.money_spent_min_absorption_rate,
        declared_achievement.declared_categories[1] as reported_scale_category,
        declared_absorption.declared_categories[1] as absorption_category

    from objectives
    left join agencies on objectives.agency_id = agencies.agency_id
    left join declared_achievement
        on objectives.agency_id = declared_achievement.agency_id
        and objectives.fiscal_year = declared_achievement.fiscal_year
        and objectives.achievement_rate is not distinct from declared_achievement.rate
    left join declared_absorption
        on objectives.agency_id = declared_absorption.agency_id
        and objectives.fiscal_year = declared_absorption.fiscal_year
        and {{ safe_rate('objectives.realized_idr', 'objectives.budget_idr') }}
            is not distinct from declared_absorption.rate
    left join thresholds
        on objectives.region_code = thresholds.region_code
        and objectives.fiscal_year between thresholds.first_year and thresholds.last_year

),

final as (

    select
        agency_id || ':' || fiscal_year || ':' || objective_no as objective_id,
        fiscal_year,
        agency_id,
        lineage_agency_id,
        region_code,
        agency_name,
        objective_no,
        objective_name,
        objective_name_variants,
        indicator_count,
        computed_indicator_count,
        achievement_status,
        achievement_rate,
        {{ achievement_category('measured.achievement_rate', 'measured.achievement_status',
                                'measured.region_code', 'measured.fiscal_year') }}
            as category_name,
        reported_scale_category,
        absorption_category,
        is_target_met,
        program_codes,
        unbudgeted_program_codes,
        budget_basis,
        budget_idr,
        realized_idr,
        absorption_rate,
        savings_idr,
        savings_rate,
        case when is_target_met then savings_idr else 0 end
            as savings_when_target_met_idr,
        {{ safe_rate('achievement_rate', 'absorption_rate') }} as efficiency_index,
        {{ efficiency_quadrant('achievement_rate', 'absorption_rate',
                               'target_met_min_achievement_rate',
                               'money_spent_min_absorption_rate') }} as quadrant

    from measured

)

select * from final
