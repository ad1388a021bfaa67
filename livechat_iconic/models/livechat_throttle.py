import logging
import random
import time

from odoo import api, models
from odoo.http import request
from odoo.sql_db import Cursor
from odoo.tools import SQL

from ..lib import throttle

_logger = logging.getLogger(__name__)

TABLE = "livechat_iconic_throttle"


class LivechatThrottle(models.AbstractModel):
    """The one throttle of the visitors' routes (rules in ``lib/throttle.py``).

    Counters live in an UNLOGGED table (losing them in a crash costs nothing), one row per
    counter and minute, counted in a short transaction of their own at READ COMMITTED:
    a count survives the request's rollback, never waits on the request's locks, and two
    requests of one source never fail each other with a serialization error. Holds on
    several Odoo servers sharing the database.
    """

    _name = "livechat_iconic.throttle"
    _description = "Live Chat Throttle"

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE UNLOGGED TABLE IF NOT EXISTS %s ("
                " key varchar NOT NULL, window_id bigint NOT NULL, hits integer NOT NULL,"
                " PRIMARY KEY (key, window_id))",
                SQL.identifier(TABLE),
            )
        )

    @api.model
    def _livechat_limits(self, action):
        """(per source, per guest) per minute for ``action``, from its setting."""
        default = throttle.DEFAULT_LIMITS.get(action, throttle.DEFAULT_LIMITS["other"])
        # sudo: the limits are settings, read for any caller
        text = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(f"livechat_iconic.throttle_{action}", "")
        )
        return throttle.parse_limits(text, default) if text else default

    @api.model
    def _livechat_is_over(self, action):
        """Count this request for ``action``: whether its source or its guest passed the
        action's limit. A known customer is never counted, nor anyone when the limits
        are 0. In tests (Odoo's own suites included), only when a test asks for it with
        ``livechat_iconic.throttle_in_tests``: the whole suite comes from 127.0.0.1."""
        # sudo: reading settings
        params = self.env["ir.config_parameter"].sudo()
        if self._livechat_in_tests() and not params.get_param("livechat_iconic.throttle_in_tests"):
            return False
        limits = self._livechat_limits(action)
        if not any(limits) or self._livechat_exempt():
            return False
        if self.env.user._is_public():
            guest = self._livechat_request_guest()
            visitor = guest and f"guest:{guest.id}"
        else:
            visitor = f"user:{self.env.uid}"
        source = throttle.source_of(request.httprequest.remote_addr)
        counts = self._livechat_count(throttle.keys(action, source, visitor))
        if len(counts) == 1:
            counts.append(None)
        if throttle.is_over(counts, limits):
            _logger.info("Live chat throttle: %s from %s (%s) refused", action, source, visitor)
            return True
        return False

    def _livechat_in_tests(self):
        """A request served inside a test's transaction (Odoo's TestCursor)."""
        return not isinstance(self.env.cr, Cursor)

    @api.model
    def _livechat_request_guest(self):
        Guest = self.env["mail.guest"]
        return Guest._get_guest_from_token(request.httprequest.cookies.get(Guest._cookie_name, ""))

    @api.model
    def _livechat_count(self, keys):
        """Add one to each counter of ``keys`` for the current minute; their new values."""
        window = throttle.window_of(time.time())
        with self.env.registry.cursor() as cr:
            if not self._livechat_in_tests():  # in tests: the test's own transaction
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            counts = []
            for key in keys:
                cr.execute(
                    SQL(
                        "INSERT INTO %s (key, window_id, hits) VALUES (%s, %s, 1)"
                        " ON CONFLICT (key, window_id) DO UPDATE SET hits = %s.hits + 1"
                        " RETURNING hits",
                        SQL.identifier(TABLE),
                        key,
                        window,
                        SQL.identifier(TABLE),
                    )
                )
                counts.append(cr.fetchone()[0])
            if counts[0] == 1 and random.random() < 0.02:  # noqa: S311 - not security
                # now and then, the counters of past minutes go (each is read for one)
                cr.execute(
                    SQL("DELETE FROM %s WHERE window_id < %s", SQL.identifier(TABLE), window - 1)
                )
        return counts

    @api.model
    def _livechat_exempt(self):
        """Staff, and a known customer: a signed-in user or a guest whose confirmed contact
        has chatted with an agent before (a self-registered portal user with no history
        counts as a stranger)."""
        user = self.env.user
        if user._is_internal():
            return True
        if not user._is_public():
            partner = user.partner_id
        else:
            guest = self._livechat_request_guest()
            if not guest:
                return False
            # sudo: the guest's own sessions, for the contact an agent confirmed
            partner = (
                self.env["discuss.channel"]
                .sudo()
                .search(
                    [
                        ("channel_type", "=", "livechat"),
                        ("channel_member_ids.guest_id", "=", guest.id),
                        ("livechat_partner_id", "!=", False),
                    ],
                    limit=1,
                )
                .livechat_partner_id
            )
        return bool(partner) and self._livechat_known_customer(partner)

    @api.model
    def _livechat_known_customer(self, partner):
        """Has this contact chatted with an agent before?"""
        # sudo: counting the contact's past chats, which a visitor cannot read
        return bool(
            self.env["discuss.channel"]
            .sudo()
            .search_count(
                [
                    ("channel_type", "=", "livechat"),
                    ("livechat_customer_partner_ids", "in", partner.id),
                    ("livechat_agent_partner_ids", "!=", False),
                ],
                limit=1,
            )
        )
