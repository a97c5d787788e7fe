"""E-mail notifications (F12): one message when a problem starts, reminders, one when it clears.

The package along its seams:

- ``notifier``: ``Notifier``, the event sink (``app.events``). A cycle calls ``notifier(event)``
  and goes on at once; one daemon thread decides what to send and talks SMTP, so a slow or dead
  mail server never holds a cycle.
- ``throttle``: what an event sends (a problem's start, its reminders, its recovery; plain
  notices), de-duplicated against the problems already announced.
- ``compose``: the subject and body of each message, in the operator's language (``language``
  picks it; ``texts`` holds the words).
- ``outbox``: the messages waiting in the journal until the server takes them, and the last
  delivery's outcome ("notify.status") for the status line, the tray and the window.
- ``smtp``: the message as e-mail and its trip through the account's SMTP server, with one clear
  sentence, never a password, for every way that fails; ``send_test`` for the test button.

What was announced and what could not be delivered yet lives in the journal's state
("notify.*"), so a restarted worker neither repeats a message nor forgets one.
"""
