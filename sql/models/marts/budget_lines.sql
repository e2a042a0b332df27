{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='sync_all_columns',
        post_hook=[
            "{{ delete_superseded_deliveries() }}",
            "{{ delete_unchosen_budget_sources() }}",
        ],
    )
}}
-- The largest mart (20 million lines at national size) is built by delivery: a refresh
-- after one file changed rebuilds that delivery's lines only (macros/delivery_increments).
-- The unit is a delivery's agency-year, so a finance export arriving for an agency-year
-- replaces the agency report's lines there (and gives them back when withdrawn).
with

budget_lines as (

    select * from {{ ref('int_budget_lines_measured') }}

),

deliveries as (

    select agency_id, fiscal_year, delivery_key, ingested_at
    from {{ ref('int_budget_sources_chosen') }}
    where source_table = 'budget_lines'

),

agencies as (

    select agency_id, lineage_agency_id, region_code, agency_name
    from {{ ref('int_agencies_resolved_to_lineage') }}

),

{% if is_incremental() %}
already_built as (

    select distinct agency_id, fiscal_year, delivery_key, ingested_at from {{ this }}

),

{% endif %}
deliveries_to_build as (

    select deliveries.*
    from deliveries
    {% if is_incremental() %}
    left join already_built
        on deliveries.delivery_key = already_built.delivery_key
        and deliveries.ingested_at = already_built.ingested_at
        and deliveries.agency_id = already_built.agency_id
        and deliveries.fiscal_year = already_built.fiscal_year
    where already_built.delivery_key is null
    {% endif %}

),

final as (

    select
        budget_lines.agency_id || ':' || budget_lines.fiscal_year || ':'
            || budget_lines.budget_line_key as budget_line_id,
        budget_lines.fiscal_year,
        budget_lines.agency_id,
        agencies.lineage_agency_id,
        agencies.region_code,
        agencies.agency_name,
        budget_lines.budget_level,
        budget_lines.budget_code,
        budget_lines.budget_code_as_reported,
        budget_lines.original_budget_code,
        budget_lines.is_coded,
        budget_lines.budget_line_key,
        budget_lines.parent_budget_line_key,
        budget_lines.program_code,
        budget_lines.objective_no,
        budget_lines.budget_line_name,
        budget_lines.budget_line_label,
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
        budget_lines.budget_source,
        budget_lines.reported_through,
        budget_lines.source_file,
        budget_lines.source_sheet,
        budget_lines.source_row,
        budget_lines.delivery_key,
        deliveries_to_build.ingested_at

    from budget_lines
    inner join deliveries_to_build
        on budget_lines.delivery_key = deliveries_to_build.delivery_key
        and budget_lines.agency_id = deliveries_to_build.agency_id
        and budget_lines.fiscal_year = deliveries_to_build.fiscal_year
    left join agencies on budget_lines.agency_id = agencies.agency_id

)

select * from final
