{#- Render ref() and source() without the database (catalog) name: views of the
    published file then resolve inside whatever file holds them, so the warehouse keeps
    working when copied or renamed (history/, an analyst's laptop). DuckDB names the
    catalog after the file, so "kinerja"."staging"."x" would break in kinerja-2024.duckdb. -#}
{% macro ref() %}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- do return(relation.include(database=False)) -%}
{% endmacro %}

{% macro source() %}
    {%- set relation = builtins.source(*varargs, **kwargs) -%}
    {%- do return(relation.include(database=False)) -%}
{% endmacro %}
