"""``undo_promotion``: put the application's settings back as they were before the promotion."""

from __future__ import annotations

from ..engines import get_engine
from ..paths import Home
from ..phrases import Phrase, said
from ..settings.model import Settings
from .apply import undo
from .db import Database


def undo_promotion(settings: Settings, home: Home) -> str:
    """Undo the last promotion's database changes in one transaction; says what was done.

    Only the application's settings are put back: the mode, PROMOTED.TXT and the epoch
    stay, because the old official must not start publishing again by surprise.
    """
    engine = get_engine(settings.database)
    db = Database(engine.connect(), engine.name, engine.paramstyle)
    try:
        count = undo(db, home.promotion_undo_file)
    finally:
        db.conn.close()
    return said(Phrase("%1 value(s) put back in %2. The mode (%3) and the fencing (PROMOTED.TXT) were left as they "
                       "are; change the mode with 'contingencia config set mode contingency' if this machine goes "
                       "back to being a contingency.", (count, engine.describe(), settings.mode)))
