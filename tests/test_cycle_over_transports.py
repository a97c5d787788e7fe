"""A full official -> contingency cycle (SQLite) over each network transport, real servers."""

from __future__ import annotations

import pytest

from app.markers import MARKER_NAME
from app.cycles import run_contingency, run_official
from app.demo.data import change_prices, fingerprint

from .pair import make_pair
from .test_transports_network import KINDS, Target

pytestmark = pytest.mark.server


def pair_over(kind: str, request, tmp_path, **sizes):
    """A pair whose official publishes to, and whose contingency reads from, one folder of ``kind``."""
    server = request.getfixturevalue(f"{kind}_server")
    server.ensure_running()
    target = Target(kind, server)
    pair = make_pair(tmp_path, **sizes)
    pair.official.official.destination1 = target.endpoint()
    pair.contingency.contingency.source = target.endpoint()
    return pair, target


@pytest.mark.parametrize("kind", KINDS)
def test_cycle_over_network_transport(kind, request, tmp_path):
    pair, target = pair_over(kind, request, tmp_path, products=200, sales=300)

    first = run_official(pair.official, pair.official_home)
    assert first.result == "ok", first.message
    assert sorted(p.name for p in target.local.iterdir()) == sorted([MARKER_NAME, first.details["bundle"]])
    restored = run_contingency(pair.contingency, pair.contingency_home)
    assert restored.result == "ok", restored.message
    assert fingerprint(pair.official_db) == fingerprint(pair.contingency_db)

    change_prices(pair.official_db, percent=7)
    second = run_official(pair.official, pair.official_home)
    assert second.result == "ok", second.message
    assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    assert fingerprint(pair.official_db) == fingerprint(pair.contingency_db)
    assert run_contingency(pair.contingency, pair.contingency_home).result == "nothing"
    assert not any(p.name.endswith(".part") for p in target.local.iterdir())


@pytest.mark.parametrize("kind", KINDS)
def test_a_chain_of_increments_over_network_transport(kind, request, tmp_path):
    """Increments walked back over the network, and retention removing a whole old chain there."""
    pair, target = pair_over(kind, request, tmp_path, products=200, sales=300)
    pair.official.official.incremental_interval_min = 1
    pair.official.official.interval_min = 1440
    pair.official.official.retention = 1
    published = []
    for full in (False, False, True, False, False):
        change_prices(pair.official_db, percent=3 + len(published))
        made = run_official(pair.official, pair.official_home, full_bundle=full)
        assert made.result == "ok", made.message
        published.append(made.details["bundle"])
        if len(published) == 1:
            assert run_contingency(pair.contingency, pair.contingency_home).result == "ok"
    assert sorted(p.name for p in target.local.iterdir() if ".zip" in p.name) == sorted(published[2:])
    done = run_contingency(pair.contingency, pair.contingency_home)
    assert done.result == "ok" and "2 increment(s) applied" in done.message, done.message
    assert fingerprint(pair.official_db) == fingerprint(pair.contingency_db)
