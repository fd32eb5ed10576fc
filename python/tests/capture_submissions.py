"""`python capture_submissions.py OUT_DIR DBT_ARGS...`: run dbt, and write
each Python model's code to OUT_DIR/<model name>.py instead of submitting it.

dbt-snowflake wraps what it submits in a stored procedure and dbt-bigquery
sends it to Dataproc; neither can run here. This is the code they submit:
the model file as dbt compiled it, dbt's `dbtObj` (ref, config, this,
is_incremental) and the adapter's materialization (`main(session)` on
Snowflake, the script around `model(dbt, spark)` on Dataproc). The stand-in
warehouse (fakesnow, the BigQuery emulator) answers dbt's SQL meanwhile;
the models then fail with "captured", as no warehouse ran them.
"""

import pathlib
import sys

from dbt.adapters.base.impl import BaseAdapter
from dbt.adapters.snowflake.impl import SnowflakeAdapter
from dbt.cli.main import dbtRunner


def main(out_dir, dbt_args):
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    def capture(self, parsed_model, compiled_code):
        (out_dir / f"{parsed_model['name']}.py").write_text(compiled_code)
        raise RuntimeError("dbt_fullstory tests: the submission was captured, not run")

    BaseAdapter.submit_python_job = capture
    SnowflakeAdapter.submit_python_job = capture
    dbtRunner().invoke(dbt_args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
