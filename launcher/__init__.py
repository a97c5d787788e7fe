"""Entry points above ``app`` (the headless core) and ``ui`` (the widgets).

The core never imports the widgets: the command line's ``gui`` command is handed the
window from here. These modules use absolute imports only, so that a frozen build
(PyInstaller runs an entry script as ``__main__``) starts them as they are.
"""
