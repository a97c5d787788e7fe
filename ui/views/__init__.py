"""The settings window's screens, one module each: the settings form (``settings_view``, its groups
in ``groups/``), the status dashboard, the run history and the row of buttons with the work they
start (``commands``). The window (``ui/settings_window.py``) assembles them and orchestrates
loading and saving; ``partials/`` holds the pieces the screens share."""
