-- Which agencies got the most achievement per rupiah absorbed in 2024?
select efficiency_rank, agency_name, round(efficiency_index, 3) as indeks_efisiensi,
       round(achievement_rate * 100, 2) as capaian_persen,
       round(absorption_rate * 100, 2) as serapan_persen, quadrant_label
from marts.agency_years
where fiscal_year = 2024
order by efficiency_rank
limit 10;
