"""Seeded generator of synthetic regencies in the raw-data contract's shape."""
