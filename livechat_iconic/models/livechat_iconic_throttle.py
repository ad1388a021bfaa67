import hashlib
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
#: set (in a test) to count requests in tests too: the throttle is off in tests otherwise
IN_TESTS_PARAM = "livechat_iconic.throttle_in_tests"
#: An hour, in the minute windows of the table
HOUR_WINDOWS = throttle.HOUR_SECONDS // throttle.WINDOW_SECONDS


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
        """Count this request for ``action``: whether its source or its visitor passed the
        action's limit, and is no known customer (looked up only then). Staff are never
        counted, nor anyone when the limits are 0. In tests (Odoo's own suites included),
        only when a test asks for it with ``livechat_iconic.throttle_in_tests``: the whole
        suite comes from 127.0.0.1. One query when under the limit."""
        # sudo: reading settings (cached)
        params = self.env["ir.config_parameter"].sudo()
        if self._livechat_in_tests() and not params.get_param(IN_TESTS_PARAM):
            return False
        if self.env.user._is_internal():
            return False
        limits = self._livechat_limits(action)
        if not any(limits):
            return False
        source = throttle.source_of(request.httprequest.remote_addr)
        counts = self._livechat_count(throttle.keys(action, source, self._livechat_visitor_key()))
        if len(counts) == 1:
            counts.append(None)
        if not throttle.is_over(counts, limits) or self._livechat_exempt():
            return False
        _logger.info("Live chat throttle: %s from %s refused", action, source)
        return True

    @api.model
    def _livechat_mail_cap(self):
        """(all visitors, per source) e-mails per hour, from its setting."""
        # sudo: the cap is a setting, read for any caller
        text = (
            self.env["ir.config_parameter"].sudo().get_param("livechat_iconic.visitor_mail_cap", "")
        )
        default = throttle.DEFAULT_MAIL_CAP
        return throttle.parse_limits(text, default) if text else default

    @api.model
    def _livechat_mail_over_cap(self):
        """Count one e-mail that this request makes the company send to an address of the
        visitor's (a code, a transcript, a ticket's confirmation): whether it passes the
        hourly cap, for all visitors or for this request's source, and must not go. Staff
        and known customers are not counted (see ``_livechat_is_over``); neither is
        anything in tests unless a test asks for it."""
        # sudo: reading settings (cached)
        params = self.env["ir.config_parameter"].sudo()
        if self._livechat_in_tests() and not params.get_param(IN_TESTS_PARAM):
            return False
        if self.env.user._is_internal() or not request:
            return False
        cap = self._livechat_mail_cap()
        if not any(cap):
            return False
        if self._livechat_exempt():
            return False
        source = throttle.source_of(request.httprequest.remote_addr)
        counts = self._livechat_count(throttle.mail_cap_keys(source), hourly=True)
        if not throttle.is_over(counts, cap):
            return False
        _logger.info("Live chat: the visitors' mail cap is reached (%s, %s)", source, counts)
        return True

    def _livechat_in_tests(self):
        """A request served inside a test's transaction (Odoo's TestCursor)."""
        return not isinstance(self.env.cr, Cursor)

    @api.model
    def _livechat_visitor_key(self):
        """The visitor a request is counted for: a signed-in portal user, else the guest
        cookie's digest (no query; a forged cookie only gets a counter of its own, and
        nobody can fill another guest's without their token), else none."""
        if not self.env.user._is_public():
            return f"user:{self.env.uid}"
        cookie = request.httprequest.cookies.get(self.env["mail.guest"]._cookie_name)
        if not cookie:
            return None
        return f"guest:{hashlib.sha256(cookie.encode()).hexdigest()[:24]}"

    @api.model
    def _livechat_request_guest(self):
        Guest = self.env["mail.guest"]
        return Guest._get_guest_from_token(request.httprequest.cookies.get(Guest._cookie_name, ""))

    @api.model
    def _livechat_count(self, keys, hourly=False):
        """Add one to each counter of ``keys`` for the current minute (the current hour
        when ``hourly``): their new values, in one statement on a cursor of its own at
        READ COMMITTED."""
        now = time.time()
        window = throttle.hour_window_of(now) if hourly else throttle.window_of(now)
        query = SQL(
            "INSERT INTO %s (key, window_id, hits) VALUES %s"
            " ON CONFLICT (key, window_id) DO UPDATE SET hits = %s.hits + 1"
            " RETURNING key, hits",
            SQL.identifier(TABLE),
            SQL(", ").join(SQL("(%s, %s, 1)", key, window) for key in keys),
            SQL.identifier(TABLE),
        )
        with self.env.registry.cursor() as cr:
            if not self._livechat_in_tests():  # in tests: the test's own transaction
                query = SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED; %s", query)
            cr.execute(query)
            hits = dict(cr.fetchall())
            if hits[keys[0]] == 1 and random.random() < 0.02:  # noqa: S311 - not security
                # now and then, the counters of past minutes go (each is read for one),
                # the hourly ones of past hours
                minute = throttle.window_of(now)
                cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE window_id < %s"
                        " AND (key NOT LIKE %s OR window_id < %s)",
                        SQL.identifier(TABLE),
                        minute - 1,
                        f"{throttle.HOUR_PREFIX}%",
                        throttle.hour_window_of(now) - HOUR_WINDOWS,
                    )
                )
        return [hits[key] for key in keys]

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
            partner = self._livechat_guest_contacts(guest).get(guest.id)
        return bool(partner) and self._livechat_known_customer(partner)

    @api.model
    def _livechat_guest_contacts(self, guests):
        """``{guest id: contact}``: for each of ``guests`` who has one, the contact an agent
        confirmed in one of the guest's chats (the latest one's). Two queries for any
        number of guests."""
        if not guests:
            return {}
        # sudo: the guests' own sessions, for the contact an agent confirmed
        members = (
            self.env["discuss.channel.member"]
            .sudo()
            .search_fetch(
                [
                    ("guest_id", "in", guests.ids),
                    ("channel_id.channel_type", "=", "livechat"),
                    ("channel_id.livechat_partner_id", "!=", False),
                ],
                ["guest_id", "channel_id"],
                order="id desc",
            )
        )
        contacts = {}
        for member in members:
            contacts.setdefault(member.guest_id.id, member.channel_id.livechat_partner_id)
        return contacts

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
