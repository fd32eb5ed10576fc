"""Stand-in for dbt's `api` context object, for sqlfluff."""


class Relation:
    @staticmethod
    def create(database=None, schema=None, identifier=None):
        return f"{database}.{schema}.{identifier}"
