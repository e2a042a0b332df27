-- Every agency of the reference list, for every year its region has data and the agency
-- existed (tahun_mulai..tahun_akhir), and whether it delivered a report: a folder
-- raw/<year>/<agency>/ with files (even if none of its rows could be loaded), or rows
-- naming it in a bulk extract raw/<year>/bulk-<name>/ (loaded or quarantined).
with

agencies as (

    select * from {{ ref('stg_raw__agencies') }}

),

agency_years as (

    select fiscal_year, agency_id from {{ ref('agency_years') }}

),

deliveries as (

    select fiscal_year, agency_id
    from {{ ref('stg_raw__deliveries') }}
    where agency_id is not null

),

bulk_rows as (

    select fiscal_year, agency_id from {{ ref('stg_raw__budget_lines') }}
    union
    select fiscal_year, agency_id from {{ ref('stg_raw__indicators') }}
    union
    select fiscal_year, agency_id
    from {{ ref('stg_raw__quarantine') }}
    where agency_id is not null

),

delivered as (

    select fiscal_year, agency_id from deliveries
    union
    select fiscal_year, agency_id from bulk_rows

),

region_years as (

    select distinct agencies.region_code, agency_years.fiscal_year
    from agency_years
    inner join agencies on agency_years.agency_id = agencies.agency_id

),

expected as (

    select
        agencies.agency_id,
        agencies.agency_name,
        region_years.fiscal_year
    from agencies
    inner join region_years
        on agencies.region_code = region_years.region_code
        and region_years.fiscal_year between agencies.first_year
        and coalesce(agencies.last_year, 9999)

),

final as (

    select
        expected.fiscal_year,
        expected.agency_id,
        expected.fiscal_year || '/' || expected.agency_id || '/' as source_file,
        cast(null as varchar) as source_sheet,
        cast(null as integer) as source_row,
        expected.agency_name as object_key,
        delivered.agency_id is not null as is_delivered

    from expected
    left join delivered
        on expected.agency_id = delivered.agency_id
        and expected.fiscal_year = delivered.fiscal_year

)

select * from final
