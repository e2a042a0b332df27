-- Which agencies missed their targets in 2024 while leaving money unspent?
select agency_name, round(achievement_rate * 100, 2) as capaian_persen,
       round(absorption_rate * 100, 2) as serapan_persen, savings_idr as sisa_anggaran_idr
from marts.agency_years
where fiscal_year = 2024 and quadrant = 'under_execution'
order by savings_idr desc;
