-- Two finance exports claiming the same period for an agency-year must agree: the later
-- period wins between snapshots, but between two of one period nothing says which is
-- right. Every line where they differ (or one lacks it), per measure.
with

budget_lines as (

    select * from {{ ref('stg_raw__budget_lines') }}
    where budget_source = 'finance_export'

),

same_period as (

    select agency_id, fiscal_year, reported_through
    from budget_lines
    group by all
    having count(distinct delivery_key) > 1

),

snapshots as (

    select budget_lines.*
    from budget_lines
    semi join same_period using (agency_id, fiscal_year, reported_through)

),

-- each export against the one the marts use (the last by name), line by line
used as (

    select * from snapshots
    qualify dense_rank() over (
        partition by agency_id, fiscal_year order by delivery_key desc
    ) = 1

),

others as (

    select * from snapshots
    anti join used using (agency_id, fiscal_year, delivery_key)

),

compared as (

    select
        coalesce(others.agency_id, used.agency_id) as agency_id,
        coalesce(others.fiscal_year, used.fiscal_year) as fiscal_year,
        coalesce(others.budget_level, used.budget_level) || ' '
            || coalesce(others.budget_line_key, used.budget_line_key) as compared_line,
        others.source_file as other_file,
        others.source_row as other_row,
        used.source_file as used_file,
        used.source_row as used_row,
        others.budget_idr as other_budget_idr,
        used.budget_idr as used_budget_idr,
        others.realized_idr as other_realized_idr,
        used.realized_idr as used_realized_idr
    from others
    full join used
        on others.agency_id = used.agency_id
        and others.fiscal_year = used.fiscal_year
        and others.budget_line_key = used.budget_line_key

),

by_measure as (

    {{ per_measure('compared', [
        ('other_idr', 'other_budget_idr', 'other_realized_idr'),
        ('used_idr', 'used_budget_idr', 'used_realized_idr'),
    ]) }}

),

final as (

    select
        fiscal_year,
        agency_id,
        coalesce(other_file, used_file) as source_file,
        cast(null as varchar) as source_sheet,
        coalesce(other_row, used_row) as source_row,
        compared_line || ' ' || measure as object_key,
        other_file,
        other_row,
        used_file,
        used_row,
        other_idr,
        used_idr,
        case when other_idr is distinct from used_idr then 1 else 0 end as disagreement_count

    from by_measure

)

select * from final
