"""The package's own dbt-score rules (dbt-checkpoint's checks that dbt-score lacks).

dbt-score loads this module through `rule_namespaces` in pyproject.toml and
runs every rule on each model of target/lint/manifest.json (written by `dbt
parse`, see lint/project_rules). A rule returns a RuleViolation naming what is
wrong; lint/project_rules fails on any.
"""

import re

from dbt_score import Model, RuleViolation, rule

# A model may say, in its YAML meta, why it has no unique key:
#   config: {meta: {no_unique_key: "<why>"}}
NO_UNIQUE_KEY = "no_unique_key"
STAGING_PREFIX = "models/staging/"


@rule
def key_is_tested_unique_and_not_null(model: Model) -> RuleViolation | None:
    """A model has a key column with both a unique and a not_null test."""
    if model.meta.get(NO_UNIQUE_KEY):
        return None
    for column in model.columns:
        kinds = {test.type for test in column.tests}
        if {"unique", "not_null"} <= kinds:
            return None
    for test in model.tests:
        if test.type == "unique_combination_of_columns":
            return None
    return RuleViolation(
        message=f"No column of {model.name} has both a unique and a not_null test "
        f"(or set meta {NO_UNIQUE_KEY}: <why> in its YAML)."
    )


@rule
def sources_only_in_staging(model: Model) -> RuleViolation | None:
    """Only models under models/staging/ read sources; the others ref() them."""
    sources = [node for node in model.depends_on.get("nodes", []) if node.startswith("source.")]
    if sources and not model.original_file_path.startswith(STAGING_PREFIX):
        return RuleViolation(message=f"{model.name} reads {', '.join(sources)} outside {STAGING_PREFIX}.")
    return None


def _bare_sql(raw: str) -> str:
    """The SQL of a model with its Jinja, comments and string literals taken out;
    {{ ref(...) }}, {{ source(...) }}, {{ this }} and {{ <name>.relation }} become __relation__."""
    text = re.sub(r"\{#.*?#\}", " ", raw, flags=re.S)
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{-?\s*(ref|source)\s*\(.*?\}\}", " __relation__ ", text, flags=re.S)
    text = re.sub(r"\{\{-?\s*this\s*-?\}\}", " __relation__ ", text)  # the model itself, when incremental
    # a relation a macro chose among the model's ref()s, e.g. events_read_bounds(ref(...)).relation
    text = re.sub(r"\{\{-?\s*\w+\.relation\s*-?\}\}", " __relation__ ", text)
    text = re.sub(r"\{\{.*?\}\}", " __expression__ ", text, flags=re.S)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"--[^\n]*", " ", text)
    return re.sub(r"'(?:[^']|'')*'", "''", text)


# FROM/JOIN followed by a name; not extract(x from y), not `is distinct from`
_READS = re.compile(r"(?<!distinct )\b(?:from|join)\s+([A-Za-z_\"`][\w.\"`$]*)", re.I)
_EXTRACT = re.compile(r"extract\s*\(\s*\w+\s+$", re.I)
_CTE = re.compile(r"\b(\w+)\s+as\s*\(", re.I)
# a table named by a string literal: session.table("x"), spark.sql("... from x"), .load("x");
# reading the model's own stored table (dbt.this) on an incremental run is not that
_PYTHON_READS = re.compile(r"(?:\b(?:session|spark)\.(?:table|sql)|\.load)\(\s*[\"']")


@rule
def no_hard_coded_relations(model: Model) -> RuleViolation | None:
    """A model reads other relations through ref() or source() only, never by name."""
    if model.language == "python":
        found = _PYTHON_READS.findall(model.raw_code)
        if found or not model.depends_on.get("nodes"):
            return RuleViolation(message=f"{model.name} must read its input with dbt.ref() or dbt.source().")
        return None
    sql = _bare_sql(model.raw_code)
    ctes = {name.lower() for name in _CTE.findall(sql)}
    named = [
        match.group(1)
        for match in _READS.finditer(sql)
        if match.group(1) != "__relation__"
        and match.group(1).lower() not in ctes
        and not _EXTRACT.search(sql[: match.start()])
    ]
    if named:
        return RuleViolation(message=f"{model.name} reads {', '.join(named)} by name; use ref() or source().")
    return None
