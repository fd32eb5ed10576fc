"""The Python models never pull event-level rows to the driver (or into pandas).

On Snowflake and Dataproc a collect() or toPandas() of events would move
every event through one machine's memory. The only rows the models' code
fetches are single-row aggregates: `newest`, the max(updated_time) of the
stored table on an incremental run, and `smallest`, the earliest event_time
its touched sessions can hold; and `read_settings`, the rows of the model
fullstory_settings, one per var. This reads the code (AST), so it holds for
every engine, including the ones the tests cannot run for real.
"""

import ast

from conftest import ROOT

FETCHES = {
    "toPandas",
    "to_pandas",
    "collect",
    "collect_nowait",
    "toLocalIterator",
    "to_local_iterator",
    "fetchall",
    "fetchone",
    "fetchmany",
    "fetchdf",
    "fetch_df",
    "df",
    "arrow",
    "pl",
    "take",
    "head",
}
# max() of one column; one row (limit 1) of the stored sessions; min() of one column (the incremental read's bound)
# and the rows of fullstory_settings (read_settings), which the package writes, a row per var
ALLOWED_IN = {"newest", "one_row", "smallest", "read_settings"}


def fetches_outside_allowed(path):
    found = []

    def visit(node, function):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in FETCHES:
            if function not in ALLOWED_IN:
                found.append(f"{path.name}:{node.lineno} {node.func.attr}() in {function}()")
        if isinstance(node, ast.Attribute) and node.attr in {"toPandas", "to_pandas", "rdd"}:
            found.append(f"{path.name}:{node.lineno} {node.attr}")
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(path.read_text()), None)
    return found


def test_models_fetch_no_event_rows():
    paths = [*(ROOT / "models").glob("*.py"), *(ROOT / "python" / "fullstory_frames").glob("*.py")]
    assert [f for p in paths for f in fetches_outside_allowed(p)] == []


def is_abstract(function):
    """A method of the Engine interface, which only says what it returns."""
    return any(ast.unparse(d).endswith("abstractmethod") for d in function.decorator_list)


def test_the_allowed_fetches_read_one_row():
    sources = [path.read_text() for path in (ROOT / "python" / "fullstory_frames").glob("*.py")]
    functions = [
        n
        for source in sources
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.FunctionDef) and n.name in ALLOWED_IN - {"read_settings"} and not is_abstract(n)
    ]
    assert len(functions) == 6  # each in the DuckDB and the DataFrame engine
    aggregate = {"newest": "max(", "smallest": "min(", "one_row": "limit 1"}
    for function in functions:
        text = ast.unparse(function)
        assert aggregate[function.name] in text.replace("limit(1)", "limit 1"), text


def test_the_settings_read_is_of_the_settings_model():
    """read_settings fetches only what it is handed, and each model hands it fullstory_settings."""
    for path in (ROOT / "models").glob("*.py"):
        assert 'read_settings(dbt.ref("dbt_fullstory", "fullstory_settings"))' in path.read_text(), path.name


def test_the_check_finds_a_collect(tmp_path):
    bad = tmp_path / "bad_model.py"
    bad.write_text("def model(dbt, session):\n    rows = dbt.ref('events').toPandas()\n    return rows\n")
    assert fetches_outside_allowed(bad)
