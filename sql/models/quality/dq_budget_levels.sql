-- Each agency-year with budget lines, and the level its totals come from: a delivery
-- without program rows (a unit below the agency, a report with money per sasaran only)
-- is totalled from the highest level it has, and says so.
with

agency_years as (

    select * from {{ ref('agency_years') }}

),

final as (

    select
        fiscal_year,
        agency_id,
        fiscal_year || '/' || agency_id || '/' as source_file,
        cast(null as varchar) as source_sheet,
        cast(null as integer) as source_row,
        'total anggaran ' || fiscal_year as object_key,
        budget_basis,
        case budget_basis
            when 'activity' then 'kegiatan lines'
            when 'sub_activity' then 'sub kegiatan lines'
            when 'objective' then 'sasaran lines'
            else budget_basis || ' lines'
        end as budget_basis_text

    from agency_years
    where budget_basis is not null

)

select * from final
