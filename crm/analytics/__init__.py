"""Customer analytics as pure functions and sklearn-shaped fitters over pandas frames.

No database and no Telegram in here: callers load the transactions, these modules compute.
"""
