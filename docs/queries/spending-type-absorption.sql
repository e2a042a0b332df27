-- How much of each spending type (jenis belanja) was absorbed in 2024, regency-wide?
select account_code, account_name, sum(budget_idr) as anggaran_idr,
       sum(realized_idr) as realisasi_idr,
       round(sum(realized_idr) / nullif(sum(budget_idr), 0) * 100, 2) as serapan_persen
from marts.spending_by_type
where fiscal_year = 2024 and account_level = 'jenis'
group by all
order by account_code;
