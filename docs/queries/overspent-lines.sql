-- Which budget lines spent more than their budget?
select fiscal_year, agency_name, budget_level, budget_code, budget_line_name,
       budget_idr, realized_idr, round(absorption_rate * 100, 2) as serapan_persen
from marts.budget_lines
where is_overspent
order by realized_idr - budget_idr desc;
