-- Where an agency-year has both a finance export and its own report's figures, every
-- line and spending type compared: budget and realisation on both sides, or the side
-- that lacks it. The export compared is the latest snapshot, as the marts use it; one
-- ending before 31 December is compared on anggaran only (its realisation is of part
-- of the year) and every row names the period it runs to.
with

budget_lines as (

    select * from {{ ref('stg_raw__budget_lines') }}

),

spending_lines as (

    select * from {{ ref('stg_raw__spending_lines') }}

),

-- each table is compared where both sources give it: an agency whose own anggaran
-- was rejected (or an accounts-only export) is no line-by-line disagreement; the cause
-- is said once, where the file was refused
both_sources_of_lines as (

    select agency_id, fiscal_year
    from budget_lines
    group by agency_id, fiscal_year
    having count(distinct budget_source) = 2

),

both_sources_of_types as (

    select agency_id, fiscal_year
    from spending_lines
    group by agency_id, fiscal_year
    having count(distinct budget_source) = 2

),

latest_exports as (

    select agency_id, fiscal_year, delivery_key, reported_through as export_through
    from (
        select agency_id, fiscal_year, delivery_key, reported_through from budget_lines
        where budget_source = 'finance_export'
        union
        select agency_id, fiscal_year, delivery_key, reported_through from spending_lines
        where budget_source = 'finance_export'
    )
    qualify row_number() over (
        partition by agency_id, fiscal_year
        order by reported_through desc nulls last, delivery_key desc
    ) = 1

),

export_lines as (

    select budget_lines.*, latest_exports.export_through
    from budget_lines
    inner join latest_exports using (agency_id, fiscal_year, delivery_key)
    semi join both_sources_of_lines using (agency_id, fiscal_year)

),

report_lines as (

    select budget_lines.*
    from budget_lines
    semi join both_sources_of_lines using (agency_id, fiscal_year)
    where budget_source = 'agency_report'

),

lines_compared as (

    select
        coalesce(export_lines.agency_id, report_lines.agency_id) as agency_id,
        coalesce(export_lines.fiscal_year, report_lines.fiscal_year) as fiscal_year,
        coalesce(report_lines.budget_level, export_lines.budget_level)
            || ' ' || coalesce(report_lines.budget_code, report_lines.budget_line_name,
                export_lines.budget_code) as compared_line,
        export_lines.budget_idr as export_budget_idr,
        report_lines.budget_idr as report_budget_idr,
        export_lines.realized_idr as export_realized_idr,
        report_lines.realized_idr as report_realized_idr,
        export_lines.source_file as export_file,
        export_lines.source_row as export_row,
        export_lines.export_through,
        report_lines.source_file as report_file,
        report_lines.source_sheet as report_sheet,
        report_lines.source_row as report_row
    from export_lines
    full join report_lines
        on export_lines.agency_id = report_lines.agency_id
        and export_lines.fiscal_year = report_lines.fiscal_year
        and export_lines.budget_line_key = report_lines.budget_line_key

),

export_types as (

    select
        agency_id, fiscal_year, account_code,
        any_value(source_file) as source_file,
        min(source_row) as source_row,
        any_value(latest_exports.export_through) as export_through,
        sum(budget_idr) as budget_idr,
        sum(realized_idr) as realized_idr
    from spending_lines
    inner join latest_exports using (agency_id, fiscal_year, delivery_key)
    semi join both_sources_of_types using (agency_id, fiscal_year)
    group by all

),

report_types as (

    select *
    from spending_lines
    semi join both_sources_of_types using (agency_id, fiscal_year)
    where budget_source = 'agency_report'

),

-- a report may give a group (5.2 Belanja Modal) where the export has its types
-- (5.2.02, 5.2.03): the export's types are added up to the report's code
export_types_as_reported as (

    select
        export_types.agency_id,
        export_types.fiscal_year,
        coalesce(report_types.account_code, export_types.account_code) as account_code,
        any_value(export_types.source_file) as source_file,
        min(export_types.source_row) as source_row,
        any_value(export_types.export_through) as export_through,
        sum(export_types.budget_idr) as budget_idr,
        sum(export_types.realized_idr) as realized_idr
    from export_types
    left join report_types
        on export_types.agency_id = report_types.agency_id
        and export_types.fiscal_year = report_types.fiscal_year
        and starts_with(export_types.account_code || '.', report_types.account_code || '.')
    group by all

),

types_compared as (

    select
        coalesce(exported.agency_id, report_types.agency_id) as agency_id,
        coalesce(exported.fiscal_year, report_types.fiscal_year) as fiscal_year,
        'belanja ' || coalesce(report_types.account_code, exported.account_code)
            as compared_line,
        exported.budget_idr as export_budget_idr,
        report_types.budget_idr as report_budget_idr,
        exported.realized_idr as export_realized_idr,
        report_types.realized_idr as report_realized_idr,
        exported.source_file as export_file,
        exported.source_row as export_row,
        exported.export_through,
        report_types.source_file as report_file,
        report_types.source_sheet as report_sheet,
        report_types.source_row as report_row
    from export_types_as_reported as exported
    full join report_types
        on exported.agency_id = report_types.agency_id
        and exported.fiscal_year = report_types.fiscal_year
        and exported.account_code = report_types.account_code

),

compared as (

    select * from lines_compared
    union all
    select * from types_compared

),

by_measure as (

    -- a line one side lacks is one finding, not one per measure
    {{ per_measure('compared', [
        ('export_idr', 'export_budget_idr', 'export_realized_idr'),
        ('report_idr', 'report_budget_idr', 'report_realized_idr'),
    ], where="measures.measure = 'anggaran'
        or (export_file is not null and report_file is not null
            and not " ~ is_partial_year("'finance_export'", 'export_through', 'fiscal_year') ~ ")") }}

),

final as (

    select
        fiscal_year,
        agency_id,
        coalesce(report_file, export_file) as source_file,
        case when report_file is not null then report_sheet end as source_sheet,
        coalesce(report_row, export_row) as source_row,
        compared_line || ' ' || measure as object_key,
        export_file,
        export_row,
        export_through,
        report_file,
        report_row,
        export_idr,
        report_idr,
        case
            when export_file is null then 'only in the report'
            when report_file is null then 'only in the finance export'
        end as missing_side,
        -- 1 where the sources disagree (or one lacks the line): the rule expects 0
        case
            when export_file is null or report_file is null then 1
            when export_idr is distinct from report_idr then 1
            else 0
        end as disagreement_count

    from by_measure

)

select * from final
