-- Each program and kegiatan line against the sum of its children, for budget and
-- realisation. One row per parent line × measure; agrees when the two are equal.
with

budget_lines as (

    select * from {{ ref('int_budget_lines_measured') }}

),

children_summed_to_parent as (

    select
        fiscal_year,
        agency_id,
        parent_budget_code,
        count(*) as child_count,
        sum(budget_idr) as budget_idr,
        sum(realized_idr) as realized_idr
    from budget_lines
    where parent_budget_code is not null
    group by fiscal_year, agency_id, parent_budget_code

),

parents_with_children as (

    select
        parents.*,
        children.child_count,
        children.budget_idr as children_budget_idr,
        children.realized_idr as children_realized_idr

    from budget_lines as parents
    inner join children_summed_to_parent as children
        on parents.fiscal_year = children.fiscal_year
        and parents.agency_id = children.agency_id
        and parents.budget_code = children.parent_budget_code

),

compared as (

    select
        *,
        'anggaran' as measure,
        budget_idr as reported_idr,
        children_budget_idr as children_sum_idr
    from parents_with_children

    union all

    select
        *,
        'realisasi' as measure,
        realized_idr as reported_idr,
        children_realized_idr as children_sum_idr
    from parents_with_children

),

final as (

    select
        agency_id || ':' || fiscal_year || ':' || budget_code || ':' || measure as check_row_id,
        fiscal_year,
        agency_id,
        source_file,
        source_sheet,
        source_row,
        budget_level || ' ' || budget_code || ' ' || measure as object_key,
        budget_line_name,
        child_count,
        reported_idr,
        children_sum_idr,
        reported_idr - children_sum_idr as difference_idr

    from compared

)

select * from final
