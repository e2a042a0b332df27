-- The budget lines of the source each agency-year's figures come from
-- (int_budget_sources_chosen): never a finance export and an agency report added up.
with

budget_lines as (

    select * from {{ ref('stg_raw__budget_lines') }}

),

final as (

    {{ rows_of_chosen_sources('budget_lines') }}

)

select * from final
