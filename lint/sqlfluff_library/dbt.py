"""Stand-ins for dbt's cross-database macros (`dbt.type_string()`, ...), for sqlfluff."""


def type_string():
    return "varchar"


def type_timestamp():
    return "timestamp"


def type_bigint():
    return "bigint"


def safe_cast(column, type):
    return f"try_cast({column} as {type})"


def concat(fields):
    return " || ".join(fields)


def except_():
    return "except"


globals()["except"] = except_


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"{from_date_or_timestamp} + ((interval '1 {datepart}') * ({interval}))"
