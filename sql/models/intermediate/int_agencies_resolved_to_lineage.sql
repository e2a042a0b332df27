with recursive

agencies as (

    select * from {{ ref('stg_raw__agencies') }}

),

successions (agency_id, current_agency_id, depth) as (

    select agency_id, agency_id, 0 from agencies

    union all

    select
        successions.agency_id,
        agencies.successor_agency_id,
        successions.depth + 1
    from successions
    inner join agencies on successions.current_agency_id = agencies.agency_id
    where agencies.successor_agency_id is not null and successions.depth < 20

),

latest_successor as (

    select
        agency_id,
        arg_max(current_agency_id, depth) as lineage_agency_id
    from successions
    group by agency_id

),

final as (

    select
        agencies.*,
        latest_successor.lineage_agency_id,
        current_agency.agency_name as lineage_agency_name

    from agencies
    inner join latest_successor on agencies.agency_id = latest_successor.agency_id
    inner join agencies as current_agency
        on latest_successor.lineage_agency_id = current_agency.agency_id

)

select * from final
