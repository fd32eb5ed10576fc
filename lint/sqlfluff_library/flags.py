"""Stand-in for dbt's `flags` context object, for sqlfluff."""

FULL_REFRESH = False
