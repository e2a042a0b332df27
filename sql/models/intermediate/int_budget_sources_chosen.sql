-- Which delivery's budget figures the marts use for each agency-year, per table: the
-- budget lines and the spending by type are chosen apart, so an export of accounts only
-- gives the spending and never removes the lines the agency's report gives. A finance
-- export and the agency's own anggaran/belanja may both give a table: the region's
-- budget_source_precedence decides, but an export ending before 31 December (a June
-- snapshot) never beats a full-year source. Finance exports are cumulative snapshots:
-- of two for one agency-year only the later period is used (the later file name on a
-- tie).
with

budget_lines as (

    select * from {{ ref('stg_raw__budget_lines') }}

),

spending_lines as (

    select * from {{ ref('stg_raw__spending_lines') }}

),

agencies as (

    select agency_id, region_code from {{ ref('stg_raw__agencies') }}

),

precedence as (

    {{ region_settings('budget_sources') }}

),

deliveries as (

    {{ current_deliveries() }}

),

delivered as (

    select
        'budget_lines' as source_table,
        agency_id, fiscal_year, delivery_key, budget_source, reported_through
    from budget_lines
    union
    select
        'spending_lines' as source_table,
        agency_id, fiscal_year, delivery_key, budget_source, reported_through
    from spending_lines

),

with_precedence as (

    select
        delivered.*,
        coalesce(precedence.budget_source_precedence, 'finance_export')
            as budget_source_precedence
    from delivered
    left join agencies on delivered.agency_id = agencies.agency_id
    left join precedence
        on agencies.region_code = precedence.region_code
        and delivered.fiscal_year between precedence.first_year and precedence.last_year

),

ranked as (

    select
        *,
        -- 1 for the source the region prefers, else 2, and 3 for a partial-year export
        -- (used only where nothing covers the whole year); every delivery of the agency
        -- reports ranks alike, finance snapshots by their period
        dense_rank() over (
            partition by source_table, agency_id, fiscal_year
            order by case
                when {{ is_partial_year('budget_source', 'reported_through', 'fiscal_year') }}
                    then 3
                when budget_source = budget_source_precedence then 1
                else 2
            end
        ) as source_rank,
        row_number() over (
            partition by source_table, agency_id, fiscal_year, budget_source
            order by reported_through desc nulls last, delivery_key desc
        ) as snapshot_rank,
        count(*) over (
            partition by source_table, agency_id, fiscal_year, budget_source
        ) as source_deliveries
    from with_precedence

),

final as (

    select
        ranked.source_table,
        ranked.agency_id,
        ranked.fiscal_year,
        ranked.delivery_key,
        ranked.budget_source,
        ranked.reported_through,
        ranked.budget_source_precedence,
        ranked.source_deliveries,
        deliveries.ingested_at

    from ranked
    inner join deliveries on ranked.delivery_key = deliveries.delivery_key
    where ranked.source_rank = 1
        and (ranked.budget_source = 'agency_report' or ranked.snapshot_rank = 1)

)

select * from final
