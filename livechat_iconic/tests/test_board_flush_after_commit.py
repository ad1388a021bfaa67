import time
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from ..models import discuss_channel as module


@tagged("post_install", "-at_install")
class TestBoardFlushAfterCommit(TransactionCase):
    """A request's post-commit flush of the boards does not ask PostgreSQL's clock again
    while this process knows that the changes it held back cannot go yet: under a crowd,
    every message would otherwise pay the clock's queries and a connection, for a flush
    the clock refuses. The ticker sends what is held back when the clock allows."""

    def setUp(self):
        super().setUp()
        self.db = self.env.registry.db_name
        self.addCleanup(module._FLUSH_NOT_BEFORE.pop, self.db, None)
        self.channel = self.env["discuss.channel"]

    def _flush_after_commit(self, wait):
        with patch.object(module, "flush_board", return_value=wait) as flush:
            self.channel._livechat_board_flush_after_commit()
        return flush.call_count

    def test_held_back_changes_are_not_asked_for_again_before_their_moment(self):
        self.assertEqual(self._flush_after_commit(0.4), 1, "held back for 0.4 s")
        self.assertEqual(self._flush_after_commit(0.4), 0, "the clock would refuse")
        module._FLUSH_NOT_BEFORE[self.db] = time.monotonic() - 0.01  # the moment came
        self.assertEqual(self._flush_after_commit(0.4), 1)

    def test_nothing_left_pending_or_a_failure_sets_no_moment(self):
        self.assertEqual(self._flush_after_commit(module.BOARD_INTERVAL), 1, "all sent")
        self.assertEqual(self._flush_after_commit(None), 1, "nothing left: tries again")
        self.assertEqual(self._flush_after_commit(None), 1, "a failure: tries again")
