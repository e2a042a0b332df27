{#
    One row per row of `relation` and measure (anggaran, realisasi), in one pass (a
    union of two selects made DuckDB materialize the relation and read it twice).
    `columns`: (name, budget column, realisation column) triples; each name holds the
    column of the row's measure. `where` filters the pairs (e.g. one measure only).
#}
{% macro per_measure(relation, columns, where='true') %}
    select
        {{ relation }}.*,
        measures.measure,
        {%- for name, budget, realized in columns %}
        case measures.measure when 'anggaran' then {{ budget }} else {{ realized }} end
            as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    cross join (values ('anggaran'), ('realisasi')) as measures (measure)
    where {{ where }}
{% endmacro %}
