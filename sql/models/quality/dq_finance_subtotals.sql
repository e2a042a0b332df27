-- Every printed subtotal of a finance export against the leaves under it: an account
-- above others, a unit's total (against its programs), and each sub kegiatan (against
-- its leaf accounts). A subtotal is checked, never added.
with

subtotals as (

    select * from {{ ref('stg_raw__finance_subtotals') }}

),

budget_lines as (

    select * from {{ ref('stg_raw__budget_lines') }}
    where budget_source = 'finance_export' and budget_level = 'sub_activity'

),

spending_lines as (

    select * from {{ ref('stg_raw__spending_lines') }}
    where budget_source = 'finance_export' and sub_activity_code is not null

),

accounts_per_sub_activity as (

    select
        delivery_key,
        agency_id,
        fiscal_year,
        sub_activity_code,
        count(*) as leaf_count,
        sum(budget_idr) as leaves_budget_idr,
        sum(realized_idr) as leaves_realized_idr
    from spending_lines
    group by all

),

sub_activities as (

    select
        budget_lines.delivery_key,
        budget_lines.agency_id,
        budget_lines.fiscal_year,
        budget_lines.source_file,
        budget_lines.source_sheet,
        budget_lines.source_row,
        'sub kegiatan' as subtotal_role,
        budget_lines.budget_code as subtotal_code,
        cast(null as varchar) as sub_activity_code,
        budget_lines.budget_line_name as subtotal_name,
        budget_lines.budget_idr,
        budget_lines.realized_idr,
        accounts.leaves_budget_idr,
        accounts.leaves_realized_idr,
        accounts.leaf_count
    from budget_lines
    inner join accounts_per_sub_activity as accounts
        on budget_lines.delivery_key = accounts.delivery_key
        and budget_lines.agency_id = accounts.agency_id
        and budget_lines.fiscal_year = accounts.fiscal_year
        and budget_lines.budget_code = accounts.sub_activity_code

),

printed_subtotals as (

    select
        delivery_key,
        agency_id,
        fiscal_year,
        source_file,
        source_sheet,
        source_row,
        subtotal_role,
        subtotal_code,
        sub_activity_code,
        subtotal_name,
        budget_idr,
        realized_idr,
        leaves_budget_idr,
        leaves_realized_idr,
        leaf_count
    from subtotals
    where leaf_count > 0
    union all
    select * from sub_activities

),

by_measure as (

    {{ per_measure('printed_subtotals', [
        ('printed_idr', 'budget_idr', 'realized_idr'),
        ('leaves_idr', 'leaves_budget_idr', 'leaves_realized_idr'),
    ]) }}

),

final as (

    select
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        subtotal_role || ' ' || coalesce(subtotal_code, '') || ' '
            || coalesce(sub_activity_code || ' ', '') || measure as object_key,
        subtotal_name,
        leaf_count,
        printed_idr,
        leaves_idr,
        printed_idr - leaves_idr as difference_idr

    from by_measure

)

select * from final
