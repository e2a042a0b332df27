with

spending_lines as (

    select * from {{ ref('int_spending_lines_chosen') }}

),

account_types as (

    select * from {{ ref('account_types') }}

),

agencies as (

    select agency_id, lineage_agency_id, region_code, agency_name
    from {{ ref('int_agencies_resolved_to_lineage') }}

),

final as (

    select
        spending_lines.agency_id || ':' || spending_lines.fiscal_year || ':'
            || spending_lines.account_code as spending_line_id,
        spending_lines.fiscal_year,
        spending_lines.agency_id,
        agencies.lineage_agency_id,
        agencies.region_code,
        agencies.agency_name,
        spending_lines.account_code,
        account_types.account_name,
        account_types.account_name_en,
        account_types.account_group,
        account_types.account_level,
        spending_lines.account_name_as_reported,
        spending_lines.budget_idr,
        spending_lines.realized_idr,
        {{ safe_rate('spending_lines.realized_idr', 'spending_lines.budget_idr') }}
            as absorption_rate,
        spending_lines.budget_idr - spending_lines.realized_idr as savings_idr,
        {{ safe_rate('spending_lines.budget_idr - spending_lines.realized_idr',
                     'spending_lines.budget_idr') }} as savings_rate,
        spending_lines.realized_idr > spending_lines.budget_idr as is_overspent,
        spending_lines.budget_source,
        spending_lines.reported_through,
        spending_lines.account_line_count,
        spending_lines.source_file,
        spending_lines.source_row

    from spending_lines
    left join account_types on spending_lines.account_code = account_types.account_code
    left join agencies on spending_lines.agency_id = agencies.agency_id

)

select * from final
