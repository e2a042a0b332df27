-- Each program and kegiatan line against the sum of its children, for budget and
-- realisation. One row per parent line × measure; agrees when the two are equal.
-- The lines are imported twice, as parents and as children, so that each import is read
-- once: one import read by both made DuckDB materialize every line with every column
-- first, spilling past the memory limit at national size.
with

parent_lines as (

    select
        fiscal_year,
        agency_id,
        budget_level,
        budget_line_key,
        budget_line_label,
        budget_line_name,
        budget_idr,
        realized_idr,
        source_file,
        source_sheet,
        source_row
    from {{ ref('int_budget_lines_measured') }}
    where budget_level in ('program', 'activity')

),

child_lines as (

    select fiscal_year, agency_id, parent_budget_line_key, budget_idr, realized_idr
    from {{ ref('int_budget_lines_measured') }}
    where parent_budget_line_key is not null

),

children_summed_to_parent as (

    select
        fiscal_year,
        agency_id,
        parent_budget_line_key,
        count(*) as child_count,
        sum(budget_idr) as budget_idr,
        sum(realized_idr) as realized_idr
    from child_lines
    group by fiscal_year, agency_id, parent_budget_line_key

),

parents_with_children as (

    select
        parents.fiscal_year,
        parents.agency_id,
        parents.budget_level,
        parents.budget_line_key,
        parents.budget_line_label,
        parents.budget_line_name,
        parents.budget_idr,
        parents.realized_idr,
        parents.source_file,
        parents.source_sheet,
        parents.source_row,
        children.child_count,
        children.budget_idr as children_budget_idr,
        children.realized_idr as children_realized_idr

    from parent_lines as parents
    inner join children_summed_to_parent as children
        on parents.fiscal_year = children.fiscal_year
        and parents.agency_id = children.agency_id
        and parents.budget_line_key = children.parent_budget_line_key

),

compared as (

    {{ per_measure('parents_with_children', [
        ('reported_idr', 'budget_idr', 'realized_idr'),
        ('children_sum_idr', 'children_budget_idr', 'children_realized_idr'),
    ]) }}

),

final as (

    select
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        budget_level || ' ' || budget_line_label || ' ' || measure as object_key,
        budget_line_name,
        child_count,
        reported_idr,
        children_sum_idr,
        reported_idr - children_sum_idr as difference_idr

    from compared

)

select * from final
