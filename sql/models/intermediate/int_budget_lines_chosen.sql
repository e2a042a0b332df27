-- The budget lines of the source each agency-year's figures come from
-- (int_budget_sources_chosen): never a finance export and an agency report added up.
with

budget_lines as (

    select * from {{ ref('stg_raw__budget_lines') }}

),

chosen as (

    select agency_id, fiscal_year, delivery_key from {{ ref('int_budget_sources_chosen') }}

),

final as (

    select budget_lines.*
    from budget_lines
    semi join chosen
        on budget_lines.agency_id = chosen.agency_id
        and budget_lines.fiscal_year = chosen.fiscal_year
        and budget_lines.delivery_key = chosen.delivery_key

)

select * from final
