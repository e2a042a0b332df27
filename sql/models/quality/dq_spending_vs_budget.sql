-- Spending types against the agency total (the sum of its programs), per agency-year.
-- A group total (5.2) counts only when the report gives no jenis of that group.
with

spending_lines as (

    select * from {{ ref('int_spending_lines_chosen') }}

),

account_types as (

    select account_code, account_level from {{ ref('account_types') }}

),

program_lines as (

    select fiscal_year, agency_id, budget_idr, realized_idr, source_file
    from {{ ref('int_budget_lines_measured') }}
    where budget_level = 'program'

),

spending_typed as (

    select
        spending_lines.*,
        account_types.account_level
    from spending_lines
    left join account_types on spending_lines.account_code = account_types.account_code

),

spending_not_double_counted as (

    select spending.*
    from spending_typed as spending
    where
        spending.account_level = 'jenis'
        or not exists (
            select 1 from spending_typed as detail
            where
                detail.fiscal_year = spending.fiscal_year
                and detail.agency_id = spending.agency_id
                and detail.account_level = 'jenis'
                and starts_with(detail.account_code, spending.account_code || '.')
        )

),

spending_summed as (

    select
        fiscal_year,
        agency_id,
        any_value(source_file) as source_file,
        sum(budget_idr) as budget_idr,
        sum(realized_idr) as realized_idr
    from spending_not_double_counted
    group by fiscal_year, agency_id

),

programs_summed as (

    select
        fiscal_year,
        agency_id,
        sum(budget_idr) as budget_idr,
        sum(realized_idr) as realized_idr
    from program_lines
    group by fiscal_year, agency_id

),

compared as (

    select
        spending.fiscal_year,
        spending.agency_id,
        spending.source_file,
        measures.measure,
        case measures.measure
            when 'anggaran' then spending.budget_idr else spending.realized_idr
        end as spending_total_idr,
        case measures.measure
            when 'anggaran' then programs.budget_idr else programs.realized_idr
        end as program_total_idr

    from spending_summed as spending
    inner join programs_summed as programs
        on spending.fiscal_year = programs.fiscal_year
        and spending.agency_id = programs.agency_id
    cross join (values ('anggaran'), ('realisasi')) as measures (measure)

),

final as (

    select
        fiscal_year,
        agency_id,
        source_file,
        cast(null as varchar) as source_sheet,
        cast(null as integer) as source_row,
        'jenis belanja ' || measure as object_key,
        spending_total_idr,
        program_total_idr,
        spending_total_idr - program_total_idr as difference_idr

    from compared

)

select * from final
