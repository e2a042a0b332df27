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
        thresholds.money_spent_min_absorption_rate

    from objectives
    left join agencies on objectives.agency_id = agencies.agency_id
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
