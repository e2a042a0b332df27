{#
    Marts built incrementally by delivery. A refresh appends the rows of the deliveries
    read since the mart was last built (those whose ingested_at the mart does not hold),
    then delete_superseded_deliveries() (a post-hook) removes every row built from an
    earlier read of its delivery: replaced, emptied or withdrawn. A change of code or
    reference data re-reads every delivery, so every row is rebuilt; a change of the
    mart's own definition rebuilds its table from scratch (pipelines/defs/transform/dbt.py).
#}

{% macro current_deliveries() %}
    select delivery_key, max(ingested_at) as ingested_at
    from {{ ref('stg_raw__ingest_files') }}
    where delivery_key is not null
    group by delivery_key
{% endmacro %}


{% macro delete_superseded_deliveries() %}
    delete from {{ this }} as built
    where not exists (
        select 1
        from ({{ current_deliveries() }}) as current_delivery
        where
            current_delivery.delivery_key = built.delivery_key
            and current_delivery.ingested_at = built.ingested_at
    )
{% endmacro %}


{% macro delete_unchosen_budget_sources() %}
    {#- lines of an agency-year whose figures now come from another source -#}
    delete from {{ this }} as built
    where not exists (
        select 1
        from {{ ref('int_budget_sources_chosen') }} as chosen
        where
            chosen.delivery_key = built.delivery_key
            and chosen.agency_id = built.agency_id
            and chosen.fiscal_year = built.fiscal_year
    )
{% endmacro %}
