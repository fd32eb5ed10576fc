"""The logic of dbt_fullstory's Python models, written once for every engine.

dbt Python models cannot import a module of the package, so
python/generate_models.py copies into each model file (models/*.py) the
definitions its model() uses, after it. Edit the modules here, then run
`python python/generate_models.py`.

MODULES lists the modules in the order the copies keep: each after what its
top-level code needs (a class after its base).
"""

MODULES = (
    "vocabulary",
    "settings",
    "incremental",
    "sessions",
    "users",
    "pages",
    "engine",
    "duckdb_engine",
    "dataframe_engine",
    "choose_engine",
)
