-- An agency-year whose budget lines repeat the previous year's exactly (same lines, by
-- code or else normalised name, and amounts to the rupiah): a year delivered, or counted,
-- twice.
with

budget_lines as (

    select * from {{ ref('budget_lines') }}

),

fingerprinted as (

    select
        fiscal_year,
        agency_id,
        any_value(lineage_agency_id) as lineage_agency_id,
        any_value(source_file) as source_file,
        count(*) as line_count,
        -- the lines as a multiset: order-free, so no sort and no text per line
        sum(hash(budget_line_key, budget_idr, realized_idr)::hugeint) as fingerprint
    from budget_lines
    group by fiscal_year, agency_id

),

final as (

    select
        current_year.fiscal_year,
        current_year.agency_id,
        current_year.source_file,
        cast(null as varchar) as source_sheet,
        cast(null as integer) as source_row,
        current_year.line_count || ' budget lines vs ' || (current_year.fiscal_year - 1)
            as object_key,
        current_year.fingerprint = previous_year.fingerprint as repeats_previous_year

    from fingerprinted as current_year
    inner join fingerprinted as previous_year
        on current_year.lineage_agency_id = previous_year.lineage_agency_id
        and current_year.fiscal_year = previous_year.fiscal_year + 1

)

select * from final
