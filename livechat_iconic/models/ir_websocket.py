import logging
import threading
import time

from odoo import models, modules

from .discuss_channel import BOARD_INTERVAL, BOARD_SUBCHANNEL, LIVECHAT_USER_GROUP, flush_board
from .discuss_channel_sla import QUEUE_SUBCHANNEL

_logger = logging.getLogger(__name__)

# The name an open Customers Waiting board subscribes to (board_live_hook.js)
BOARD_CHANNEL = "livechat_iconic.board"
# A queued visitor's widget asks for this prefix + its queue's id (queue_status_service.js)
QUEUE_CHANNEL_PREFIX = "livechat_iconic.queue/"
# A ticker that fails this many times in a row (database dropped, addon uninstalled) stops
TICKER_MAX_FAILURES = 60
# {database name: ticker thread} of this process (see _livechat_start_board_ticker)
_board_tickers = {}
_board_tickers_lock = threading.Lock()


def _board_ticker(db_name):
    """Once a second, send the boards' held-back changes (``_livechat_board_flush``) and
    the queues' moves (``_livechat_queue_flush``): a change held back by the boards'
    one message a second, or the queues' one message every few seconds, reaches open
    boards and waiting visitors when its clock allows, even when nothing else happens.
    The sending decision is PostgreSQL's (the clock row), so every process may tick: one
    of them sends."""
    failures, wait = 0, 0.0
    while failures < TICKER_MAX_FAILURES:
        time.sleep(wait)
        # a fresh cursor (and the current registry) each time; a tick with nothing
        # pending costs three small queries. A change held back is retried the moment the
        # clock allows it: it reaches the boards about a second after the last message.
        wait = flush_board(db_name)
        failures = 0 if wait is not None else failures + 1
        wait = BOARD_INTERVAL if wait is None else wait
    _logger.warning("Live chat board ticker of %s stopped after %s failures", db_name, failures)
    with _board_tickers_lock:
        _board_tickers.pop(db_name, None)  # the next open board starts a new one


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """An open board asks for ``livechat_iconic.board``: live chat agents then get the
        board's subchannel of their group, and this process runs the board ticker; others
        get nothing."""
        # records and tuples are in the list too: compare strings only
        asked = any(isinstance(c, str) and c == BOARD_CHANNEL for c in channels)
        channels = [c for c in channels if not (isinstance(c, str) and c == BOARD_CHANNEL)]
        if asked and self.env.user.has_group(LIVECHAT_USER_GROUP):
            channels.append((self.env.ref(LIVECHAT_USER_GROUP), BOARD_SUBCHANNEL))
            self._livechat_start_board_ticker()
        queue_ids = {
            int(c[len(QUEUE_CHANNEL_PREFIX) :])
            for c in channels
            if isinstance(c, str)
            and c.startswith(QUEUE_CHANNEL_PREFIX)
            and c[len(QUEUE_CHANNEL_PREFIX) :].isdigit()
        }
        channels = [
            c for c in channels if not (isinstance(c, str) and c.startswith(QUEUE_CHANNEL_PREFIX))
        ]
        if queue_ids:
            channels.extend(self._livechat_queue_channels(queue_ids))
            # the queues' moves are sent by the same ticker, coalesced
            self._livechat_start_board_ticker()
        return super()._build_bus_channel_list(channels)

    def _livechat_queue_channels(self, queue_ids):
        """The moves subchannels (``discuss.channel._livechat_send_queue_statuses``) of the
        queues among ``queue_ids`` that exist. Open to any visitor, as the widget's queue
        is: a move carries no personal data (the queue times, to the second, and numbers
        of the sessions that joined or left, and the queue's median wait), and a visitor's
        websocket does not always carry the guest cookie (a credentialless frame)."""
        # sudo: which queues exist; nothing of them is read
        queues = self.env["im_livechat.channel"].sudo().browse(sorted(queue_ids)).exists()
        return [(queue.sudo(False), QUEUE_SUBCHANNEL) for queue in queues]

    def _livechat_start_board_ticker(self):
        """Start this process's board ticker for this database, once. It runs where the
        websockets are served (the gevent worker, or the threaded server), for as long
        as the process lives. Not in tests: test cursors flush in the transaction."""
        if modules.module.current_test:
            return
        db_name = self.env.registry.db_name
        with _board_tickers_lock:
            ticker = _board_tickers.get(db_name)
            if ticker and ticker.is_alive():
                return
            ticker = threading.Thread(
                target=_board_ticker,
                args=(db_name,),
                name=f"livechat_iconic.board_ticker.{db_name}",
                daemon=True,
            )
            _board_tickers[db_name] = ticker
            ticker.start()
