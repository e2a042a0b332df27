"""Finance exports (SIPD-RI, LRA per SKPD, flat CSV): realisation for every agency at
once, read from ``raw/<fiscal_year>/keuangan/``. :mod:`.shapes` recognises a file and
reads its rows; :mod:`.export_rows` turns them into the contract's budget and spending lines."""
