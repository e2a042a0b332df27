"""Data-quality rules (Great Expectations suites as code), their validation and report."""
