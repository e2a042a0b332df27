-- Who moved most in the absorption ranking from 2023 to 2024 (renames followed)?
select agency_name, absorption_rank, absorption_rank_change,
       round(absorption_change * 100, 2) as perubahan_serapan_poin
from marts.agency_years
where fiscal_year = 2024 and absorption_rank_change is not null
order by abs(absorption_rank_change) desc, agency_name
limit 10;
