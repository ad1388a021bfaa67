"""Prefetch groups of our fields on Odoo's models, shared by the files that declare them."""

# The prefetch group of the session's fields that no message reads: the visitor's context,
# the life cycle's timestamps, the KPIs. Odoo reads a session's row at each message (its
# access check first); with ours in the default group that row was four times stock's
# (128 columns), each converted into the cache. They are fetched together, in one query,
# when one of them is read (the agent's panel, the board, reports, the crons' batches).
DETAIL_PREFETCH = "livechat_iconic_detail"
