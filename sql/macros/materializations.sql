{#
    Tables and views built in place with DuckDB's `create or replace`, inside the
    model's transaction. dbt's own materializations build a __dbt_tmp relation, rename
    the old one to __dbt_backup, rename the new one into place and drop the backup: the
    same atomicity (DuckDB commits the replacement with the transaction; a failed build
    leaves the old relation), at three more statements and adapter calls per model
    (on the bundled data, dbt's median build in process 5,8 s -> 4,1 s). Seeds and the
    incremental mart keep dbt-duckdb's materializations.
#}

{% macro replace_in_place(kind, create_sql) %}

  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type=kind) -%}
  {%- set grant_config = config.get('grants') -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  -- `BEGIN` happens here:
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {% if existing_relation is not none and existing_relation.type != kind %}
    {{ drop_relation_if_exists(existing_relation) }}
  {% endif %}

  {% call statement('main') -%}
    create or replace {{ kind }} {{ target_relation }} as (
      {{ create_sql }}
    )
  {%- endcall %}

  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {% set should_revoke = should_revoke(existing_relation, full_refresh_mode=True) %}
  {% do apply_grants(target_relation, grant_config, should_revoke=should_revoke) %}
  {% do persist_docs(target_relation, model) %}

  -- `COMMIT` happens here
  {{ adapter.commit() }}

  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {{ return({'relations': [target_relation]}) }}

{% endmacro %}


{% materialization table, adapter="duckdb" %}
  {{ return(replace_in_place('table', compiled_code)) }}
{% endmaterialization %}


{% materialization view, adapter="duckdb" %}
  {{ return(replace_in_place('view', sql)) }}
{% endmaterialization %}
