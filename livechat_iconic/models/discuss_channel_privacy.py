import logging
from datetime import timedelta

import psycopg2.errors
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL

from ..lib.groups import LIVECHAT_MANAGER_GROUP
from .helpdesk_ticket import TICKET_CONTEXT_KEPT

_logger = logging.getLogger(__name__)

RETENTION_PARAM = "livechat_iconic.privacy_retention_days"
#: Days a session (and its ticket) keeps the visitor's IP address, city, user agent and
#: page addresses; 0 keeps them for ever.
DEFAULT_RETENTION_DAYS = 365
RETENTION_BATCH_PARAM = "livechat_iconic.privacy_batch_size"
DEFAULT_RETENTION_BATCH = 500
RETENTION_CRON_XMLID = "livechat_iconic.ir_cron_privacy_retention"
#: What a session stores of where the visitor was (erased after the retention period).
#: Kept: the country (reports count by country) and the coarse browser, operating system
#: and device family read from the user agent.
SESSION_CONTEXT_FIELDS = (
    "livechat_ip",
    "livechat_city",
    "livechat_region",
    "livechat_user_agent",
    "livechat_page_url",
    "livechat_referrer",
)
#: Sessions that still hold some of it: the retention's partial index and its query
#: share this text, so that PostgreSQL matches them (rows leave the index once erased).
SESSION_CONTEXT_KEPT = (
    "channel_type = 'livechat' AND ("
    + " OR ".join(f"{name} IS NOT NULL" for name in SESSION_CONTEXT_FIELDS)
    + ")"
)
#: The visitor's own words and details on a session, erased with the visitor.
SESSION_PERSONAL_FIELDS = (
    *SESSION_CONTEXT_FIELDS,
    "livechat_question",
    "livechat_guest_name",
    "livechat_visitor_email",
    "livechat_visitor_phone",
    "livechat_suggested_partner_id",
    "livechat_transcript_log",
)
#: Where our to-dos about a chat link to it (bad ratings, contact to confirm).
CHAT_LINKS = ("/odoo/livechat-archive/%s", "/odoo/action-im_livechat.discuss_channel_action/%s")


def expired_count(model, kept, cutoff):
    """How many rows of ``model`` created before ``cutoff`` still keep the visitor
    context (``kept``: the partial index's condition)."""
    model.env.cr.execute(
        SQL(
            "SELECT count(*) FROM %s WHERE %s AND create_date < %s",
            SQL.identifier(model._table),
            SQL(kept),
            cutoff,
        )
    )
    return model.env.cr.fetchone()[0]


def expired_ids(model, kept, cutoff, limit):
    """Up to ``limit`` ids of such rows, oldest first, locked for this transaction; a row
    another transaction holds (or changed since this one began) is left for a later run."""
    model.flush_model()
    try:
        with model.env.cr.savepoint(flush=False):
            # an expected outcome of a concurrent writer: not a "bad query"
            model.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE %s AND create_date < %s ORDER BY create_date "
                    "LIMIT %s FOR NO KEY UPDATE SKIP LOCKED",
                    SQL.identifier(model._table),
                    SQL(kept),
                    cutoff,
                    limit,
                ),
                log_exceptions=False,
            )
            return [row[0] for row in model.env.cr.fetchall()]
    except psycopg2.errors.SerializationFailure:
        return []


class DiscussChannel(models.Model):
    """Privacy that lasts: the visitor context a session keeps is erased after the
    retention period (``_cron_livechat_privacy_retention``), and a live chat manager can
    erase a visitor's chats altogether (``_livechat_erase_personal_data``), leaving what
    the reports count: the sessions, their states, times and agents."""

    _inherit = "discuss.channel"

    _livechat_context_kept_idx = models.Index(f"(create_date) WHERE {SESSION_CONTEXT_KEPT}")

    # -- retention ----------------------------------------------------------------------------
    @api.model
    def _livechat_retention_days(self):
        """The retention setting, in days; 0 (or nonsense) keeps for ever."""
        value = self.env["ir.config_parameter"].sudo().get_param(RETENTION_PARAM)
        try:
            days = int(value) if value not in (None, False, "") else DEFAULT_RETENTION_DAYS
        except ValueError:
            _logger.warning("Live chat: %s is not a number of days: %r", RETENTION_PARAM, value)
            return 0
        return max(days, 0)

    @api.model
    def _cron_livechat_privacy_retention(self):
        """Erase the IP address, city, region, user agent and page addresses of the
        sessions and tickets older than the retention setting (days).

        In committed batches (``livechat_iconic.privacy_batch_size``, 500) with the
        scheduled action's progress; each batch is read from a partial index that holds
        only the rows still keeping some of it, oldest first, so a run reads what it
        erases and nothing else. Rows another transaction holds are left for the next
        run (SKIP LOCKED). Out of time, a new run is woken at once.
        """
        days = self._livechat_retention_days()
        if not days:
            return
        cutoff = fields.Datetime.now() - timedelta(days=days)
        params = self.env["ir.config_parameter"].sudo()
        try:
            batch_size = int(params.get_param(RETENTION_BATCH_PARAM) or DEFAULT_RETENTION_BATCH)
        except ValueError:
            batch_size = DEFAULT_RETENTION_BATCH
        batch_size = min(max(batch_size, 1), 10000)
        # sudo: the system erases what nobody may keep any longer
        targets = [
            (self.sudo(), SESSION_CONTEXT_KEPT),
            (self.env["helpdesk.ticket"].sudo(), TICKET_CONTEXT_KEPT),
        ]
        if self._livechat_in_cron():
            remaining = sum(expired_count(model, kept, cutoff) for model, kept in targets)
            self.env["ir.cron"]._commit_progress(remaining=remaining)
        for model, kept in targets:
            seen = set()
            while True:
                ids = expired_ids(model, kept, cutoff, batch_size)
                if not ids or seen.issuperset(ids):
                    break  # done (or only rows that could not be erased: next run)
                seen.update(ids)
                model.browse(ids)._livechat_erase_visitor_context()
                if not self._livechat_cron_commit(len(ids)):
                    self.env["ir.cron"]._commit_progress(remaining=0)
                    self._livechat_cron_unfinished(self.env.ref(RETENTION_CRON_XMLID))
                    return

    def _livechat_erase_visitor_context(self):
        """Erase where the visitor was (IP, city, region, user agent, pages)."""
        self.write(dict.fromkeys(SESSION_CONTEXT_FIELDS, False))

    # -- erasing a visitor --------------------------------------------------------------------
    def action_livechat_erase_visitor(self):
        """Erase this session's visitor: all their chats (see
        ``_livechat_visitor_to_erase``). Live chat managers only."""
        self._livechat_check_may_erase()
        partners, sessions = self._livechat_visitor_to_erase()
        partners._livechat_erase_personal_data()
        sessions._livechat_erase_personal_data()
        return True

    def _livechat_check_may_erase(self):
        if not self.env.user.has_group(LIVECHAT_MANAGER_GROUP):
            raise AccessError(self.env._("Only live chat managers may erase a visitor's data."))

    def _livechat_visitor_to_erase(self):
        """(contacts, sessions) of the visitors of these sessions: a visitor known as a
        contact is erased as that contact (every chat of theirs); an anonymous visitor,
        with every session of the same guest."""
        # sudo: who the visitors are, for a manager who may erase them
        sessions = self.sudo().filtered(lambda c: c.channel_type == "livechat")
        public = self.env.ref("base.public_partner")
        partners = self.env["res.partner"]
        guests = self.env["mail.guest"]
        for session in sessions:
            partner = (
                session.livechat_partner_id or (session.livechat_customer_partner_ids - public)[:1]
            )
            if partner:
                partners |= partner
            else:
                guests |= session.livechat_customer_guest_ids
        if guests:
            sessions |= self.sudo().search(
                Domain("channel_type", "=", "livechat")
                & Domain(
                    "livechat_channel_member_history_ids",
                    "any",
                    Domain("guest_id", "in", guests.ids)
                    & Domain("livechat_member_type", "=", "visitor"),
                )
            )
        return partners.sudo(), sessions - partners._livechat_sessions()

    @api.model
    def _livechat_erased_text(self):
        return self.env._("This message was erased.")

    def _livechat_erase_personal_data(self):
        """Erase what these live chat sessions hold about their visitor; the hook that
        privacy tools call (see also ``res.partner._livechat_erase_personal_data``).

        Every message's text becomes "This message was erased." (authors and times stay:
        the reports' message counts and response times stay true) and its attachments
        and link previews go; the visitor's bot answers, rating comment, question, name,
        e-mail, phone, IP address, city, user agent and pages are emptied; the history
        note on the contact and our to-dos about the chat are erased, as are the tickets'
        copies of the conversation, the visitor's website visitor record (their page
        views), the chat's missing answer and its answers indexed as reply suggestions. The sessions stay, with their states, times, agents and ratings.
        Returns the sessions erased."""
        # sudo: the caller decided (a manager's action, a privacy tool); the system erases
        sessions = self.sudo().filtered(lambda c: c.channel_type == "livechat")
        if not sessions:
            return sessions
        erased = Markup("<p>%s</p>") % self._livechat_erased_text()
        messages = sessions.message_ids
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", "discuss.channel"), ("res_id", "in", sessions.ids)]
        ).unlink()
        messages.message_link_preview_ids.unlink()
        messages.write({"body": erased})
        sessions.chatbot_message_ids.write({"user_raw_answer": False})
        self.env["rating.rating"].sudo().search(
            [("res_model", "=", "discuss.channel"), ("res_id", "in", sessions.ids)]
        ).write({"feedback": False})
        sessions.livechat_history_note_id.write({"body": erased})
        sessions._livechat_chat_activities().unlink()
        self.env["helpdesk.ticket"].sudo().search(
            [("livechat_session_id", "in", sessions.ids)]
        )._livechat_erase_personal_data(transcript=True)
        # reply suggestions: the visitor's question kept as a missing answer, and the
        # agents' answers of these chats (which may quote the visitor) indexed as snippets
        for model in ("livechat_iconic.missing.answer", "livechat_iconic.suggestion.snippet"):
            self.env[model].sudo().search([("channel_id", "in", sessions.ids)]).unlink()
        visitors = sessions.livechat_visitor_id
        guests = sessions.livechat_customer_guest_ids
        sessions.write(
            {
                **dict.fromkeys(SESSION_PERSONAL_FIELDS, False),
                "name": self.env._("Erased visitor"),
            }
        )
        guests.write({"name": self.env._("Visitor")})
        visitors.unlink()
        _logger.info("Live chat: the visitor data of sessions %s were erased", sessions.ids)
        return sessions

    def _livechat_chat_activities(self):
        """Our to-dos that quote these chats (a bad rating, a contact to confirm)."""
        links = [pattern % session.id + '"' for session in self for pattern in CHAT_LINKS]
        if not links:
            return self.env["mail.activity"]
        domain = Domain.OR(Domain("note", "ilike", link) for link in links)
        # sudo: whoever they are assigned to
        activities = self.env["mail.activity"].sudo().search(domain)
        # "ilike" reads "_" as a wildcard: only the exact links count
        return activities.filtered(lambda a: any(link in (a.note or "") for link in links))
