"""What dbt-snowflake and dbt-bigquery would submit for each Python model,
written to OUT_DIR/<model name>.py instead of submitted.

dbt-snowflake wraps what it submits in a stored procedure and dbt-bigquery
sends it to Dataproc; neither can run here. This is the code they submit:
the model file as dbt compiled it, dbt's `dbtObj` (ref, config, this,
is_incremental) and the adapter's materialization (`main(session)` on
Snowflake, the script around `model(dbt, spark)` on Dataproc). The stand-in
warehouse (fakesnow, the BigQuery emulator) answers dbt's SQL meanwhile;
the models then fail with "captured", as no warehouse ran them.

`with capturing(OUT_DIR): <dbt in this process>`, or, from a shell,
`python capture_submissions.py OUT_DIR DBT_ARGS...`.
"""

import contextlib
import pathlib
import sys

CAPTURED = "dbt_fullstory tests: the submission was captured, not run"


@contextlib.contextmanager
def capturing(out_dir):
    from dbt.adapters.base.impl import BaseAdapter
    from dbt.adapters.snowflake.impl import SnowflakeAdapter

    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    def capture(self, parsed_model, compiled_code):
        (out_dir / f"{parsed_model['name']}.py").write_text(compiled_code)
        raise RuntimeError(CAPTURED)

    # SnowflakeAdapter defines its own; dbt-bigquery's is BaseAdapter's
    saved = BaseAdapter.submit_python_job, SnowflakeAdapter.submit_python_job
    BaseAdapter.submit_python_job = SnowflakeAdapter.submit_python_job = capture
    try:
        yield out_dir
    finally:
        BaseAdapter.submit_python_job, SnowflakeAdapter.submit_python_job = saved


def main(out_dir, dbt_args):
    from dbt.cli.main import dbtRunner

    with capturing(out_dir):
        dbtRunner().invoke(dbt_args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
