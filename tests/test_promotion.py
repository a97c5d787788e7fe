"""The promotion on the demo set-up (SQLite): preview = apply, undo, fencing, hooks, catch-up, CLI."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from app.demo import data as demo_data
from app.demo import PROFILE as DEMO_PROFILE
from app.cycles import run_contingency, run_official
from app.errors import PromotionError
from app.markers import PROMOTED_NAME
from app.journal import Journal
from app.paths import Home
from app.promotion.hooks import Hook
from app.promotion.profile import load_profile
from app.promotion.run import run_promotion
from app.promotion.undo import undo_promotion
from app.promotion.pathmap import PathMap, map_path, parse_map
from app.settings.model import Endpoint, Settings

NEW = "CONTINGENCIA"
OLD = "OFICIAL"


class Setup:
    """An official and a contingency home sharing one folder, one real cycle done."""

    def __init__(self, tmp_path: Path, home: Home) -> None:
        self.shared = tmp_path / "shared"
        self.shared.mkdir()
        self.official_home = Home.resolve(tmp_path / "official-home").ensure()
        self.official_db = demo_data.build_store_db(tmp_path / "official" / "store.db", products=40, sales=50)
        self.official = Settings(enabled=True, mode="official", machine_name=OLD)
        self.official.database.path = str(self.official_db)
        self.official.official.destination1 = Endpoint(kind="folder", path=str(self.shared))
        self.home = home
        self.live_db = tmp_path / "contingency" / "store.db"
        self.contingency = Settings(enabled=True, mode="contingency", machine_name=NEW)
        self.contingency.database.path = str(self.live_db)
        self.contingency.contingency.source = Endpoint(kind="folder", path=str(self.shared))
        self.contingency.promotion.profile = str(DEMO_PROFILE)
        self.local = tmp_path / "mgv7"

    def cycle(self) -> None:
        assert run_official(self.official, self.official_home).result == "ok"
        assert run_contingency(self.contingency, self.home).result == "ok"

    def maps(self) -> list[tuple[str, str]]:
        return [(f"\\\\{OLD}\\MGV7", str(self.local))]

    def promote(self, **options):
        options.setdefault("path_maps", self.maps())
        options.setdefault("hooks", [])
        return run_promotion(self.contingency, self.home, new_host=NEW, **options)


@pytest.fixture
def setup(tmp_path, home) -> Setup:
    s = Setup(tmp_path, home)
    s.cycle()
    return s


def db_cells(path: Path) -> dict[tuple, object]:
    """(table, first column value, column) -> value, for every cell of every table."""
    conn = sqlite3.connect(path)
    cells = {}
    try:
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            cur = conn.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cur.description]
            for row in cur:
                cells.update({(table, row[0], name): value for name, value in zip(names, row)})
    finally:
        conn.close()
    return cells


def diff(before: dict, after: dict) -> set[tuple]:
    return {(k[0], k[1], k[2], before[k], after[k]) for k in before if before[k] != after.get(k)}


def planned(plan) -> set[tuple]:
    return {(c.table, c.row_id[1], c.column, c.old, c.new) for c in plan.changes}


# --- the pieces ---------------------------------------------------------------------

def test_path_rules_are_case_insensitive_and_whole_components():
    maps = [PathMap("\\\\OFICIAL\\MGV7", "D:\\MGV7"), PathMap("\\\\oficial\\mgv7\\Lojas", "E:\\Lojas")]
    assert map_path("\\\\Oficial\\mgv7\\Sons\\a.wav", maps, [OLD], NEW) == "D:\\MGV7\\Sons\\a.wav"
    assert map_path("\\\\OFICIAL\\MGV7\\Lojas\\L1", maps, [OLD], NEW) == "E:\\Lojas\\L1"
    assert map_path("\\\\OFICIAL\\MGV7X\\a", maps, [OLD], NEW) == f"\\\\{NEW}\\MGV7X\\a"
    assert map_path("\\\\OUTRO\\MGV7\\a", maps, [OLD], NEW) is None
    assert map_path("//oficial/share/x", [], [OLD], NEW) == f"//{NEW}/share/x"
    with pytest.raises(PromotionError, match="OLD=NEW"):
        parse_map("D:\\MGV7")


def test_profile_errors_say_what_and_where(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[stores]\ntable = "stores"\nid_column = "id"\n[[stores.fields]]\ncolumn = "x"\nkind = "url"\n')
    with pytest.raises(PromotionError, match=r"stores\.fields\[1\]: 'kind' = 'url'; use host or path"):
        load_profile(bad)
    bad.write_text("name = [")
    with pytest.raises(PromotionError, match="not valid TOML"):
        load_profile(bad)
    with pytest.raises(PromotionError, match="does not exist"):
        load_profile(tmp_path / "missing.toml")
    with pytest.raises(PromotionError, match="No application profile is set") as info:
        load_profile("")  # no default: the demo store's profile is the demo's own
    assert "promotion.profile" in info.value.hint


def test_profile_names_are_checked_against_the_database(setup, tmp_path):
    profile = tmp_path / "other.toml"
    profile.write_text('[stores]\ntable = "lojas"\nid_column = "id"\n'
                       '[[stores.fields]]\ncolumn = "host"\nkind = "host"\nrole = "comm_control"\n')
    with pytest.raises(PromotionError, match="table lojas not found"):
        setup.promote(profile_path=profile, dry_run=True, skip_catch_up=True)


# --- the whole promotion --------------------------------------------------------------

def test_dry_run_lists_exactly_what_the_apply_changes(setup):
    conn = sqlite3.connect(setup.live_db)
    conn.execute("INSERT INTO general_settings VALUES ('relatorio_host', 'oficial')")
    conn.commit()
    conn.close()
    before = db_cells(setup.live_db)
    preview = setup.promote(dry_run=True)
    assert db_cells(setup.live_db) == before, "a dry run changes nothing"
    text = preview.plan.render()
    assert "LOJA01 Loja Centro" in text and f"Communication control computer: {OLD} -> {NEW}" in text
    assert any(w.value == "oficial" for w in preview.plan.warnings), "unplanned mentions are warnings"

    result = setup.promote(create_folders=True)
    assert result.completed, result.report()
    assert diff(before, db_cells(setup.live_db)) == planned(preview.plan) == planned(result.plan)
    stores = sqlite3.connect(setup.live_db).execute(
        "SELECT comm_control_host, web_manager_host, remote_load_host, import_files_folder FROM stores").fetchall()
    assert all(r[:3] == (NEW, NEW, NEW) and r[3].startswith(str(setup.local)) for r in stores)
    assert (setup.local / "Lojas" / "LOJA01" / "Importacao").is_dir()
    assert (setup.local / "Lojas" / "LOJA04" / "Midias").is_dir()  # parent of a media file
    from app.settings.store import SettingsStore
    assert SettingsStore(setup.home).load().mode == "official"
    journal = Journal(setup.home.journal_file)
    assert journal.get_state("epoch") == 2 and journal.get_state("official.sequence") == 1
    assert "epoch=2" in (setup.shared / PROMOTED_NAME).read_text()
    assert [s.name for s in result.steps] == ["catch-up", "plan", "stop services", "fencing", "apply",
                                             "folders", "start services", "mode"]


def test_the_promotions_files_that_cannot_be_used_are_named(tmp_path):
    """The profile, the hooks file and the undo record: each failure names its file."""
    from app.promotion.apply import read_undo
    from app.promotion.hooks import load_hooks
    unreadable = tmp_path / "a folder.toml"
    unreadable.mkdir()
    with pytest.raises(PromotionError, match=r"The application profile .*a folder\.toml cannot be read"):
        load_profile(unreadable)
    broken = tmp_path / "broken.toml"
    broken.write_bytes(b"[[hook]\nname = \xff\n")
    with pytest.raises(PromotionError, match=r"The service hooks file .*broken\.toml cannot be read") as info:
        load_hooks(broken)
    assert "promotion.hooks_file" in info.value.hint
    torn = tmp_path / "undo.json"
    torn.write_text('{"version": 1, "changes": [')
    with pytest.raises(PromotionError, match=r"The undo record .*undo\.json cannot be read"):
        read_undo(torn)


def test_undo_restores_every_value_and_refuses_after_later_edits(setup):
    before = db_cells(setup.live_db)
    assert setup.promote().completed
    assert db_cells(setup.live_db) != before
    message = undo_promotion(setup.contingency, setup.home)
    assert "value(s) put back" in message
    assert db_cells(setup.live_db) == before
    with pytest.raises(PromotionError, match="no promotion to undo"):
        undo_promotion(setup.contingency, setup.home)

    Journal(setup.home.journal_file).delete_state("epoch")
    assert setup.promote(skip_catch_up=True).completed
    conn = sqlite3.connect(setup.live_db)
    conn.execute("UPDATE stores SET web_manager_host = 'OUTRO' WHERE id = 2")
    conn.commit()
    conn.close()
    edited = db_cells(setup.live_db)
    with pytest.raises(PromotionError, match=r"changed since it: stores\.web_manager_host \[id=2\] is 'OUTRO'"):
        undo_promotion(setup.contingency, setup.home)
    assert db_cells(setup.live_db) == edited, "a refused undo changes nothing"


def test_old_official_started_again_refuses_to_publish_and_says_why(setup):
    seen = []
    result = setup.promote(events=[seen.append])
    assert result.completed
    assert [(e.kind, e.ok) for e in seen] == [("promotion_done", True)]
    again = run_official(setup.official, setup.official_home)
    assert again.result == "failed"
    assert f"replaced by {NEW} at " in again.message
    assert Journal(setup.official_home.journal_file).get_state("fenced")
    refused = Journal(setup.official_home.journal_file).runs(1, "backup")[0]
    assert refused.bundle is None  # stopped before spending time on a backup
    assert Journal(setup.official_home.journal_file).steps(refused.id) == []
    # the new official publishes after the old one's last sequence, with the new epoch
    new_official = result.settings
    new_official.enabled = True
    new_official.official.destination1 = Endpoint(kind="folder", path=str(setup.shared))
    published = run_official(new_official, setup.home)
    assert published.result == "ok", published.message
    assert "BACKUPOK.TXT" in {p.name for p in setup.shared.iterdir()}
    marker = (setup.shared / "BACKUPOK.TXT").read_text()
    assert "sequence=2" in marker and "epoch=2" in marker


def test_failing_hook_is_reported_and_required_one_stops_before_any_change(setup, tmp_path):
    before = db_cells(setup.live_db)
    flag = tmp_path / "started"
    py = f'"{sys.executable}" -c'
    required_failure = Hook("LMP", stop=f"{py} \"print('no such service'); raise SystemExit(3)\"",
                            start=f"{py} \"open(r'{flag}', 'w')\"", required=True)
    result = setup.promote(hooks=[required_failure], skip_catch_up=True)
    assert not result.completed and "LMP" in result.error
    assert result.hooks[0].exit_code == 3 and result.hooks[0].last_line == "no such service"
    assert db_cells(setup.live_db) == before and not (setup.shared / PROMOTED_NAME).exists()
    assert not flag.exists()

    optional = Hook("Relatórios", stop=f"{py} \"raise SystemExit(1)\"", start=f"{py} \"open(r'{flag}', 'w')\"")
    slow = Hook("Lento", start=f"{py} \"import time; time.sleep(30)\"", timeout_s=1)
    result = setup.promote(hooks=[optional, slow], skip_catch_up=True)
    assert result.completed, result.report()
    stop = next(s for s in result.steps if s.name == "stop services")
    start = next(s for s in result.steps if s.name == "start services")
    assert not stop.ok and "exit code 1" in stop.message
    assert not start.ok and "timed out" in start.message and flag.exists()


def test_catch_up_restores_a_newer_bundle_first(setup):
    demo_data.change_prices(setup.official_db, percent=10, store_id=1)
    assert run_official(setup.official, setup.official_home).result == "ok"
    journal = Journal(setup.home.journal_file)
    assert journal.get_state("contingency.last_restored")["sequence"] == 1
    result = setup.promote()
    assert result.steps[0].name == "catch-up" and result.steps[0].ok
    assert "A newer backup was restored first" in result.steps[0].message
    assert journal.get_state("contingency.last_restored")["sequence"] == 2
    assert journal.get_state("official.sequence") == 2


def test_catch_up_applies_every_increment_that_arrived_and_reports_the_last_one(setup):
    setup.official.official.incremental_interval_min = 1
    setup.official.official.interval_min = 1440
    setup.cycle()  # a full bundle starts the chain
    for percent in (5, 10, 15):
        demo_data.change_prices(setup.official_db, percent=percent, store_id=1)
        assert run_official(setup.official, setup.official_home).result == "ok"
    last = Journal(setup.official_home.journal_file).get_state("official.last_ok")["bundle"]
    assert "+inc_" in last
    result = setup.promote()
    assert result.steps[0].ok and "3 increment(s) applied" in result.steps[0].message
    assert f"({last})" in result.steps[0].message  # the recovery point: the last increment applied
    assert Journal(setup.home.journal_file).get_state("contingency.last_restored")["bundle"] == last
    assert demo_data.fingerprint(setup.live_db) != demo_data.fingerprint(setup.official_db)  # promoted: changed
    assert result.completed


def test_a_dry_run_only_announces_the_catch_up(setup):
    demo_data.change_prices(setup.official_db, percent=10, store_id=1)
    assert run_official(setup.official, setup.official_home).result == "ok"
    journal = Journal(setup.home.journal_file)
    before = demo_data.fingerprint(Path(setup.contingency.database.path))
    result = setup.promote(dry_run=True)
    assert result.steps[0].name == "catch-up" and result.steps[0].ok
    assert "A newer backup is waiting" in result.steps[0].message and "restores it first" in result.steps[0].message
    assert journal.get_state("contingency.last_restored")["sequence"] == 1  # nothing was restored
    assert demo_data.fingerprint(Path(setup.contingency.database.path)) == before


def test_catch_up_with_unreachable_source_goes_on_and_says_how_old(setup, tmp_path):
    setup.contingency.contingency.source = Endpoint(kind="folder", path=str(tmp_path / "gone"))
    result = setup.promote()
    first = result.steps[0]
    assert not first.ok and "going on with data from" in first.message and " old" in first.message
    assert result.completed
    fencing = next(s for s in result.steps if s.name == "fencing")
    assert not fencing.ok and "not reached" in fencing.message


# --- the command line ---------------------------------------------------------------------

def _save(setup) -> None:
    from app.settings.store import SettingsStore
    SettingsStore(setup.home).save(setup.contingency)


def test_cli_bad_input_exits_2(setup, capsys):
    from app.cli import main
    _save(setup)
    assert main(["promote", "--dry-run"]) == 2
    assert "--new-host is missing" in capsys.readouterr().err
    assert main(["promote", "--new-host", NEW, "--map", "D:\\MGV7"]) == 2
    assert "is not OLD=NEW" in capsys.readouterr().err
    assert main(["promote", "--new-host", NEW, "--profile", "/nonexistent.toml", "--dry-run"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_cli_dry_run_apply_and_undo(setup, capsys, monkeypatch):
    from app.cli import main
    _save(setup)
    before = db_cells(setup.live_db)
    mapping = f"\\\\{OLD}\\MGV7={setup.local}"
    assert main(["promote", "--new-host", NEW, "--map", mapping, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "value(s) to change" in out and db_cells(setup.live_db) == before
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["promote", "--new-host", NEW, "--map", mapping]) == 1
    assert "use --yes" in capsys.readouterr().err and db_cells(setup.live_db) == before
    assert main(["promote", "--new-host", NEW, "--map", mapping, "--yes", "--create-folders"]) == 0
    assert "[ok] mode" in capsys.readouterr().out
    assert main(["promote", "--undo"]) == 0
    assert db_cells(setup.live_db) == before


def test_a_path_change_with_an_empty_side_is_refused_before_anything_runs(tmp_path, home):
    setup = Setup(tmp_path, home)
    setup.cycle()
    before = demo_data.fingerprint(setup.live_db)
    with pytest.raises(PromotionError, match="has an empty side"):
        setup.promote(path_maps=[(f"\\\\{OLD}\\MGV7", "  ")])
    assert demo_data.fingerprint(setup.live_db) == before
