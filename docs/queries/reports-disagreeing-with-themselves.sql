-- Which agency reports disagree with themselves (totals, percentages, narrative)?
select fiscal_year, agency_id, count(*) as temuan, list(distinct rule_id order by rule_id) as aturan
from marts.dq_findings
where suite = 'report'
group by all
order by temuan desc, fiscal_year, agency_id;
