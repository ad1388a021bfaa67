from odoo import models
from odoo.tools import SQL, create_index

from odoo.addons.bus.models.bus import json_dump
from odoo.addons.im_livechat.models.discuss_channel import is_livechat_channel
from odoo.addons.mail.tools.discuss import Store

from ..lib import sneak_peek

SNEAK_PEEK_NOTIFICATION = "livechat_iconic.sneak_peek/update"
# A peek's bus row starts with its type, then its session: '{"type":"…","payload":{"channel_id":7,'
# (bus.bus writes messages with json_dump: no spaces). The partial index below holds
# only peek rows, keyed by '"payload":{"channel_id":7', so finding a session's rows is an
# index look-up, never a scan of the table (a day of every notification).
PEEK_TYPE_PREFIX = json_dump({"type": SNEAK_PEEK_NOTIFICATION})[:-1]
PEEK_ROWS = f"left(message, {len(PEEK_TYPE_PREFIX)}) = '{PEEK_TYPE_PREFIX}'"  # no quote in it
PEEK_KEY = "split_part(message, ',', 2)"


def peek_rows_of(channel_id):
    """The condition on ``bus_bus`` of a session's peek rows (served by the index)."""
    key = json_dump({"payload": {"channel_id": channel_id}})[1:-2]
    return SQL("%s AND %s = %s", SQL(PEEK_ROWS), SQL(PEEK_KEY), key)


class DiscussChannel(models.Model):
    """Sneak peek: the session's agents see what the visitor is typing (lib/sneak_peek.py).

    The text is never stored: it only travels in a bus notification to the agents'
    partners, whose ``bus_bus`` row, needed for the delivery, is deleted when a newer peek
    is sent, when the visitor posts their message and when the chat ends.
    """

    _inherit = "discuss.channel"

    def _livechat_sneak_peek_init(self):
        """Called by ``init`` (discuss_channel.py): the index of the peeks' bus rows."""
        create_index(
            self.env.cr,
            "bus_bus_livechat_iconic_sneak_peek_idx",
            "bus_bus",
            [PEEK_KEY],
            where=PEEK_ROWS,
            comment="livechat_iconic: a session's sneak-peek rows, found without a scan",
        )

    def _livechat_sneak_peek_store_fields(self):
        """Called by ``_to_store_defaults`` (discuss_channel.py): whether the visitor's
        widget sends what the visitor types."""
        return [
            Store.Attr(
                "livechat_iconic_sneak_peek",
                lambda c: c._livechat_sneak_peek_enabled(),
                predicate=is_livechat_channel,
            )
        ]

    def _livechat_sneak_peek_enabled(self):
        self.ensure_one()
        # sudo: the queue's sneak-peek option, a flag the visitor's widget may know
        return bool(self.sudo().livechat_channel_id.livechat_sneak_peek) and not (
            self.livechat_end_dt
        )

    def _livechat_sneak_peek_agents(self):
        """The partners of the session's agents: the only receivers of the peek."""
        self.ensure_one()
        # sudo: the session's members, to address the notification (nothing is returned)
        members = self.sudo().channel_member_ids.filtered(
            lambda m: m.livechat_member_type == "agent" and m.partner_id
        )
        return members.partner_id

    def _livechat_send_sneak_peek(self, text):
        """Send the visitor's current ``text`` (masked again here) to the session's agents.

        Returns whether it was sent: not when the queue's option is off or the chat ended.
        """
        self.ensure_one()
        if not self._livechat_sneak_peek_enabled():
            return False
        self._livechat_clear_sneak_peek_rows()
        payload = {"channel_id": self.id, "text": sneak_peek.mask(text)}
        for partner in self._livechat_sneak_peek_agents():
            partner._bus_send(SNEAK_PEEK_NOTIFICATION, payload)
        return True

    def _livechat_clear_sneak_peek_rows(self):
        """Delete the bus rows of the sessions' earlier peeks (delivered or superseded),
        found by the partial index of ``init`` (the agents may have changed since)."""
        pending = self.env.cr.precommit.data.get("bus.bus.values")
        for channel in self:
            # and the ones this transaction would still write (bus.bus._sendone's precommit)
            if pending:
                key = json_dump({"payload": {"channel_id": channel.id}})[1:-2]
                prefix = f"{PEEK_TYPE_PREFIX},{key},"
                pending[:] = [v for v in pending if not v["message"].startswith(prefix)]
            self.env.cr.execute(SQL("DELETE FROM bus_bus WHERE %s", peek_rows_of(channel.id)))

    def _livechat_sneak_peek_on_message(self, message):
        """Called by ``_livechat_on_message`` (discuss_channel.py)."""
        if self._livechat_author_type(message) == "visitor":
            # the message is there: the undelivered peeks of it go (the agents' clients
            # empty their peek line when the message reaches them: nothing more is sent)
            self._livechat_clear_sneak_peek_rows()

    def _livechat_sneak_peek_on_state(self, new_state):
        """Called by ``_livechat_set_state`` (discuss_channel.py)."""
        if new_state in ("closed", "left"):
            self._livechat_clear_sneak_peek_rows()
