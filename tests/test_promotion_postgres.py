"""The promotion on PostgreSQL: the same plan, apply and undo through psycopg ("format" paramstyle)."""

from __future__ import annotations

import os
import sqlite3

import psycopg
import pytest

from app.demo import data as demo_data
from app.demo import PROFILE as DEMO_PROFILE
from app.errors import PromotionError
from app.markers import PROMOTED_NAME
from app.settings.model import Endpoint, Settings

pytestmark = pytest.mark.server
SCHEMA = """
CREATE TABLE general_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE stores (
  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  comm_control_host VARCHAR(100), web_manager_host VARCHAR(100), remote_load_host VARCHAR(100),
  mt1_remote_load_host VARCHAR(100), import_files_folder TEXT, import_images_folder TEXT,
  import_sounds_folder TEXT, logo_path TEXT, mit_manager_folder TEXT, lgtoledo_log_path TEXT,
  background_image TEXT, expiry_alert_sound TEXT, ecf_pdv_folder TEXT
);
CREATE TABLE store_media (
  id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES stores(id),
  kind TEXT NOT NULL, description TEXT, path TEXT NOT NULL
);
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
"""


@pytest.fixture
def pg_settings(tmp_path, home, postgres_server):
    name = f"promo_test_{os.getpid()}"
    with postgres_server.admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    source = demo_data.build_store_db(tmp_path / "demo.db", products=5, sales=5)
    lite = sqlite3.connect(source)
    with postgres_server.connect(name) as conn:
        conn.execute(SCHEMA)
        for table in ("general_settings", "stores", "store_media"):
            rows = lite.execute(f"SELECT * FROM {table}").fetchall()
            marks = ", ".join(["%s"] * len(rows[0]))
            conn.cursor().executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        conn.execute("INSERT INTO notes VALUES (1, 'Ligar para o suporte do OFICIAL')")
    lite.close()
    settings = Settings(enabled=False, mode="contingency", machine_name="CONTINGENCIA")
    settings.database.engine, settings.database.server = "postgres", postgres_server.host
    settings.database.port = postgres_server.port
    settings.database.name, settings.database.user = name, postgres_server.user
    settings.database.password = postgres_server.password
    settings.promotion.profile = str(DEMO_PROFILE)
    (tmp_path / "shared").mkdir()
    settings.contingency.source = Endpoint(kind="folder", path=str(tmp_path / "shared"))
    yield settings
    with postgres_server.admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cells_connection(settings: Settings):
    db = settings.database
    return psycopg.connect(host=db.server, port=db.port, user=db.user, password=db.password, dbname=db.name)


def cells(settings: Settings) -> dict:
    with cells_connection(settings) as conn:
        found = {}
        for table in ("general_settings", "stores", "store_media", "notes"):
            cur = conn.execute(f"SELECT * FROM {table}")
            names = [d.name for d in cur.description]
            for row in cur:
                found.update({(table, row[0], n): v for n, v in zip(names, row)})
        return found


def test_promotion_on_postgres_dry_run_apply_undo(pg_settings, home, tmp_path):
    from app.promotion.run import run_promotion
    from app.promotion.undo import undo_promotion

    maps = [("\\\\OFICIAL\\MGV7", "D:\\MGV7")]
    before = cells(pg_settings)
    preview = run_promotion(pg_settings, home, new_host="CONTINGENCIA", path_maps=maps, dry_run=True,
                            hooks=[], skip_catch_up=True)
    assert cells(pg_settings) == before
    assert [w.table for w in preview.plan.warnings] == ["notes"]
    result = run_promotion(pg_settings, home, new_host="CONTINGENCIA", path_maps=maps, hooks=[],
                           skip_catch_up=True, role_hosts={"web_manager": "10.0.0.9"})
    assert result.completed, result.report()
    after = cells(pg_settings)
    changed = {(k[0], k[1], k[2], before[k], after[k]) for k in before if before[k] != after[k]}
    planned = {(c.table, c.row_id[1], c.column, c.old, c.new) for c in result.plan.changes}
    assert changed == planned and len(planned) == len(preview.plan.changes) + 0
    assert after[("stores", 1, "web_manager_host")] == "10.0.0.9"
    assert after[("stores", 3, "logo_path")] == "D:\\MGV7\\Lojas\\LOJA03\\Logo\\logo.bmp"
    assert (tmp_path / "shared" / PROMOTED_NAME).is_file()
    undo_promotion(pg_settings, home)
    assert cells(pg_settings) == before


def test_postgres_profile_mismatch_names_what_is_missing(pg_settings, home, tmp_path):
    from app.promotion.run import run_promotion

    with cells_connection(pg_settings) as conn:
        conn.execute("ALTER TABLE stores DROP COLUMN ecf_pdv_folder")
    with pytest.raises(PromotionError, match="column stores.ecf_pdv_folder not found"):
        run_promotion(pg_settings, home, new_host="X", path_maps=[], dry_run=True, hooks=[], skip_catch_up=True)


def test_promotion_repairs_an_interrupted_restore_first(pg_settings, home, postgres_server):
    """What a restore cut short leaves (a staging copy; the live copy still under its old name, as a
    swap cut between its renames would): the promotion repairs it as the next cycle would, then
    promotes the live copy, instead of finding no database or promoting beside a stray copy."""
    from app.promotion.run import run_promotion

    name = pg_settings.database.name
    before = cells(pg_settings)
    with postgres_server.admin() as admin:
        admin.execute(f'ALTER DATABASE "{name}" RENAME TO "{name}__old"')
        admin.execute(f'CREATE DATABASE "{name}__staging"')
    result = run_promotion(pg_settings, home, new_host="CONTINGENCIA", path_maps=[], hooks=[], skip_catch_up=True)
    assert result.completed, result.report()
    repair = next(s for s in result.steps if s.name == "repair")
    assert f"renamed {name}__old back to {name}" in repair.message and f"dropped {name}__staging" in repair.message
    with postgres_server.admin() as admin:
        left = admin.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (name + "%",)).fetchall()
    assert [row[0] for row in left] == [name]
    assert cells(pg_settings)[("notes", 1, "body")] == before[("notes", 1, "body")]


def test_promotion_refuses_when_it_cannot_repair_first(pg_settings, home, tmp_path):
    """The database server down: the repair cannot run, so nothing is promoted, and the message says so."""
    import socket
    from app.promotion.run import run_promotion

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        pg_settings.database.port = unused.getsockname()[1]
    with pytest.raises(PromotionError, match="first repairs what an interrupted restore may have left") as refused:
        run_promotion(pg_settings, home, new_host="CONTINGENCIA", path_maps=[], hooks=[], skip_catch_up=True)
    assert "Nothing was promoted" in str(refused.value)
    assert not (tmp_path / "shared" / PROMOTED_NAME).exists()
