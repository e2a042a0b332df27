-- How did a renamed agency do across the years (followed through its lineage)?
select lineage_agency_name, fiscal_year, agency_id, agency_name,
       round(absorption_rate * 100, 2) as serapan_persen,
       round(achievement_rate * 100, 2) as capaian_persen
from marts.agency_years
where lineage_agency_id in (
    select lineage_agency_id from marts.agency_years group by 1
    having count(distinct agency_id) > 1
)
order by lineage_agency_name, fiscal_year;
