"""The promotion of a contingency server to official (F13-F16, B4).

``run_promotion`` is the one entry point (CLI, wizard, demo); the modules it composes
are usable alone: ``profile`` (where the application keeps its settings), ``plan``
(the preview), ``apply`` (one transaction, undo), ``fence`` (PROMOTED.TXT),
``hooks`` (services such as LMP); ``documents`` reads their files. Callers import from the
module that defines a name (``from app.promotion.run import run_promotion``): nothing here
loads the whole promotion, so ``contingencia status`` and ``--help`` do not pay for it.
"""

