import contextlib

from psycopg2.pool import PoolError

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import tagged

from ..models.discuss_channel import BOARD_INTERVAL, POOL_RETRY, flush_board
from .real_transactions import RealTransactionsCase


@tagged("post_install", "-at_install")
class TestBoardFlushConcurrency(RealTransactionsCase):
    """The boards' coalescing across Odoo processes: the sending decision is taken in
    PostgreSQL (the clock row, locked with SKIP LOCKED), so a flush never waits for
    another one and no change is lost or sent twice."""

    def setUp(self):
        super().setUp()
        with self._cursor() as cr:
            cr.execute("SELECT coalesce(max(id), 0) FROM livechat_iconic_board_pending")
            self.first_pending = cr.fetchone()[0]

        def cleanup():
            with self._cursor() as cr:
                cr.execute(
                    "DELETE FROM livechat_iconic_board_pending WHERE id > %s",
                    [self.first_pending],
                )

        self.addCleanup(cleanup)

    def _pending(self, cr):
        cr.execute(
            "SELECT count(*) FROM livechat_iconic_board_pending WHERE id > %s",
            [self.first_pending],
        )
        return cr.fetchone()[0]

    def test_a_flush_skips_the_one_sending_and_leaves_its_changes_pending(self):
        with self._cursor() as cr:
            # a change committed by some request (of a session that no longer exists:
            # only the taking of the pending row matters here)
            cr.execute(
                "INSERT INTO livechat_iconic_board_pending (session_id, field_names) "
                "VALUES (0, ARRAY['livechat_state'])"
            )
            cr.execute("UPDATE livechat_iconic_board_clock SET sent_at = '-infinity'")
        with self._cursor() as sender, self._cursor() as other:
            # another process is sending: it holds the clock
            sender.execute("SELECT 1 FROM livechat_iconic_board_clock FOR UPDATE")
            other.execute("SET LOCAL lock_timeout = '2s'")  # a wait would fail the test
            env = api.Environment(other, SUPERUSER_ID, {})
            self.assertEqual(env["discuss.channel"]._livechat_board_flush(), 0)
            self.assertEqual(self._pending(other), 1, "left for the next flush")
            other.rollback()
            sender.rollback()
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["discuss.channel"]._livechat_board_flush()
            self.assertEqual(self._pending(cr), 0, "the next flush takes it")

    def test_a_flush_held_back_by_the_very_first_message_says_when_to_try_again(self):
        """The clock has never moved ('-infinity') and another process is sending the
        first board message: the flush held back asks to be tried again shortly, and
        fails on nothing (it used to fail on the infinite difference: an ERROR line in
        the flood bench's log)."""
        with self._cursor() as cr:
            cr.execute(
                "INSERT INTO livechat_iconic_board_pending (session_id, field_names) "
                "VALUES (0, ARRAY['livechat_state'])"
            )
            cr.execute("UPDATE livechat_iconic_board_clock SET sent_at = '-infinity'")
        with self._cursor() as sender:
            sender.execute("SELECT 1 FROM livechat_iconic_board_clock FOR UPDATE")
            with self.assertNoLogs("odoo.addons.livechat_iconic", "ERROR"):
                delay = flush_board(self.registry.db_name)
            sender.rollback()
        self.assertIsNotNone(delay, "the flush did not fail")
        self.assertLessEqual(delay, BOARD_INTERVAL)
        with self._cursor() as cr:
            self.assertEqual(self._pending(cr), 1, "left for the next flush")

    def test_a_flush_without_a_free_connection_tries_again_soon_and_logs_no_error(self):
        """Every connection of the process is in use (the gevent worker, when a burst of
        websockets fetch their notifications at once): the ticker's flush logs no error,
        leaves the changes pending and asks to be tried again within a moment (it used
        to log "The Connection Pool Is Full" at ERROR in the load bench)."""
        with self._cursor() as cr:
            cr.execute(
                "INSERT INTO livechat_iconic_board_pending (session_id, field_names) "
                "VALUES (0, ARRAY['livechat_state'])"
            )
        pool, held = sql_db._Pool, []
        saved = pool._maxconn
        try:
            # the pool as it is, every connection borrowed: the next borrow fails
            pool._maxconn = len(pool._connections)
            with contextlib.suppress(PoolError):
                for _i in range(saved + 1):
                    held.append(self._cursor())
            with self.assertNoLogs("odoo.addons.livechat_iconic", "ERROR"):
                delay = flush_board(self.registry.db_name)
        finally:
            for cr in held:
                cr.close()
            pool._maxconn = saved
        self.assertEqual(delay, POOL_RETRY)
        self.assertLess(delay, BOARD_INTERVAL)
        with self._cursor() as cr:
            self.assertEqual(self._pending(cr), 1, "left for the next flush")
