with

source as (

    select * from {{ source('raw', 'budget_lines') }}

),

renamed as (

    select
        ---------- ids
        delivery_key,
        agency_id,
        fiscal_year,
        code as budget_code,
        code_as_reported as budget_code_as_reported,
        original_code as original_budget_code,
        line_key as budget_line_key,
        parent_line_key as parent_budget_line_key,
        source_file,
        source_sheet,
        source_row,
        objective_no,
        source_kind as budget_source,
        reported_through,

        ---------- strings
        level as budget_level,
        name as budget_line_name,
        name_key as budget_line_name_key,
        parent_ref as reported_parent,

        ---------- booleans
        is_coded,

        ---------- numerics
        budget_idr,
        realized_idr,
        physical_progress_percent / 100 as physical_progress_rate,
        reported_absorption_percent / 100 as reported_absorption_rate,
        reported_absorption_percent_decimals as reported_absorption_decimals

    from source

)

select * from renamed
