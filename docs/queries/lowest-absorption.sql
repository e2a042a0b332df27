-- Which agencies absorbed the least of their budget in 2024, and did they miss targets?
select agency_name, round(absorption_rate * 100, 2) as serapan_persen,
       round(achievement_rate * 100, 2) as capaian_persen, category_name,
       is_target_met, quadrant
from marts.agency_years
where fiscal_year = 2024
order by absorption_rate
limit 5;
