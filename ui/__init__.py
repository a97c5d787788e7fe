"""The Qt shell of Contingência: settings window, e-mail dialog, tray icon, workers.

``ui`` imports ``app``; ``app`` never imports ``ui``.
"""
