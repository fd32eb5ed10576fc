"""The generator's realities (python/generate_events.py)."""

import duckdb
import pytest

from generate_events import generate


@pytest.fixture(scope="session")
def sample(tmp_path_factory):
    database = tmp_path_factory.mktemp("gen") / "sample.duckdb"
    generate(database, events=20000, seed=3)
    return duckdb.connect(str(database), read_only=True)


def one(con, sql):
    return con.execute(sql).fetchone()[0]


def test_sample_has_fullstorys_source_types(sample):
    types = dict(
        sample.execute(
            "select column_name, data_type from information_schema.columns where table_name = 'events'"
        ).fetchall()
    )
    assert types["event_time"] == "TIMESTAMP" and types["device_id"] == "BIGINT" and types["session_id"] == "BIGINT"


def test_sample_has_every_reality_the_models_must_survive(sample):
    rows = one(sample, "select count(*) from fullstory.events")
    duplicates = one(sample, "select count(*) - count(distinct event_id) from fullstory.events")
    assert 19000 < rows < 23000
    assert 0 < duplicates < 0.01 * rows  # FullStory's at-least-once delivery: under 1% (docs/export.md)
    assert one(sample, "select count(*) from fullstory.events where updated_time is null") > 0
    assert one(sample, "select count(*) from fullstory.events where session_id is null and source_type = 'server'") > 0
    assert one(sample, "select count(*) from fullstory.events where not json_valid(event_properties)") > 0
    assert one(sample, "select count(*) from fullstory.events where source_type = 'mobile_app'") > 0
    late = one(sample, "select count(*) from fullstory.events where processed_time > event_time + interval 20 minute")
    assert 0.02 * rows < late < 0.1 * rows  # FullStory's late data: about 5% (docs/export.md)
    # devices that identify only in a later session than their first
    assert (
        one(
            sample,
            """
        select count(*) from (
            select device_id, min(session_id) as first_session,
                   min(session_id) filter (where event_type = 'identify') as identified_in
            from fullstory.events where session_id is not null group by 1)
        where identified_in > first_session""",
        )
        > 0
    )
    # the same event_id twice with different updated_time (re-synced sessions)
    assert (
        one(
            sample,
            """select count(*) from (select event_id from fullstory.events
                         group by 1 having count(distinct updated_time) > 1)""",
        )
        > 0
    )


def test_same_seed_same_table(tmp_path):
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    generate(a, events=2000, seed=11)
    generate(b, events=2000, seed=11)
    query = "select * from fullstory.events order by all"
    with duckdb.connect(str(a)) as ca, duckdb.connect(str(b)) as cb:
        assert ca.execute(query).fetchall() == cb.execute(query).fetchall()


def test_the_generator_writes_into_a_file_named_after_its_schema(tmp_path):
    """fullstory.duckdb with schema fullstory: a two-part name would be
    ambiguous (catalog or schema); the generator names catalog.schema.table."""
    database = tmp_path / "fullstory.duckdb"
    assert generate(database, events=200, seed=1) > 0
    with duckdb.connect(str(database), read_only=True) as con:
        assert one(con, "select count(*) from fullstory.fullstory.events") > 0
