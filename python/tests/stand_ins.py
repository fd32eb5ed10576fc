"""The stand-in warehouses the tests serve on loopback: fakesnow for
Snowflake and the crucible emulator for BigQuery, and how to run one."""

import contextlib
import os
import pathlib
import socket
import subprocess
import sys
import time

from conftest import ROOT

EMULATOR_VENV = pathlib.Path(os.environ.get("DBT_FULLSTORY_EMULATOR_VENV", ROOT / ".venv-bigquery-emulator"))
STEP_TIMEOUT = 240  # a failed statement can leave a stand-in retrying for ever


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(command, port, log):
    """Start a server on loopback and wait until it accepts connections."""
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(120):
        if process.poll() is not None:
            raise AssertionError(f"{command[0]} exited: see {log.name}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise AssertionError(f"{' '.join(map(str, command))} did not start listening on {port}")


def snowflake_stand_in():
    port = free_port()
    # fakesnow's server, with a shim for one of its bugs (fakesnow_server.py)
    command = [sys.executable, str(pathlib.Path(__file__).with_name("fakesnow_server.py")), "-s", "-p", str(port)]
    env = {
        "SNOWFLAKE_ACCOUNT": "fakesnow",
        "SNOWFLAKE_USER": "fake",
        "SNOWFLAKE_PASSWORD": "fake",
        "SNOWFLAKE_DATABASE": "FULLSTORY_TEST",
        "SNOWFLAKE_WAREHOUSE": "TEST_WH",
        "SNOWFLAKE_HOST": "127.0.0.1",
        "SNOWFLAKE_PORT": str(port),
        "SNOWFLAKE_PROTOCOL": "http",
    }
    return command, port, env


def bigquery_stand_in():
    port = free_port()
    crucible = EMULATOR_VENV / "bin" / "crucible"
    if not crucible.exists():
        raise AssertionError(f"{crucible} is missing: scripts/test installs it (scripts/bootstrap-emulator)")
    command = [str(crucible), "serve", "--dialect", "bigquery", "--port", str(port)]
    env = {
        "BIGQUERY_METHOD": "oauth-secrets",
        "BIGQUERY_TOKEN": "offline",
        "BIGQUERY_PROJECT": "fullstory-test",
        "BIGQUERY_API_ENDPOINT": f"http://127.0.0.1:{port}",
        "BIGQUERY_JOB_RETRIES": "0",
    }
    return command, port, env


STAND_INS = {"snowflake": snowflake_stand_in, "bigquery": bigquery_stand_in}


@contextlib.contextmanager
def running(name, log_path):
    """The stand-in for warehouse `name` ("snowflake" or "bigquery") served
    while the block runs; yields the environment for its integration project."""
    command, port, env = STAND_INS[name]()
    with open(log_path, "w") as log:
        server = serve(command, port, log)
        try:
            yield env
        finally:
            server.terminate()
            server.wait(timeout=30)
