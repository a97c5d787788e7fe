"""The settings window's screens, one module each: the status dashboard and the run history.
The window (``ui/settings_window.py``) holds the form and composes these tabs."""
