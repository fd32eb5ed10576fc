"""FullStory's Parquet export read in place from object storage: s3://, gs://
and az://, each from a stand-in served on loopback, through the profile that
docs/export.md gives for that store, gives the models that the same export gives from a
local folder, row for row.

The package's DuckDB (.venv) cannot load the httpfs and azure extensions
offline, so dbt runs from .venv-remote (scripts/bootstrap-remote): DuckDB
1.5.5 with the extensions of its PyPI wheels, and dbt-duckdb. Both sides of
the comparison, the remote store and the local folder, run there.

What each stand-in proves, and what it does not:

- s3: moto's S3 server. DuckDB's httpfs lists the export (ListObjectsV2, with
  the glob of check_export_files and of the source), reads each file's schema
  (parquet_schema) and the files (ranged GETs), with an `s3` secret built by
  dbt-duckdb from docs/export.md's profile, whose keys come from environment
  variables. moto does not check the signature, the keys or the region: a
  wrong credential is not caught here.
- gcs: fake-gcs-server (Go, shipped in a PyPI wheel), a Google Cloud Storage
  emulator that answers the XML API DuckDB uses for gs:// (the S3-compatible
  listing and GETs, signed with an HMAC key). It proves the `gcs` secret and
  the gs:// scheme reach a GCS-style listing and reads through DuckDB's httpfs;
  it does not check the HMAC signature, and it ignores the listing's
  `encoding-type=url` (real GCS honours it; DuckDB decodes either).
- azure: azurite, Microsoft's Azure Blob Storage emulator, with an account key
  in the connection string: the azure extension lists and reads the blobs,
  and azurite checks the SharedKey signature, so a wrong key fails here
  (asserted below). abfss:// (ADLS Gen2) is not covered: the azure extension
  sends it to `<account>.dfs.core.windows.net` whatever the connection string
  names, and azurite has no Data Lake (dfs) API.

What no stand-in proves: TLS, a real store's throttling and latency, IAM
policies, regions. The emulator-only settings the test adds to each
profile of docs/export.md: the stand-in's endpoint (`endpoint`, `url_style: path`,
`use_ssl: false` in the secret; the connection string's BlobEndpoint for
azurite), the DuckDB file, and DuckDB's `extension_directory` (config_options),
so that `extensions: [httpfs]` finds the extension in .venv-remote instead of
downloading it.

The objects are uploaded under the names FullStory documents
(`events/ingested_time=2026-10-01 07:00:00/...`, a space and colons in the
key); write_export, through DuckDB's COPY, percent-encodes them on a local
disk, which is the folder the local side reads.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import urllib.parse

import duckdb
import pytest
import yaml
from stand_ins import free_port, serve

from conftest import ROOT
from generate_events import generate, write_export

pytestmark = pytest.mark.slow  # four builds of the package, three stand-ins

REMOTE_VENV = pathlib.Path(os.environ.get("DBT_FULLSTORY_REMOTE_VENV", ROOT / ".venv-remote"))
MODELS = ("events", "sessions", "users", "pages")
BUCKET, FOLDER = "fullstory-export", "fullstory_o-1"
# azurite's well-known development account (public, in Microsoft's documentation)
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

# Run by .venv-remote's Python (azure-storage-blob lives there): upload each
# file of the export under its documented name.
UPLOAD = """
import json, pathlib, sys
store, endpoint, root, names = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3]), json.loads(sys.argv[4])
if store == "s3":
    import boto3
    s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="fake", aws_secret_access_key="fake",
                      region_name="us-east-1")
    s3.create_bucket(Bucket=names["bucket"])
    for local, key in names["files"].items():
        s3.upload_file(str(root / local), names["bucket"], key)
else:
    from azure.storage.blob import BlobServiceClient
    container = BlobServiceClient.from_connection_string(endpoint).create_container(names["bucket"])
    for local, key in names["files"].items():
        with open(root / local, "rb") as data:
            container.upload_blob(key, data)
"""


def remote_tool(*parts):
    path = REMOTE_VENV.joinpath(*parts)
    if not path.exists():
        raise AssertionError(f"{path} is missing: scripts/test installs it (scripts/bootstrap-remote)")
    return path


def documented_profile(store):
    """docs/export.md's profile for `store`: the yaml block under its marker."""
    text = (ROOT / "docs" / "export.md").read_text()
    found = re.search(rf"<!-- remote-store profile: {store} -->\n```yaml\n(.*?)```", text, re.S)
    assert found, f"docs/export.md has no profile block marked <!-- remote-store profile: {store} -->"
    return yaml.safe_load(found.group(1))


def run_dbt(*args, profile, workdir, env=None, check=True):
    """`dbt ARGS` of .venv-remote on the repository's project, with the
    profiles.yml written from `profile` into workdir."""
    (name,) = profile
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "profiles.yml").write_text(yaml.safe_dump(profile))
    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", **(env or {}))
    done = subprocess.run(
        [str(remote_tool("bin", "dbt")), *args, "--project-dir", str(ROOT), "--profiles-dir", str(workdir)]
        + ["--profile", name, "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{done.stdout[-8000:]}\n{done.stderr[-3000:]}")
    return done


def build(export_path, profile, workdir, env=None):
    """seed, a full run and an incremental run of the package on the export
    at export_path; the models' rows, sorted."""
    (name,) = profile
    output = profile[name]["outputs"][profile[name]["target"]]
    output["path"] = str(workdir / "fullstory.duckdb")
    output.setdefault("config_options", {})["extension_directory"] = str(remote_tool("duckdb_extensions"))
    variables = json.dumps({"fullstory_export_path": export_path, "fullstory_org_id": "o-1"})
    for command in ("seed", "run", "run"):
        run_dbt(command, "--vars", variables, profile=profile, workdir=workdir, env=env)
    with duckdb.connect(output["path"], read_only=True) as con:
        return {m: sorted(map(repr, con.execute(f"select * from {output['schema']}.{m}").fetchall())) for m in MODELS}


@pytest.fixture(scope="session")
def export(tmp_path_factory):
    """Generated events written as the export in a local folder; the files,
    each with the object name FullStory gives it."""
    folder = tmp_path_factory.mktemp("export")
    generate(folder / "table.duckdb", events=2000, seed=5)
    root = folder / FOLDER
    assert write_export(folder / "table.duckdb", root) > 50
    files = {
        str(path.relative_to(root)): f"{FOLDER}/{urllib.parse.unquote(str(path.relative_to(root)))}"
        for path in sorted(root.rglob("*.parquet"))
    }
    assert any(" " in key and ":" in key for key in files.values())
    return root, files


@pytest.fixture(scope="session")
def local_models(export, tmp_path_factory):
    """The models built from the local folder, with docs/export.md's S3 profile
    less its secrets (nothing to authenticate to)."""
    root, _ = export
    profile = documented_profile("s3")
    (name,) = profile
    output = profile[name]["outputs"][profile[name]["target"]]
    del output["secrets"]
    rows = build(str(root), profile, tmp_path_factory.mktemp("local"))
    for model in MODELS:
        assert len(rows[model]) > 20, model
    return rows


def s3_stand_in(port, workdir):
    endpoint = f"127.0.0.1:{port}"
    command = [str(remote_tool("bin", "moto_server")), "-H", "127.0.0.1", "-p", str(port)]
    secret = {"endpoint": endpoint, "url_style": "path", "use_ssl": False}
    env = {"AWS_ACCESS_KEY_ID": "fake-key-id", "AWS_SECRET_ACCESS_KEY": "fake-secret"}
    return command, f"http://{endpoint}", secret, env, f"s3://{BUCKET}/{FOLDER}"


def gcs_stand_in(port, workdir):
    """fake-gcs-server serves the folder workdir/data/<bucket>/ as the bucket."""
    endpoint = f"127.0.0.1:{port}"
    command = [str(remote_tool("bin", "fake-gcs-server")), "-backend", "memory", "-data", str(workdir / "data")]
    command += ["-scheme", "http", "-host", "127.0.0.1", "-port", str(port), "-public-host", endpoint]
    secret = {"endpoint": endpoint, "url_style": "path", "use_ssl": False}
    env = {"GCS_HMAC_KEY_ID": "fake-key-id", "GCS_HMAC_SECRET": "fake-secret"}
    return command, None, secret, env, f"gs://{BUCKET}/{FOLDER}"


def azure_stand_in(port, workdir):
    command = [str(remote_tool("azurite", "node_modules", ".bin", "azurite-blob"))]
    command += ["--blobHost", "127.0.0.1", "--blobPort", str(port), "--inMemoryPersistence"]
    command += ["--skipApiVersionCheck", "--disableTelemetry", "--silent"]
    connection = (
        f"DefaultEndpointsProtocol=http;AccountName={AZURITE_ACCOUNT};AccountKey={AZURITE_KEY};"
        f"BlobEndpoint=http://127.0.0.1:{port}/{AZURITE_ACCOUNT};"
    )
    env = {"AZURE_STORAGE_CONNECTION_STRING": connection}
    return command, connection, {}, env, f"az://{BUCKET}/{FOLDER}"


STAND_INS = {"s3": s3_stand_in, "gcs": gcs_stand_in, "azure": azure_stand_in}


@pytest.mark.parametrize("store", sorted(STAND_INS))
def test_the_export_in_a_store_gives_the_models_of_the_local_folder(store, export, local_models, tmp_path):
    root, files = export
    port = free_port()
    command, upload_endpoint, secret, env, export_path = STAND_INS[store](port, tmp_path)
    if upload_endpoint is None:  # fake-gcs-server loads its bucket from a folder when it starts
        for local, key in files.items():
            (tmp_path / "data" / BUCKET / key).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / local, tmp_path / "data" / BUCKET / key)
    with open(tmp_path / f"{store}.log", "w") as log:
        server = serve(command, port, log)
        try:
            if upload_endpoint is not None:
                names = json.dumps({"bucket": BUCKET, "files": files})
                subprocess.run(
                    [str(remote_tool("bin", "python")), "-c", UPLOAD, store, upload_endpoint, str(root), names],
                    check=True,
                    timeout=300,
                )
            profile = documented_profile(store)
            (name,) = profile
            output = profile[name]["outputs"][profile[name]["target"]]
            (readme_secret,) = output["secrets"]
            readme_secret.update(secret)
            rows = build(export_path, profile, tmp_path / "dbt", env)
            for model in MODELS:
                assert rows[model] == local_models[model], f"{store}: {model} differs from the local folder's"

            # a path where no file is: the package's error naming the var
            wrong = export_path.replace(FOLDER, "fullstory_o-2")
            done = run_dbt(
                "run",
                "--vars",
                json.dumps({"fullstory_export_path": wrong}),
                profile=profile,
                workdir=tmp_path / "dbt",
                env=env,
                check=False,
            )
            assert done.returncode != 0
            assert f"""var 'fullstory_export_path' is "{wrong}", where no file matches""" in done.stdout, done.stdout

            if store == "azure":  # azurite checks the account key: its refusal surfaces
                bad_key = env["AZURE_STORAGE_CONNECTION_STRING"].replace(AZURITE_KEY, "A" + AZURITE_KEY[1:])
                done = run_dbt(
                    "run",
                    "--vars",
                    json.dumps({"fullstory_export_path": export_path}),
                    profile=profile,
                    workdir=tmp_path / "dbt",
                    env={"AZURE_STORAGE_CONNECTION_STRING": bad_key},
                    check=False,
                )
                assert done.returncode != 0
                assert "AuthorizationFailure" in done.stdout, done.stdout
        finally:
            server.terminate()
            server.wait(timeout=30)
