{#- Schemas are exactly what dbt_project.yml says (staging, marts, reference), not
    <target>_<schema>: the warehouse has one environment. From dbt-labs/jaffle-shop. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%} {{ target.schema }}
    {%- else -%} {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
