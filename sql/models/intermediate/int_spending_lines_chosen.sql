-- Spending per type of the source chosen for each agency-year. A finance export gives
-- one row per leaf account: they are added up to their spending type here.
with

spending_lines as (

    select * from {{ ref('stg_raw__spending_lines') }}

),

chosen_lines as (

    {{ rows_of_chosen_sources('spending_lines') }}

),

summed as (

    select
        delivery_key,
        agency_id,
        fiscal_year,
        account_code,
        budget_source,
        reported_through,
        any_value(source_file) as source_file,
        any_value(source_sheet) as source_sheet,
        min(source_row) as source_row,
        -- a finance export's leaves each name an account; the type's name comes from
        -- the account list
        case when budget_source = 'agency_report' then any_value(account_name_as_reported) end
            as account_name_as_reported,
        count(*) as account_line_count,
        sum(budget_idr) as budget_idr,
        sum(realized_idr) as realized_idr
    from chosen_lines
    group by delivery_key, agency_id, fiscal_year, account_code, budget_source, reported_through,
        -- an agency report's lines stay one row each (a repeated type is a finding)
        case when budget_source = 'agency_report' then source_row end

),

final as (

    select * from summed

)

select * from final
