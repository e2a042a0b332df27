-- The floor (scripts/floor.sql) against the pipeline's published warehouse, per
-- agency-year: compared, agreeing, not comparable, and the first ten that disagree.
-- scripts/bench runs it with the warehouse attached as `pipeline`, the floor as `floor`.
with
-- what the floor cannot read: an agency's workbook, a year with a finance export
unreadable as (
    select distinct agency_id, fiscal_year from pipeline.raw.ingest_files
    where agency_id is not null and status <> 'note'
        and lower(source_file) not like '%.csv'
    union
    select agency.agency_id, export.fiscal_year
    from (select distinct fiscal_year from pipeline.raw.ingest_files
          where source_file like '%/keuangan/%') as export
    cross join (select distinct agency_id from pipeline.marts.agency_years) as agency
),
pipeline_years as (
    select years.*, unreadable.agency_id is null as is_comparable
    from pipeline.marts.agency_years as years
    left join unreadable using (agency_id, fiscal_year)
),
-- ranks and quadrants compare only where the floor reads every agency of the year
whole_region_years as (
    select region_code, fiscal_year from pipeline_years group by all
    having bool_and(is_comparable)
),
compared as (
    select
        pipeline.budget_idr = floor.budget_idr
            and pipeline.realized_idr = floor.realized_idr
            and round(pipeline.achievement_rate, 9) is not distinct from
                round(floor.achievement_rate, 9)
            and pipeline.category_name is not distinct from floor.category_name
            and (whole.region_code is null or (
                pipeline.absorption_rank = floor.absorption_rank
                and pipeline.quadrant = floor.quadrant))
            as agrees,
        pipeline.agency_id || ' ' || pipeline.fiscal_year as agency_year
    from pipeline_years as pipeline
    inner join floor.agency_years as floor
        on pipeline.fiscal_year = floor.fiscal_year and pipeline.agency_id = floor.agency_id
    left join whole_region_years as whole
        on pipeline.region_code = whole.region_code
        and pipeline.fiscal_year = whole.fiscal_year
    where pipeline.is_comparable
)
select count(*), count(*) filter (where agrees),
    (select count(*) from pipeline_years where not is_comparable),
    list(agency_year order by agency_year) filter (where not agrees)[1:10]
from compared
