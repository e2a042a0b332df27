with

budget_lines as (

    select * from {{ ref('int_budget_lines_measured') }}

),

agencies as (

    select agency_id, lineage_agency_id, region_code, agency_name
    from {{ ref('int_agencies_resolved_to_lineage') }}

),

final as (

    select
        budget_lines.agency_id || ':' || budget_lines.fiscal_year || ':'
            || budget_lines.budget_code as budget_line_id,
        budget_lines.fiscal_year,
        budget_lines.agency_id,
        agencies.lineage_agency_id,
        agencies.region_code,
        agencies.agency_name,
        budget_lines.budget_level,
        budget_lines.budget_code,
        budget_lines.budget_code_as_reported,
        budget_lines.parent_budget_code,
        budget_lines.program_code,
        budget_lines.budget_line_name,
        budget_lines.budget_idr,
        budget_lines.realized_idr,
        budget_lines.absorption_rate,
        budget_lines.savings_idr,
        budget_lines.savings_rate,
        budget_lines.physical_progress_rate,
        budget_lines.reported_absorption_rate,
        budget_lines.reported_absorption_decimals,
        budget_lines.is_overspent,
        budget_lines.has_no_budget,
        budget_lines.source_file,
        budget_lines.source_sheet,
        budget_lines.source_row

    from budget_lines
    left join agencies on budget_lines.agency_id = agencies.agency_id

)

select * from final
