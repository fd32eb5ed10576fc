"""The documentation: every model, column, seed, macro and var described, and
the dbt docs site rendering them in a real browser.

The package is built as the demo builds it (a generated sample in DuckDB,
`dbt build`), `dbt docs generate` writes the site to a temporary target
directory, which is served on loopback and opened in headless Chromium
(Debian's `chromium`; scripts/test installs it). The checks read the DOM the
site's JavaScript rendered: the events, sessions and users pages with their
descriptions and every column, the package page with its pointers to the
README's Vars and the docs/ pages, and the lineage graph's nodes and edges
(read from the live graph through a probe page served next to the site).

DBT_FULLSTORY_UPDATE_SCREENSHOT=1 also writes the lineage graph screenshot
to docs/images/docs-site.png (the one README shows).
"""

import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading

import pytest
import yaml

from conftest import ROOT, dbt, markdown_pages
from generate_events import generate

MODELS = ("events", "sessions", "users", "pages")
DEFINITIONS = ("event_definitions", "page_definitions", "element_definitions")
VARS = "{fullstory_events_schema: fullstory, fullstory_org_id: o-DOCS-na1}"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = ROOT / "docs" / "images" / "docs-site.png"
BIGQUERY_DESCRIPTION_LIMIT = 1024  # characters of a column description (persist_docs)

# Reads the graph cytoscape drew (its nodes are pixels on a canvas, not DOM
# text) from the site in a same-origin iframe, and writes it into this page.
PROBE = """<!doctype html><html><body><pre id="graph">waiting</pre>
<iframe id="site" style="width:1400px;height:900px"
  src="index.html#!/model/model.dbt_fullstory.sessions?g_v=1"></iframe>
<script>
function look() {
  try {
    var el = document.getElementById('site').contentDocument.getElementById('cy');
    var cy = el && el._cyreg && el._cyreg.cy;
    if (cy && cy.nodes(':visible').length) {
      document.getElementById('graph').textContent = JSON.stringify({
        nodes: cy.nodes(':visible').map(function (n) { return n.id(); }).sort(),
        edges: cy.edges().map(function (e) { return e.source().id() + ' > ' + e.target().id(); }).sort()});
      return;
    }
  } catch (e) {}
  setTimeout(look, 200);
}
look();
</script></body></html>
"""


def chromium(*args, url, tmp_path):
    """Run headless Chromium on a URL; its flags keep it off the (closed) network."""
    assert os.path.exists(CHROMIUM), "headless Chromium is needed: apt-get install chromium (scripts/test does)"
    profile = tempfile.mkdtemp(dir=tmp_path, prefix="chromium-")
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=15000",
            *args,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"chromium failed on {url}:\n{done.stderr[-3000:]}"
    return done.stdout


def page_text(dom):
    """The visible text of a dumped DOM, whitespace collapsed."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))


def squash(text):
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The docs site of the package built on a generated sample, served on loopback."""
    work = tmp_path_factory.mktemp("docs_site")
    database, target = work / "demo.duckdb", work / "target"
    generate(database, events=2000, seed=11)
    common = ("--vars", VARS, "--target-path", str(target))
    dbt("build", *common, project=ROOT, database=database)
    dbt("docs", "generate", *common, project=ROOT, database=database)
    (target / "probe.html").write_text(PROBE)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(target)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield {
            "url": f"http://127.0.0.1:{server.server_address[1]}",
            "manifest": json.loads((target / "manifest.json").read_text()),
            "catalog": json.loads((target / "catalog.json").read_text()),
            "tmp": work,
        }
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- the YAML


def package_nodes(site, resource_types=("model", "seed")):
    return {
        uid: node
        for uid, node in site["manifest"]["nodes"].items()
        if node["package_name"] == "dbt_fullstory" and node["resource_type"] in resource_types
    }


def test_every_model_seed_and_column_is_described(site):
    nodes = package_nodes(site)
    assert {n["name"] for n in nodes.values()} == {
        "stg_fullstory__events",
        *MODELS,
        *DEFINITIONS,
        *(f"stg_fullstory__{name}" for name in DEFINITIONS),
        "fullstory_event_types",
        "fullstory_source_types",
        "fullstory_settings",
        "fullstory_model_settings",
    }
    for uid, node in nodes.items():
        assert "Grain:" in node["description"], f"{uid}: the description must state the grain"
        built = {c.lower() for c in site["catalog"]["nodes"][uid]["columns"]}
        documented = {c.lower() for c in node["columns"]}
        assert built - documented == set(), f"{uid}: columns without a description"
        assert documented - built == set(), f"{uid}: described columns the model does not have"
        for name, column in node["columns"].items():
            description = column["description"].strip()
            assert description and "{{" not in description, f"{uid}.{name}: no description (or an unrendered doc())"
            assert len(description) <= BIGQUERY_DESCRIPTION_LIMIT, f"{uid}.{name}: too long for BigQuery"
            if node["resource_type"] == "model" and not node["name"].startswith("stg_fullstory__"):
                assert column.get("data_type"), f"{uid}.{name}: no data_type"


def test_the_contract_columns_are_described():
    """Each column of the public interface (the user-facing names, which the README promises) is described."""
    contract = {
        "events": "event_id event_time processed_time updated_time device_id session_id view_id full_session_id "
        "event_type source_type user_id user_email user_display_name url_full_url url_host url_path "
        "url_query url_hash_path url_hash_query initial_referrer_full_url initial_referrer_host "
        "device_user_agent device_type device_operating_system device_browser device_browser_version "
        "geo_ip_address geo_country geo_region geo_city geo_lat_long target_text target_masked "
        "target_raw_selector target_element_definition_id event_name event_definition_id page_definition_id "
        "fs_rage_count fs_dead_count fs_error_kind event_properties source_properties",
        "sessions": "full_session_id device_id session_id identified_user_id user_id user_email user_display_name "
        "start_time end_time duration_seconds updated_time total_events total_click_events "
        "total_web_events total_mobile_app_events total_server_events total_page_views total_unique_urls "
        "landing_url exit_url initial_referrer_full_url source_type device_type device_operating_system "
        "device_browser device_browser_version device_user_agent geo_country geo_region geo_city "
        "geo_lat_long replay_url start_date total_clicks total_rage_clicks total_dead_clicks total_error_clicks "
        "is_frustrated",
        "users": "user_id is_identified user_email user_display_name first_seen_time last_seen_time total_sessions "
        "total_devices total_session_duration_seconds total_events total_page_views total_click_events "
        "total_web_sessions total_mobile_app_sessions last_device_type last_device_operating_system "
        "last_device_browser last_geo_country last_geo_region last_geo_city last_replay_url updated_time "
        "first_seen_date last_seen_date total_rage_clicks total_dead_clicks total_error_clicks "
        "total_frustrated_sessions",
        "pages": "full_view_id full_session_id device_id session_id view_id user_id start_time end_time "
        "duration_seconds start_date page_url page_host page_path page_definition_id page_name view_number "
        "is_landing_page is_exit_page total_events total_clicks total_rage_clicks total_dead_clicks "
        "total_error_clicks is_frustrated total_exceptions updated_time replay_url",
        **dict.fromkeys(
            DEFINITIONS, "id name description state created_time modified_time updated_time created_by modified_by"
        ),
    }
    models = {
        m["name"]: m
        for path in (ROOT / "models").rglob("_fullstory__*.yml")
        for m in yaml.safe_load(path.read_text()).get("models", [])
    }
    for model, columns in contract.items():
        described = {c["name"] for c in models[model]["columns"] if c.get("description")}
        assert set(columns.split()) - described == set(), model


def test_every_macro_and_its_arguments_are_described():
    documented = {
        m["name"]: m for m in yaml.safe_load((ROOT / "macros" / "_fullstory__macros.yml").read_text())["macros"]
    }
    defined = {}
    for path in (ROOT / "macros").rglob("*.sql"):
        for name, args in re.findall(r"{%-?\s*macro\s+(\w+)\s*\(([^)]*)\)", path.read_text()):
            defined[name] = [a.split("=")[0].strip() for a in args.split(",") if a.strip()]
    assert set(defined) == set(documented)
    for name, arguments in defined.items():
        assert documented[name].get("description", "").strip(), name
        assert [a["name"] for a in documented[name].get("arguments", [])] == arguments, name
        assert all(a.get("description") for a in documented[name].get("arguments", [])), name


def test_public_macros_show_an_example_and_the_others_are_hidden():
    """The macros a user calls from their own models (their description starts
    with "Public."; the README names them) are on the docs site, each with an
    example (test_readme.py builds it); the package's internal ones are not."""
    macros = yaml.safe_load((ROOT / "macros" / "_fullstory__macros.yml").read_text())["macros"]
    public = {m["name"] for m in macros if m["description"].startswith("Public.")}
    assert public == {"replay_url", "full_session_id", "event_type_rollup", "safe_json", "json_string"}
    readme = (ROOT / "README.md").read_text()
    for macro in macros:
        shown = macro.get("docs", {}).get("show", True)
        if macro["name"] in public:
            assert shown, f"{macro['name']} is public: the docs site shows it"
            assert f"`{macro['name']}`" in readme, f"the README names the public macro {macro['name']}"
            assert re.search(
                rf"{{% raw %}}```sql\n.*dbt_fullstory\.{macro['name']}\(.*```{{% endraw %}}", macro["description"], re.S
            ), f"{macro['name']}: an example that calls it, in a raw block (dbt renders descriptions)"
        else:
            assert shown is False, f"{macro['name']} is internal: docs: {{show: false}}"


def var_table(markdown):
    """{var: [default, meaning]} of the first markdown table whose header starts with `| var |`."""
    lines = markdown[markdown.index("| var |") :].splitlines()
    rows = {}
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_every_var_has_a_default_and_a_row_in_the_readme_vars_table():
    """The README's Vars table is the one table of the vars: it lists every var
    the package reads, each with dbt_project.yml's default; no other page has one."""
    used = set()
    for path in [
        *(ROOT / "models").rglob("*.sql"),
        *(ROOT / "models").rglob("*.yml"),
        *(ROOT / "macros").rglob("*.sql"),
        *(ROOT / "tests").rglob("*.sql"),
    ]:
        # var('<name>'), or interval_seconds('<name>'), which reads the var of that name
        used |= set(re.findall(r"(?:var|interval_seconds)\(\s*['\"](\w+)['\"]", path.read_text()))
    defaults = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]["dbt_fullstory"]
    readme = (ROOT / "README.md").read_text()
    readme_vars = var_table(readme[readme.index("### Vars") :])
    assert used == set(defaults), "every var the package reads has a default in dbt_project.yml"
    assert set(readme_vars) == set(defaults), "the README's Vars table lists every var"
    for name, (shown, _meaning) in readme_vars.items():
        types = re.fullmatch(r"the (\d+) types of `seeds/fullstory_event_types.csv`", shown)
        if name == "fullstory_event_types" and types:
            seed = (ROOT / "seeds" / "fullstory_event_types.csv").read_text().splitlines()[1:]
            assert [line.split(",")[0] for line in seed] == defaults[name], "the seed lists the default types"
            assert int(types.group(1)) == len(defaults[name]), name
        else:
            assert re.fullmatch(r"`[^`]+`", shown), f"{name}: the default as dbt_project.yml writes it, in backticks"
            assert yaml.safe_load(shown.strip("`")) == defaults[name], f"{name}: README {shown}, dbt_project.yml"
    others = [
        path.relative_to(ROOT).as_posix()
        for path in markdown_pages()
        if path != ROOT / "README.md" and "| var |" in path.read_text()
    ]
    assert others == [], "the vars are listed in the README only; other pages link to its Vars table"


# ---------------------------------------------------------------- the site, in a browser


@pytest.mark.browser
@pytest.mark.parametrize("model", MODELS)
def test_model_page_renders_its_description_and_columns(site, model):
    uid = f"model.dbt_fullstory.{model}"
    text = page_text(chromium("--dump-dom", url=f"{site['url']}/index.html#!/model/{uid}", tmp_path=site["tmp"]))
    node = site["manifest"]["nodes"][uid]
    flat = squash(text)  # markdown renders `code` as elements: compare without whitespace
    first_line = re.sub(r"[*`]", "", node["description"].split("\n")[0])  # the markdown, as rendered
    assert squash(first_line[:80]) in flat, f"the {model} page does not show its description"
    assert "Columns" in text and "Depends On" in text
    for name, column in site["catalog"]["nodes"][uid]["columns"].items():
        assert f" {name} {column['type']} " in text, f"column {name} ({column['type']}) not on the {model} page"
        shown = node["columns"][name.lower()]["description"].replace("`", "")[:60]
        assert squash(shown) in flat, f"the description of {model}.{name} is not on the page"


@pytest.mark.browser
def test_package_page_points_to_the_vars_and_the_docs(site):
    text = page_text(
        chromium("--dump-dom", url=f"{site['url']}/index.html#!/overview/dbt_fullstory", tmp_path=site["tmp"])
    )
    assert "Vars section of the package's README.md" in text
    pages = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md"))
    missing = [page for page in pages if page not in text]
    assert missing == [], f"docs pages the package page does not point to: {missing}"


@pytest.mark.browser
def test_lineage_graph_renders(site):
    dom = chromium("--dump-dom", url=f"{site['url']}/probe.html", tmp_path=site["tmp"])
    found = re.search(r'<pre id="graph">(.*?)</pre>', dom, flags=re.S)
    assert found and found.group(1).startswith("{"), f"the lineage graph did not render: {found and found.group(1)}"
    graph = json.loads(html.unescape(found.group(1)))
    p = "model.dbt_fullstory."
    assert set(graph["nodes"]) >= {
        "source.dbt_fullstory.fullstory.events",
        f"{p}stg_fullstory__events",
        f"{p}events",
        f"{p}sessions",
        f"{p}users",
    }
    assert set(graph["edges"]) >= {
        f"source.dbt_fullstory.fullstory.events > {p}stg_fullstory__events",
        f"{p}stg_fullstory__events > {p}events",
        f"{p}events > {p}sessions",
        f"{p}sessions > {p}users",
    }

    shot = site["tmp"] / "docs-site.png"
    chromium(
        f"--screenshot={shot}",
        "--window-size=1400,900",
        "--hide-scrollbars",
        url=f"{site['url']}/index.html#!/model/model.dbt_fullstory.sessions?g_v=1",
        tmp_path=site["tmp"],
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if os.environ.get("DBT_FULLSTORY_UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
