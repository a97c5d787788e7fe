"""The runtime: what keeps the pipeline running on a machine, apart from the pipeline itself.

``service`` (the headless worker: scheduler, single-instance lock, reload, signals),
``schedule`` (APScheduler triggers from the settings), ``locks`` (the OS file locks: one
cycle, one worker per home), ``logs`` and ``logfile`` (the rotating log in the data folder,
shared by several processes on Windows), ``servicectl`` (start and stop the installed worker),
``winservice`` and ``winscm`` (the Windows service host and the Service Control Manager).
The pipeline (``cycles``, ``bundle``, ``markers``, ``publish``...) uses only the cycle lock and
the official's next planned backup (for the marker) from here.
"""
