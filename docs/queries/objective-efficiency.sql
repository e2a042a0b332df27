-- For each sasaran of the seed report (Kesbangpol 2022): money spent against achievement.
select objective_no, objective_name, budget_idr, realized_idr,
       round(absorption_rate * 100, 2) as serapan_persen,
       round(achievement_rate * 100, 2) as capaian_persen,
       round(efficiency_index, 3) as indeks_efisiensi, quadrant
from marts.objective_achievements
where agency_id = 'muba-kesbangpol' and fiscal_year = 2022
order by objective_no;
