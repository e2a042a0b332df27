with

source as (

    select * from {{ source('raw', 'indicators') }}

),

renamed as (

    select
        ---------- ids
        agency_id,
        fiscal_year,
        objective_no,
        indicator_no,
        program_codes,
        source_file,
        source_sheet,
        source_row,

        ---------- strings
        objective_name,
        indicator_name,
        unit,
        polarity,
        target_text,
        target_status,
        realized_text,
        realized_status,
        reported_category,
        strategic_plan_target_text,
        strategic_plan_target_status,
        aggregation_method,

        ---------- numerics
        target_value,
        realized_value,
        strategic_plan_target_value,
        reported_achievement_percent / 100 as reported_achievement_rate,
        reported_achievement_percent_decimals as reported_achievement_decimals,
        reported_prior_year_achievement_percent / 100
            as reported_prior_year_achievement_rate,
        reported_prior_year_achievement_percent_decimals
            as reported_prior_year_achievement_decimals,
        reported_strategic_plan_achievement_percent / 100
            as reported_strategic_plan_achievement_rate,
        reported_strategic_plan_achievement_percent_decimals
            as reported_strategic_plan_achievement_decimals

    from source

)

select * from renamed
