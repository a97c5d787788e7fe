"""``python -m app.cli``: the command line without the window (the launcher adds it)."""

import sys

from . import main

sys.exit(main())
