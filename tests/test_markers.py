"""The folder protocol: BACKUPOK.TXT and PROMOTED.TXT as the other side reads them."""

from __future__ import annotations

import pytest

from app.errors import BundleError, FencedError, PromotionError
from app.markers import (Fenced, Marker, Promoted, check_fence, place_fence, read_marker, read_promoted,
                         write_marker)
from app.settings.model import Endpoint
from app.transports import get_transport


def test_marker_round_trip_and_refusals():
    marker = Marker("store_20261125T100000Z_000007.zip", 10, "ab" * 32, 7, 1, "2026-11-25T10:00:00Z",
                    "sqlite", "store", "LOJA", 60, "2026-11-25T11:00:00Z")
    text = marker.to_text()
    assert text.startswith("format=1\r\n") and "bundle=store_20261125T100000Z_000007.zip" in text
    assert Marker.parse(text) == marker
    with pytest.raises(BundleError, match="incomplete"):
        Marker.parse("")  # an MGV7 marker with no content
    with pytest.raises(BundleError):
        Marker.parse(text.replace("store_20261125T100000Z_000007.zip", "../../etc/passwd"))


@pytest.fixture
def folder(tmp_path):
    with get_transport(Endpoint(kind="folder", path=str(tmp_path)), "destination 1") as transport:
        yield transport


def test_the_marker_is_read_back_as_written_and_none_before_any(folder):
    assert read_marker(folder) is None
    marker = Marker("store_20261125T100000Z_000007.zip", 10, "ab" * 32, 7, 3, "2026-11-25T10:00:00Z")
    write_marker(folder, marker)
    assert read_marker(folder) == marker


def test_a_fence_stops_an_official_of_a_lower_epoch_only(folder):
    check_fence(folder, 1)  # no fence: publishing goes on
    assert place_fence(folder, Promoted.now(2, "CONTINGENCIA"), "source") == (Fenced.WRITTEN, 2)
    check_fence(folder, 2)
    with pytest.raises(FencedError, match=r"replaced by CONTINGENCIA at .* \(epoch 2\)"):
        check_fence(folder, 1)


def test_a_second_promotion_never_makes_two_officials(folder):
    place_fence(folder, Promoted.now(3, "CONTINGENCIA"), "source")
    assert place_fence(folder, Promoted.now(2, "contingencia"), "source") == (Fenced.ALREADY, 3)
    with pytest.raises(PromotionError, match="CONTINGENCIA was already promoted"):
        place_fence(folder, Promoted.now(3, "OTHER"), "source")
    assert place_fence(folder, Promoted.now(4, "OTHER"), "source") == (Fenced.SUPERSEDED, 4)
    assert read_promoted(folder).new_host == "OTHER"
