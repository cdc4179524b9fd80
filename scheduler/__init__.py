"""When to push what: the daily digest, the weekly summary and timed reminders, each exactly once.

`plan` says what is due for an owner at an instant (from their settings, in their zone); `runner`
claims each due push in the database, builds its content with `crm` and hands it to a `Sender`.
"""
