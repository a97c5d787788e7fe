"""The pair knows each other's state (B10): each contingency writes back what it applied, the
official reads it, shows it and alerts when a contingency falls behind; real folders, real FTP,
SFTP and SMB servers and a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import os
import re
import time
from datetime import timedelta

import pytest

from app.acks import ACK_LIMIT, Ack, contingency_id, refresh
from app.markers import MARKER_NAME
from app.clock import utc_now
from app.cycles import run_contingency, run_official
from app.demo.data import change_prices
from app.journal import Journal, StateKey
from app.notify.notifier import Notifier
from app.status import collect

from .pair import cli, make_pair, pair  # noqa: F401 - the fixture
from .test_notify import Clock
from .test_cycle_over_transports import pair_over
from .test_transports_network import SUITE

ACK_FILE = re.compile(r"^ACK_[0-9a-f]{16}\.TXT$")


def official_journal(pair) -> Journal:
    return Journal(pair.official_home.journal_file)


def worker_running(pair) -> None:
    """The official's worker beats (else its state says first that nothing runs on schedule)."""
    official_journal(pair).set_state(StateKey.WORKER, {"pid": os.getpid(), "heartbeat": time.time() + 3600})


def contingencies(pair, **options) -> list[dict]:
    state = refresh(pair.official, official_journal(pair), **options)
    return state["contingencies"]


@pytest.mark.server
@pytest.mark.parametrize("kind", SUITE)
def test_each_contingency_acknowledges_through_its_own_transport(kind, request, tmp_path):
    pair, target = pair_over(kind, request, tmp_path, products=120, sales=150)
    first = run_official(pair.official, pair.official_home)
    assert first.result == "ok", first.message
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"

    acks = [p.name for p in target.local.iterdir() if ACK_FILE.match(p.name)]
    assert acks == [f"ACK_{contingency_id(pair.contingency_home)}.TXT"]
    [seen] = contingencies(pair)
    assert (seen["state"], seen["host"], seen["bundle"], seen["sequence"]) == ("ok", "LOJA-CONT",
                                                                               first.details["bundle"], 1)
    assert seen["result"] == "ok" and seen["free_bytes"] > 0 and seen["version"] and seen["data_age_s"] >= 0

    change_prices(pair.official_db, percent=5)
    second = run_official(pair.official, pair.official_home)  # reads the acknowledgement at the end of its cycle
    assert second.result == "ok", second.message
    [behind] = official_journal(pair).get_state(StateKey.PAIR)["contingencies"]
    assert behind["behind_by"] == 1 and behind["state"] == "ok"  # just published: not late yet
    assert acks[0] in {p.name for p in target.local.iterdir()}, "the official's cleaning removed the ACK"

    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    [caught_up] = contingencies(pair)
    assert (caught_up["bundle"], caught_up["sequence"], caught_up["behind_by"]) == (second.details["bundle"], 2, 0)
    assert not any(p.name.endswith(".part") for p in target.local.iterdir())
    pair.save()  # the command line reads the folder itself, with the server's password from the secrets
    official_journal(pair).delete_state(StateKey.PAIR)
    status = cli(pair.official_home, "status")
    assert f"LOJA-CONT via destination 1: ok - applied {second.details['bundle']}" in status.stdout, status.stdout


@pytest.fixture
def mailed_pair(tmp_path, smtp_plain):
    pair = make_pair(tmp_path, products=120, sales=150)
    pair.official.email_accounts = [smtp_plain.account()]
    pair.official.notify.account = "teste"
    pair.official.language = "en"
    pair.official.notify.reminder_min = 60
    pair.official.pair.ack_missing_after_min = 600  # it checks, but applies nothing: behind, not missing
    pair.save()
    return pair


def test_a_lagging_contingency_alerts_once_and_once_more_when_back_in_sync(mailed_pair, smtp_plain):
    pair = mailed_pair
    clock = Clock()
    notifier = Notifier(pair.official, pair.official_home, official_journal(pair), clock=clock)
    assert run_official(pair.official, pair.official_home).result == "ok"
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    change_prices(pair.official_db, percent=5)
    second = run_official(pair.official, pair.official_home)

    worker_running(pair)
    later = utc_now() + timedelta(hours=3)  # the official's interval is 60 min: behind after two
    [lagging] = contingencies(pair, sinks=[notifier], now=later)
    assert lagging["state"] == "behind" and lagging["behind_by"] == 1 and lagging["lag_s"] >= 3 * 3600 - 60
    status = collect(pair.official, pair.official_home)
    assert status["state"] == "warning" and "LOJA-CONT" in status["summary"] and "behind" in status["summary"]
    clock.advance(1)
    contingencies(pair, sinks=[notifier], now=later + timedelta(minutes=1))  # still behind: no second mail
    assert notifier.flush(20)
    assert [m.subject for m in smtp_plain.messages] == ["[Contingência] LOJA-OFICIAL (Official): "
                                                        "contingency server behind"]
    assert "LOJA-CONT" in smtp_plain.messages[0].body

    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    clock.advance(2)
    [back] = contingencies(pair, sinks=[notifier], now=later + timedelta(minutes=2))
    assert back["state"] == "ok"
    assert notifier.flush(20)
    assert len(smtp_plain.messages) == 2
    assert "recovered after" in smtp_plain.messages[1].subject
    assert "back in sync" in smtp_plain.messages[1].body and second.details["bundle"] in smtp_plain.messages[1].body
    assert collect(pair.official, pair.official_home)["state"] == "idle"
    notifier.close(5)


def test_an_acknowledgement_that_stops_changing_is_missing(pair):
    assert run_official(pair.official, pair.official_home).result == "ok"
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    assert contingencies(pair)[0]["state"] == "ok"
    worker_running(pair)
    [silent] = contingencies(pair, now=utc_now() + timedelta(minutes=20))  # three checks of 60 s, at least 15 min
    assert silent["state"] == "missing"
    assert "has not acknowledged for 20 min" in collect(pair.official, pair.official_home)["summary"]


def test_a_contingency_that_cannot_read_the_marker_reports_its_error(pair):
    assert run_official(pair.official, pair.official_home).result == "ok"
    (pair.shared / MARKER_NAME).write_text("bundle=x\r\n")  # incomplete: the check fails
    assert run_contingency(pair.contingency, pair.contingency_home).result == "failed"
    [failing] = contingencies(pair)
    assert failing["state"] == "error" and failing["result"] == "failed" and "incomplete" in failing["error"]


def test_an_acknowledgement_that_cannot_be_written_does_not_fail_the_restore(pair):
    assert run_official(pair.official, pair.official_home).result == "ok"
    (pair.shared / f"ACK_{contingency_id(pair.contingency_home)}.TXT").mkdir()  # nothing can be renamed over it
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    written = collect(pair.contingency, pair.contingency_home)["pair"]["written"]
    assert written["ok"] is False and "source" in written["error"]
    assert cli(pair.contingency_home, "status").stdout.count("Acknowledged:") == 1


GOOD = Ack(id="0123456789abcdef", host="LOJA-CONT", written_at="2026-12-02T01:00:00Z").to_text()
HOSTILE = {
    "huge": GOOD + "padding=" + "x" * (5 * 1024 * 1024) + "\r\n",
    "binary": "\x00\xff\xfe garbage",
    "other id": GOOD.replace("id=0123456789abcdef", "id=fedcba9876543210"),
    "injected line": GOOD.replace("host=LOJA-CONT", "host=LOJA\rresult=ok"),
    "path in bundle": GOOD.replace("bundle=", "bundle=../../etc/passwd"),
    "twice": GOOD + "host=OTHER\r\n",
    "not a number": GOOD.replace("sequence=0", "sequence=-5"),
    "many lines": GOOD + "".join(f"extra_{'a' * (i + 1)}=1\r\n" for i in range(30)),
    "no format": GOOD.replace("format=1\r\n", ""),
    "bad time": GOOD.replace("written_at=2026-12-02T01:00:00Z", "written_at=tomorrow"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_garbage_or_huge_acknowledgement_is_refused_and_never_breaks_the_official(case, pair):
    (pair.shared / "ACK_0123456789abcdef.TXT").write_bytes(HOSTILE[case].encode("utf-8", "surrogateescape"))
    result = run_official(pair.official, pair.official_home)
    assert result.result == "ok", result.message
    [refused] = official_journal(pair).get_state(StateKey.PAIR)["contingencies"]
    assert refused["state"] == "unreadable" and "host" not in refused
    status = cli(pair.official_home, "status")
    assert status.returncode == 0, status.stderr
    assert "ACK_0123456789abcdef.TXT in destination 1 was refused" in status.stdout


def test_the_good_acknowledgement_parses(pair):
    assert Ack.parse(GOOD.encode(), "0123456789abcdef").host == "LOJA-CONT"
    assert len(GOOD) < ACK_LIMIT


def test_the_officials_cleaning_leaves_an_acknowledgement_being_written(pair):
    """A contingency's temporary copy (folder: .ACK_<id>.TXT.<random>.part; network: ACK_<id>.TXT.part)
    is its own: the official's leftover cleaning removes only its own interrupted uploads."""
    theirs = [".ACK_0123456789abcdef.TXT.k2j4.part", "ACK_0123456789abcdef.TXT.part"]
    for name in theirs + ["mgv7_20260101T000000Z_000009.zip.part"]:
        (pair.shared / name).write_bytes(b"x")
    assert run_official(pair.official, pair.official_home).result == "ok"
    assert sorted(p.name for p in pair.shared.glob("*.part")) == sorted(theirs)


def test_the_acknowledgement_names_the_chain_of_an_applied_increment(pair):
    """With incremental bundles, the official sees which increment of which chain each contingency holds."""
    pair.official.official.incremental_interval_min = 1
    pair.official.official.interval_min = 1440
    pair.save()
    full = run_official(pair.official, pair.official_home)
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    assert (contingencies(pair)[0]["kind"], contingencies(pair)[0]["chain"]) == ("full", 1)
    change_prices(pair.official_db, percent=3)
    increment = run_official(pair.official, pair.official_home)
    assert "+inc_" in increment.details["bundle"], increment.details
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    [seen] = contingencies(pair)
    assert (seen["kind"], seen["chain"], seen["sequence"], seen["bundle"]) == ("incremental", 1, 2,
                                                                               increment.details["bundle"])
    assert seen["state"] == "ok" and seen["behind_by"] == 0 and full.result == "ok"


def test_the_officials_worker_reads_the_acknowledgements_between_its_backups(pair):
    """A restore shows on the official within a minute, not at its next backup an interval later."""
    from .test_service import start_worker, stop, wait_for
    assert run_official(pair.official, pair.official_home).result == "ok"
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    official_journal(pair).delete_state(StateKey.PAIR)  # what the backup's own reading saw: nothing yet
    worker = start_worker(pair.official_home)
    try:
        seen = wait_for(lambda: official_journal(pair).get_state(StateKey.PAIR), timeout=60)
    finally:
        code, err = stop(worker)
    assert code == 0, err
    assert [c["state"] for c in seen["contingencies"]] == ["ok"]
    assert len(official_journal(pair).runs(10, "backup")) == 1, "read by the worker's own job, not by a backup"


def test_status_reads_the_folders_itself_only_without_a_fresh_reading_of_the_worker(pair):
    assert run_official(pair.official, pair.official_home).result == "ok"
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    contingencies(pair)
    worker_running(pair)
    (pair.shared / f"ACK_{contingency_id(pair.contingency_home)}.TXT").unlink()
    assert "LOJA-CONT via destination 1: ok" in cli(pair.official_home, "status").stdout  # the worker's minute
    official_journal(pair).delete_state(StateKey.WORKER)
    assert "no contingency has acknowledged yet" in cli(pair.official_home, "status").stdout  # read now


def test_a_contingency_that_cannot_follow_the_chain_gets_a_full_bundle_at_the_next_backup(pair):
    """Its acknowledgement asks for one; the official's next bundle is full, once, and the chain goes on."""
    pair.official.official.incremental_interval_min = 1
    pair.official.official.interval_min = 1440
    pair.save()
    run_official(pair.official, pair.official_home)
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    change_prices(pair.official_db, percent=3)
    lost = run_official(pair.official, pair.official_home).details["bundle"]
    change_prices(pair.official_db, percent=4)
    run_official(pair.official, pair.official_home)
    (pair.shared / lost).unlink()
    assert run_contingency(pair.contingency, pair.contingency_home).result == "rejected"
    [waiting] = contingencies(pair)
    assert waiting["wants_full"] == 1 and waiting["state"] == "error"

    change_prices(pair.official_db, percent=5)
    full = run_official(pair.official, pair.official_home).details["bundle"]
    assert "+inc_" not in full, "the official went on with the chain the contingency cannot follow"
    change_prices(pair.official_db, percent=6)  # the wish is stale until the contingency applies the full one
    assert "+inc_" in run_official(pair.official, pair.official_home).details["bundle"]
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    [again] = contingencies(pair)
    assert again["wants_full"] == 0 and again["state"] == "ok" and again["behind_by"] == 0


def test_a_home_where_the_id_cannot_be_kept_still_restores(pair):
    """This machine's own trouble with the acknowledgement (its id file) never fails the check."""
    assert run_official(pair.official, pair.official_home).result == "ok"
    (pair.contingency_home.root / "pair-id.txt").mkdir()  # neither read nor replaced
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    assert not list(pair.shared.glob("ACK_*"))


def test_a_destination_that_cannot_be_read_is_said_and_keeps_what_was_seen(pair, tmp_path):
    second = tmp_path / "second folder"
    second.mkdir()
    pair.official.official.destination2.kind = "folder"
    pair.official.official.destination2.path = str(second)
    assert run_official(pair.official, pair.official_home).result == "ok"
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    assert [c["state"] for c in contingencies(pair)] == ["ok"]
    pair.shared.rename(tmp_path / "gone")  # destination 1 unreachable now
    state = refresh(pair.official, official_journal(pair))
    assert [c["host"] for c in state["contingencies"]] == ["LOJA-CONT"], "the last reading is kept"
    assert list(state["unreachable"]) == ["destination 1"]
    assert "does not exist" in state["unreachable"]["destination 1"]["error"]
    assert "destination 1: not read:" in cli(pair.official_home, "status").stdout
