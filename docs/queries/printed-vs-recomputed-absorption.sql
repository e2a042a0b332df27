-- Where does the serapan % a report printed differ from budget and realisasi recomputed?
select fiscal_year, agency_name, budget_code, budget_line_name, budget_idr, realized_idr,
       round(reported_absorption_rate * 100, 2) as serapan_tercetak_persen,
       round(absorption_rate * 100, 2) as serapan_dihitung_persen
from marts.budget_lines
where abs(reported_absorption_rate - absorption_rate) > 0.0001
order by abs(reported_absorption_rate - absorption_rate) desc;
