-- How did each regency's absorption and mean achievement move year by year?
select region_name, fiscal_year, agencies_reporting, budget_idr, realized_idr,
       round(absorption_rate * 100, 2) as serapan_persen,
       round(mean_achievement_rate * 100, 2) as rata_rata_capaian_persen
from marts.regency_years
order by region_name, fiscal_year;
