import logging
import time
from datetime import datetime, timedelta

import psycopg2.errors
from markupsafe import Markup
from psycopg2.pool import PoolError

from odoo import SUPERUSER_ID, _, api, fields, models, modules
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.modules.registry import Registry
from odoo.tools import SQL, email_normalize, email_split, html2plaintext

from odoo.addons.mail.tools.discuss import Store

from ..lib import geo, message_form, web_input
from ..lib import session_state as lifecycle
from ..lib.groups import LIVECHAT_MANAGER_GROUP, LIVECHAT_USER_GROUP
from ..tools.prefetch import DETAIL_PREFETCH

_logger = logging.getLogger(__name__)

QUESTION_MAX_LENGTH = 500
# transcripts a visitor may ask for, per session
TRANSCRIPTS_PER_SESSION = 3
# Fields of the Customers Waiting board a state change can touch; the bus payload only
# carries those that changed.
BOARD_STATE_FIELDS = (
    "livechat_state",
    "livechat_operator_id",
    "livechat_end_dt",
    "livechat_waiting_reply",
)
# The open boards listen on this subchannel of the livechat users' group (ir_websocket.py)
BOARD_SUBCHANNEL = "LIVECHAT_ICONIC_BOARD"
BOARD_NOTIFICATION = "livechat_iconic.board/update"
BOARD_PENDING_KEY = "livechat_iconic.board_pending"
FLUSH_AFTER_COMMIT_KEY = "livechat_iconic.flush_after_commit"
# At most one board message per this many seconds, whatever the traffic (_livechat_board_flush)
BOARD_INTERVAL = 1.0
# At most one message per queue per this many seconds (_livechat_queue_flush, in
# discuss_channel_sla.py): each wakes the websocket of every visitor waiting in the queue
QUEUE_INTERVAL = 5.0
# A queue's moves that change nobody's place (a visitor joins behind everyone) wait for the
# next move that does, or this many seconds: each message wakes every waiting visitor's
# websocket at once, and a crowd arriving behind a long queue would otherwise wake them all
# every QUEUE_INTERVAL for nothing
QUEUE_QUIET_INTERVAL = 60.0
# which pending queue moves are news (their payload's "news", absent: news)
QUEUE_NEWS = SQL("(payload->>'news') IS DISTINCT FROM 'false'")
# The board ticker tries again this soon when its process has no free connection
POOL_RETRY = 0.1
# per database, when (time.monotonic()) this process's last flush said a change it held back
# may go: the requests' post-commit flushes wait for that moment instead of asking
# PostgreSQL's clock again (four queries and a connection) at every message; the ticker
# sends what is held back meanwhile
_FLUSH_NOT_BEFORE = {}
# The context key under which a visitor's /mail/message/post names the session its message
# goes into (controllers/thread.py): refused there if the session ended
REFUSE_IF_ENDED_KEY = "livechat_iconic.refuse_if_ended"


class SessionEnded(UserError):
    """A visitor's message into a session that ended, refused by ``message_post``
    (answered with 409 by controllers/thread.py)."""


def flush_board(db_name):
    """``_livechat_board_flush`` and ``_livechat_queue_flush`` (the queues' moves,
    discuss_channel_sla.py) in their own READ COMMITTED transaction on ``db_name`` (the
    request's post-commit hook, the ticker of ``ir.websocket``); errors are logged, never
    raised: the pending rows stay for the next flush. Returns the seconds until a change
    left pending may be sent (``BOARD_INTERVAL`` when none is left; the ticker sleeps
    that long), or None when the flush failed or the database no longer has this
    addon."""
    try:
        registry = Registry(db_name)
        if not hasattr(registry["discuss.channel"], "_livechat_queue_flush"):
            return None  # the addon was uninstalled since
        with registry.cursor() as cr:
            # each statement sees what other processes committed: a flush never fails on
            # a pending row or on the clock that another flush took meanwhile
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            Channel = api.Environment(cr, SUPERUSER_ID, {})["discuss.channel"]
            Channel._livechat_board_flush()
            Channel._livechat_queue_flush()
            # what is left waits for its clock (just moved by a flush that sent: a second;
            # never sent yet, '-infinity', whose difference PostgreSQL refuses to compute:
            # another process is sending the first message, a moment later)
            cr.execute(
                SQL(
                    """SELECT MIN(CASE WHEN isfinite(sent_at)
                                       THEN EXTRACT(EPOCH FROM sent_at + make_interval(secs => every)
                                                               - clock_timestamp())
                                       ELSE 0 END)
                         FROM (SELECT sent_at, %s AS every FROM livechat_iconic_board_clock
                                WHERE id = 1 AND EXISTS (SELECT FROM livechat_iconic_board_pending)
                               UNION ALL
                               SELECT sent_at,
                                      CASE WHEN EXISTS (SELECT FROM livechat_iconic_queue_pending
                                                         WHERE %s)
                                           THEN %s ELSE %s END
                                 FROM livechat_iconic_queue_clock
                                WHERE id = 1 AND EXISTS (SELECT FROM livechat_iconic_queue_pending)
                              ) AS clocks""",
                    BOARD_INTERVAL,
                    QUEUE_NEWS,
                    QUEUE_INTERVAL,
                    QUEUE_QUIET_INTERVAL,
                )
            )
            [wait] = cr.fetchone()
    except PoolError:
        # every connection of this process is in use (a burst of websockets, each
        # fetching its notifications, as Odoo's own acquire_cursor retries): the pending
        # rows wait for the next tick, a moment later; nothing is lost
        _logger.debug("Live chat board: no free connection, the changes wait a moment")
        return POOL_RETRY
    except Exception:
        _logger.exception("Live chat board: sending the pending changes failed")
        return None
    if wait is None:
        return BOARD_INTERVAL  # nothing left pending
    # held back: try again when allowed (another process sending: a moment later)
    return min(BOARD_INTERVAL, max(0.05, float(wait) + 0.01))


class DiscussChannel(models.Model):
    _name = "discuss.channel"
    _inherit = ["discuss.channel", "livechat_iconic.session.followup"]

    # -- life cycle ---------------------------------------------------------------------------
    livechat_state = fields.Selection(
        lifecycle.STATES,
        string="Visitor State",
        readonly=True,
        group_expand=True,
        copy=False,
        index="btree_not_null",
        help="Where the visitor stands: Loading, Invited, In Queue, Waiting, Chatting, "
        "Closed (by the visitor or an agent; an agent can reconnect) or Left (the visitor "
        "left the website). Only _livechat_set_state() changes it.",
        # no groups: the visitor's widget shows them where they stand (queued, chatting,
        # ended), and every request of a visitor or an employee in a chat reads it
    )
    livechat_state_dt = fields.Datetime(
        "State Since", readonly=True, copy=False, groups=LIVECHAT_USER_GROUP
    )
    livechat_loading_dt = fields.Datetime(
        "Loading Since",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_invited_dt = fields.Datetime(
        "Invited On",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_in_queue_dt = fields.Datetime(
        "Queued On", readonly=True, copy=False, groups=LIVECHAT_USER_GROUP
    )
    livechat_waiting_dt = fields.Datetime(
        "Waiting Since", readonly=True, copy=False, groups=LIVECHAT_USER_GROUP
    )
    livechat_chatting_dt = fields.Datetime(
        "Chatting Since",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_closed_dt = fields.Datetime(
        "Closed On", readonly=True, copy=False, groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH
    )
    livechat_left_dt = fields.Datetime(
        "Left On", readonly=True, copy=False, groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH
    )
    livechat_resume_state = fields.Selection(
        lifecycle.STATES,
        string="State Before Drop",
        readonly=True,
        copy=False,
        help="Set while the session is CLOSED because the visitor's connection dropped: "
        "the state it resumes if the visitor comes back.",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_dequeued_dt = fields.Datetime(
        "Left Queue On",
        readonly=True,
        copy=False,
        help="When the session last left IN QUEUE.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_unanswered_dt = fields.Datetime(
        "Unanswered Since",
        readonly=True,
        copy=False,
        help="Time of the visitor's first message that no agent has answered yet: how long "
        "the visitor has been waiting for an answer. Later messages of the visitor do not "
        "move it (nor send the boards anything); an agent's answer clears it.",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_stopped_dt = fields.Datetime(
        "Timers Stopped On",
        compute="_compute_livechat_stopped_dt",
        store=True,
        help="When the session became Closed or Left: its timers stop there.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_queue_seconds = fields.Integer(
        "Queue Time (s)", compute="_compute_livechat_durations", groups=LIVECHAT_USER_GROUP
    )
    livechat_chat_seconds = fields.Integer(
        "Chat Time (s)", compute="_compute_livechat_durations", groups=LIVECHAT_USER_GROUP
    )
    livechat_unanswered_seconds = fields.Integer(
        "Unanswered For (s)", compute="_compute_livechat_durations", groups=LIVECHAT_USER_GROUP
    )
    livechat_agent_id = fields.Many2one(
        "res.partner",
        string="Agent",
        compute="_compute_livechat_agent_id",
        help="The agent looking after the visitor; empty while the session is queued.",
        groups=LIVECHAT_USER_GROUP,
    )

    # -- visitor context ----------------------------------------------------------------------
    livechat_visitor_name = fields.Char(
        "Visitor Name",
        compute="_compute_livechat_visitor_name",
        store=True,
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_guest_name = fields.Char(
        "Name Given",
        groups=LIVECHAT_USER_GROUP,
        help="The name an anonymous visitor gave.",
        prefetch=DETAIL_PREFETCH,
    )
    livechat_partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        index="btree_not_null",
        help="The contact this chat belongs to: the logged-in customer, the contact an "
        "agent confirmed, or the one whose e-mail the visitor proved with a code. Never set "
        "from what an anonymous visitor types.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_suggested_partner_id = fields.Many2one(
        "res.partner",
        string="Matches Contact",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        help="The existing contact whose e-mail the visitor typed. A claim, not an identity: "
        "the chat belongs to that contact only once an agent confirms it.",
        prefetch=DETAIL_PREFETCH,
    )
    livechat_contact_claim = fields.Char(
        "Visitor Says",
        compute="_compute_livechat_contact_claim",
        groups=LIVECHAT_USER_GROUP,
        help="What the visitor claims to be, and whether it matches a contact.",
    )
    livechat_visitor_email = fields.Char(
        "Visitor E-mail", groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH
    )
    livechat_visitor_phone = fields.Char(
        "Visitor Phone", groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH
    )
    livechat_question = fields.Char(
        "Question", help="The visitor's first message.", groups=LIVECHAT_USER_GROUP
    )
    livechat_page_url = fields.Char(
        "Current Page", groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH
    )
    livechat_referrer = fields.Char(
        "Referrer", groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH
    )
    livechat_ip = fields.Char("IP Address", groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH)
    livechat_city = fields.Char("City", groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH)
    livechat_region = fields.Char("Region", groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH)
    livechat_location = fields.Char(
        "Location",
        compute="_compute_livechat_location",
        store=True,
        groups=LIVECHAT_USER_GROUP,
        help="City, region and country of the visitor.",
        prefetch=DETAIL_PREFETCH,
    )
    livechat_user_agent = fields.Char(
        "User Agent", groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH
    )
    livechat_browser = fields.Char("Browser", groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH)
    livechat_os = fields.Char(
        "Operating System", groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH
    )
    livechat_device = fields.Char("Device", groups=LIVECHAT_USER_GROUP, prefetch=DETAIL_PREFETCH)
    livechat_transcript = fields.Html(
        "Transcript",
        compute="_compute_livechat_transcript",
        sanitize=False,
        groups=LIVECHAT_USER_GROUP,
        help="Read-only transcript: each message with its time and author.",
    )
    livechat_transcript_log = fields.Text(
        "Transcripts Sent",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )
    livechat_history_note_id = fields.Many2one(
        "mail.message",
        string="History Note",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )

    # the presence watch's filter (_cron_livechat_watch_visitors), kept small: live sessions
    _livechat_watch_idx = models.Index(
        "(id) WHERE channel_type = 'livechat' AND (livechat_state IN ('chatting', 'in_queue', "
        "'waiting') OR livechat_resume_state IS NOT NULL)"
    )

    # -- computes -----------------------------------------------------------------------------
    # Odoo's outcome of a session, with the ends this addon adds
    livechat_outcome = fields.Selection(
        selection_add=[
            ("sent_as_message", "Sent as Message"),
            ("visitor_inactive", "Visitor Inactive"),
            ("ticket", "Ticket"),
        ],
        ondelete={
            "sent_as_message": "set null",
            "visitor_inactive": "set null",
            "ticket": "set null",
        },
        prefetch=DETAIL_PREFETCH,
    )  # Odoo's field, as Odoo shares it (its store sends it to employees)

    @api.depends("livechat_partner_id.name", "livechat_customer_partner_ids", "livechat_guest_name")
    def _compute_livechat_visitor_name(self):
        # Odoo's cached xmlid map: env.ref() would query on every "start chat" request
        public_partners = self.env["res.partner"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id("base.public_partner")
        )
        for channel in self:
            if channel.channel_type != "livechat":
                channel.livechat_visitor_name = False
                continue
            partner = (
                channel.livechat_partner_id
                or (channel.livechat_customer_partner_ids - public_partners)[:1]
            )
            channel.livechat_visitor_name = (
                partner.name or channel.sudo().livechat_guest_name or _("Guest")
            )

    @api.depends(
        "livechat_visitor_email",
        "livechat_suggested_partner_id.name",
        "livechat_partner_id",
        "livechat_contact_proven",
    )
    def _compute_livechat_contact_claim(self):
        for channel in self:
            email = channel.livechat_visitor_email
            match = channel.livechat_suggested_partner_id
            if not email:
                channel.livechat_contact_claim = False
            elif (
                match and match == channel.livechat_partner_id and (channel.livechat_contact_proven)
            ):
                channel.livechat_contact_claim = _(
                    "says: %(email)s — proven by a code sent there, %(contact)s",
                    email=email,
                    contact=match.name,
                )
            elif match and match == channel.livechat_partner_id:
                channel.livechat_contact_claim = _(
                    "says: %(email)s — confirmed as %(contact)s", email=email, contact=match.name
                )
            elif match:
                channel.livechat_contact_claim = _(
                    "says: %(email)s — matches contact %(contact)s, not confirmed",
                    email=email,
                    contact=match.name,
                )
            else:
                channel.livechat_contact_claim = _(
                    "says: %(email)s — matches no contact", email=email
                )

    @api.depends("livechat_city", "livechat_region", "country_id.name")
    def _compute_livechat_location(self):
        for channel in self:
            location = geo.Location(
                city=channel.livechat_city or "",
                region=channel.livechat_region or "",
                country_name=channel.country_id.name or "",
            )
            channel.livechat_location = location.label or False

    @api.depends("livechat_operator_id")
    def _compute_livechat_agent_id(self):
        queue = self._livechat_queue_partner()
        for channel in self:
            operator = channel.livechat_operator_id
            # sudo: only whether the operator is a user: a bot or the queue is no agent
            is_user = operator.sudo().with_context(active_test=False).user_ids
            agent = operator if operator and operator != queue and is_user else False
            channel.livechat_agent_id = agent

    @api.depends("livechat_state", "livechat_state_dt")
    def _compute_livechat_stopped_dt(self):
        for channel in self:
            stopped = channel.livechat_state in ("closed", "left")
            channel.livechat_stopped_dt = channel.livechat_state_dt if stopped else False

    def _compute_livechat_transcript(self):
        # sudo: livechat agents read the transcript of any session they can see (View)
        message_model = self.env["mail.message"]
        messages_by_channel = dict.fromkeys(self.ids, message_model)
        for message in self.sudo().message_ids:
            messages_by_channel[message.res_id] |= message
        for channel in self:
            lines = [
                {
                    "date": line.when.strftime("%Y-%m-%d %H:%M:%S"),
                    "author": line.author,
                    "text": line.text,
                }
                for line in channel._livechat_transcript_lines(
                    messages_by_channel.get(channel.id, message_model)
                )
            ]
            html = self.env["ir.qweb"]._render(
                "livechat_iconic.discuss_channel_transcript",
                {"lines": lines},
                minimal_qcontext=True,
            )
            channel.livechat_transcript = html.strip()

    def _livechat_transcript_lines(self, messages):
        """``messages`` in order as transcript lines: the time in the reader's time zone,
        the author, the plain text; messages without text are left out."""
        lines = []
        for message in messages.sorted(lambda m: (m.date, m.id)):
            text = html2plaintext(message.body or "").strip()
            if not text:
                continue
            when = fields.Datetime.context_timestamp(self, message.date).replace(tzinfo=None)
            author = message.author_id.name or message.author_guest_id.name or ""
            lines.append(message_form.TranscriptLine(when, author, text))
        return lines

    def _compute_livechat_durations(self):
        now = fields.Datetime.now()
        for channel in self:
            queued, dequeued = channel.livechat_in_queue_dt, channel.livechat_dequeued_dt
            if queued and dequeued and dequeued < queued:
                dequeued = None  # queued again since it last left the queue
            stopped = channel.livechat_stopped_dt or None
            channel.livechat_queue_seconds = lifecycle.queue_seconds(
                queued or None, dequeued or None, stopped or now
            )
            channel.livechat_chat_seconds = lifecycle.chat_seconds(
                channel.livechat_chatting_dt or None, stopped, now
            )
            channel.livechat_unanswered_seconds = lifecycle.seconds_since(
                channel.livechat_unanswered_dt or None, stopped or now
            )

    @api.depends("livechat_end_reason")
    def _compute_livechat_outcome(self):
        result = super()._compute_livechat_outcome()
        # each session its own outcome (Odoo's compute assigns its last session's outcome to
        # the whole batch); how it ended (sent as message, visitor inactive) comes first
        for channel in self:
            channel.livechat_outcome = channel.livechat_end_reason or (
                "escalated" if channel.livechat_is_escalated else channel.livechat_failure
            )
        return result

    def _to_store_defaults(self, target):
        # what each concern adds, in this order: the visitor's own fields, the visitor's
        # name for the canned responses (agents only), the sneak-peek flag, whether only
        # supervisors transfer the chat (agents only)
        return (
            super()._to_store_defaults(target)
            + self._livechat_visitor_store_fields()
            + self._livechat_canned_store_fields(target)
            + self._livechat_sneak_peek_store_fields()
            + self._livechat_step_in_store_fields(target)
        )

    def _livechat_visitor_store_fields(self):
        """What the visitor's widget reads of its session (on load and when it changes,
        ``_livechat_send_visitor_flags``), in this order: whether the visitor waits for
        a person and gave an e-mail (livechat_iconic_session_followup.py), their place in the
        queue (discuss_channel_sla.py)."""
        return self._livechat_followup_store_fields() + self._livechat_sla_store_fields()

    def _get_livechat_session_fields_to_store(self):
        # the side panel's data, in this order: the visitor's claim, the contact's notes,
        # the contact's tags
        return (
            super()._get_livechat_session_fields_to_store()
            + self._livechat_claim_store_fields()
            + self._livechat_contact_notes_store_fields()
            + self._livechat_contact_tags_store_fields()
        )

    # -- ORM ----------------------------------------------------------------------------------
    def _prepare_create_values(self, vals_list):
        """A new session's first state and its timestamps go into the INSERT itself (no
        second write per session). Added here, after Odoo checked which fields the caller
        may write, as a default is: whoever starts a chat (a visitor, an employee without
        the agents' group), the system sets these agents' fields."""
        queue_id = self._livechat_queue_partner().id
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("channel_type") != "livechat" or vals.get("livechat_state"):
                continue
            state = lifecycle.initial_state(
                invited=bool(vals.get("is_pending_chat_request")),
                queued=bool(queue_id) and vals.get("livechat_operator_id") == queue_id,
                bot_talks=bool(vals.get("chatbot_current_step_id")),
            )
            vals.update(
                {
                    "livechat_state": state,
                    "livechat_state_dt": now,
                    lifecycle.timestamp_field(state): now,
                }
            )
            # announced at the visitor's first message (discuss_channel_announce.py)
            vals.setdefault("livechat_held", self._livechat_held_at_start(state))
        return super()._prepare_create_values(vals_list)

    @api.model_create_multi
    def create(self, vals_list):
        """Odoo's create, then, in this order (a written order: nothing depends on the
        imports): the new sessions that need someone's attention are announced (below),
        then inactivity (their timers), routing (a broadcast queue's queued chat is
        offered to its agents), SLA (the queue's waiting visitors learn their place): the
        order the imports gave when each concern overrode ``create``, kept as it was;
        last the miss causes (a session created with its wait over, e.g. imported)."""
        channels = super().create(vals_list)
        # A session routed to an agent (WAITING) is announced by Odoo to that agent; the
        # widget creates it only to post the visitor's first message, which follows at once
        # and reaches the boards. The others need someone's attention now, once their
        # visitor wrote: a held session (no visitor message yet) is left out by each notice
        # below, and announced by _livechat_announce() at that message.
        # sudo: whoever starts the chat, the system tells the agents (their fields)
        channels.sudo().filtered(
            lambda c: c.livechat_state in ("loading", "invited", "in_queue")
        )._livechat_notify_board(("livechat_state",))
        queued = channels.sudo().filtered(lambda c: c.livechat_state == "in_queue")
        queued._livechat_post_queue_notice()
        queued._livechat_schedule_alerts()
        channels._livechat_inactivity_on_create()
        channels._livechat_routing_on_create()
        channels._livechat_sla_on_create()
        channels._livechat_miss_on_create()
        return channels

    def write(self, vals):
        # Odoo ends sessions in several places (visitor leaves, last agent leaves, garbage
        # collection); whatever ends a session moves it to CLOSED, through the one method.
        ended_now = dropped_ended = self.env["discuss.channel"]
        if vals.get("livechat_end_dt") and "livechat_state" not in vals:
            # sudo: the state (an agents' field) of the sessions ending, whoever ends them
            livechats = self.sudo().filtered(lambda c: c.channel_type == "livechat")
            ended_now = livechats.filtered(lambda c: lifecycle.is_active(c.livechat_state))
            # already CLOSED by a dropped connection: now the chat is over for good
            dropped_ended = livechats.filtered("livechat_resume_state")
        result = super().write(vals)
        if ended_now:
            ended_now._livechat_set_state("closed")
        if dropped_ended:
            dropped_ended.write({"livechat_resume_state": False})
            dropped_ended._livechat_on_end()
        # then the SLA: a first answer changes the queue's estimates; then the miss cause
        # of a wait that ended late
        self._livechat_sla_on_write(vals)
        self._livechat_miss_on_write(vals)
        return result

    # -- life cycle ---------------------------------------------------------------------------
    @api.model
    def _livechat_queue_partner(self):
        """The partner that stands in as operator while a session is queued. Looked up
        through Odoo's cached xmlid map: env.ref() would query its existence on every
        visitor's "start chat" request."""
        queue_id = self.env["ir.model.data"]._xmlid_to_res_id("livechat_iconic.partner_queue")
        return self.env["res.partner"].browse(queue_id or [])

    def _livechat_post_queue_notice(self):
        """Tell queued visitors that they are queued, and their place in the queue; not
        before they wrote (held sessions: ``_livechat_announce`` tells them then)."""
        channels = self._livechat_announced()
        if not channels:
            return
        # the places of all these sessions in one query (a batch of the timers may put
        # back many at once), each the count of the sessions queued before it (at the
        # same moment: by number); a session nobody wrote in is in nobody's way
        # (_livechat_announced_domain)
        self.flush_model(
            ["livechat_channel_id", "livechat_state", "livechat_held", "livechat_in_queue_dt"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT c.id, (SELECT count(*) FROM discuss_channel o
                                  WHERE o.livechat_channel_id = c.livechat_channel_id
                                    AND o.livechat_state = 'in_queue'
                                    AND o.livechat_held IS NOT TRUE
                                    AND (o.livechat_in_queue_dt, o.id)
                                        <= (c.livechat_in_queue_dt, c.id))
                     FROM discuss_channel c WHERE c.id IN %s""",
                tuple(channels.ids),
            )
        )
        place = dict(self.env.cr.fetchall())
        defaults = channels._livechat_notice_defaults()
        for channel in channels:
            position = place[channel.id]
            # sudo: the notice is posted by the queue in the visitor's own session
            channel.sudo().message_post(
                **defaults[channel.id],
                body=Markup('<div class="o_mail_notification o_livechat_iconic_queued">%s</div>')
                % _(
                    "All our agents are busy right now. You are number %(position)s in the "
                    "queue; an agent will answer you here as soon as possible.",
                    position=position,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_comment",
            )

    def _livechat_notice_defaults(self):
        """``{session id: values}``: the author of each session's queue notice (its
        operator: the queue) and what Odoo's ``message_post`` would otherwise look up for
        each message, one session at a time (the alias domain, the company, the reply-to
        address), read here by Odoo's own methods for all the sessions at once: a batch
        of the timers may put many back in the queue."""
        # sudo: the notices are the system's, in the visitors' own sessions
        channels = self.sudo()
        company = self.env.company
        alias_domains = channels._mail_get_alias_domains(default_company=company)
        companies = channels._mail_get_companies(default=company)
        authors = {c.id: c.livechat_operator_id for c in channels}
        reply_to = channels._notify_get_reply_to_batch(
            defaults={c.id: authors[c.id].email_formatted for c in channels},
            author_ids={c.id: authors[c.id].id for c in channels},
        )
        return {
            c.id: {
                "author_id": authors[c.id].id,
                "record_alias_domain_id": alias_domains[c.id].id,
                "record_company_id": companies[c.id].id,
                "reply_to": reply_to[c.id],
            }
            for c in channels
        }

    def _livechat_queue_if_nobody_took(self, chatbot_script_step):
        """After a bot's forwarding step (see chatbot.script.step._process_step): when
        nobody was available, the bot is still the operator; if the queue keeps visitors
        waiting, the session goes IN QUEUE instead of going on with the bot."""
        self.ensure_one()
        # sudo: the visitor's own session, moved on by the bot's forward step
        channel = self.sudo()
        if (
            channel.channel_type == "livechat"
            and channel.livechat_operator_id
            == chatbot_script_step.chatbot_script_id.operator_partner_id
            and channel.livechat_channel_id.queue_when_unavailable
            and channel.livechat_state == "loading"
        ):
            channel._livechat_queue_from_bot(chatbot_script_step)

    def _livechat_queue_from_bot(self, chatbot_script_step):
        """Stop the bot and queue the visitor, as Odoo hands a bot session to an agent:
        the queue stands in as operator and the widget is told that the bot is done; the
        bot's messages stay in the conversation for the agent who takes it. The bot stays
        a (silent) member: Odoo ends a session whose last other member leaves."""
        self.ensure_one()
        queue = self._livechat_queue_partner()
        self._update_forwarded_channel_data(
            livechat_failure="no_agent", livechat_operator_id=queue, operator_name=queue.name
        )
        self._add_next_step_message_to_store(chatbot_script_step)
        self._livechat_set_state("in_queue")
        self._livechat_post_queue_notice()

    def _livechat_bot_in_charge(self, chatbot_script=None):
        """True while the session's bot (or ``chatbot_script``) still leads the chat: it is
        the operator, and the session is neither handed over nor gone for good."""
        self.ensure_one()
        # sudo: reading which bot leads the visitor's own session, as Odoo's chatbot routes do
        channel = self.sudo()
        script = channel.chatbot_current_step_id.chatbot_script_id or chatbot_script
        return bool(
            channel.channel_type == "livechat"
            and script
            and channel.livechat_operator_id == script.operator_partner_id
            and channel.livechat_state != "left"
        )

    def _chatbot_restart(self, chatbot_script):
        """The visitor restarts a bot: only one still in charge (never after a handover to
        the queue or an agent); a bot that had finished (CLOSED) talks again (LOADING)."""
        self.ensure_one()
        if not self._livechat_bot_in_charge(chatbot_script):
            raise UserError(_("This conversation is no longer with the bot."))
        # sudo: the state of the visitor's own session (an agents' field), checked above
        if self.sudo().livechat_state == "closed":
            self.sudo()._livechat_set_state("loading")
        return super()._chatbot_restart(chatbot_script)

    def _livechat_stop_bot(self):
        """An agent took a session where a bot was: the bot stops as when Odoo forwards a
        bot session to an agent. The widget is told the bot is done (the visitor's composer
        opens) and the bot leaves the members; its messages and last step stay."""
        self.ensure_one()
        # sudo: the agent's session; the bot's membership and step are the system's
        channel = self.sudo()
        step = channel.chatbot_current_step_id
        bot_partner = step.chatbot_script_id.operator_partner_id
        if not step or channel.livechat_operator_id == bot_partner:
            return
        if bot_partner in channel.channel_member_ids.partner_id:
            channel._action_unfollow(partner=bot_partner, post_leave_message=False)
        channel._add_next_step_message_to_store(step)

    def _livechat_set_state(self, new_state, extra_vals=None, dropped=False):
        """Move the sessions in ``self`` to ``new_state``: the only writer of livechat_state.

        Checks the transition against the life cycle rules (refusing illegal ones with a
        UserError), stores the transition's timestamp, keeps Odoo's ``livechat_end_dt`` /
        ``livechat_status`` consistent and tells the Customers Waiting board.

        ``extra_vals``: more values written with the state, the same for every session, or
        a function giving each session's own (a session -> dict).

        ``dropped`` (with ``new_state == "closed"``): the visitor's connection dropped; the
        session is CLOSED but not ended, and resumes its state if the visitor comes back.

        The concerns, in this order (a written order: nothing depends on the imports):

        1. transfer: a chat handed over to a colleague is held WAITING (or IN QUEUE) while
           a message of the transferring agent would start it (``HOLD_CONTEXT_KEY``): the
           held sessions get only the message's other values and skip everything below;
           a chat that ends is no longer handed over;
        2. before the change, what the concerns compare with afterwards: SLA (which
           sessions were IN QUEUE), routing (which ending sessions had an agent);
        3. the transition itself (``_livechat_apply_state``): checked, stored, the board
           and the widget told, the end of a chat;
        4. help desk: a chat an agent takes in a queue that registers every chat becomes
           a ticket (``_livechat_register_on_state``);
        5. inactivity: the visitor's clock stops when no agent chats any more, a chat
           closed for inactivity and reconnected is no longer so, the timers of the new
           state are scheduled;
        6. routing: a chat back IN QUEUE is offered (broadcast) or dispatched, an agent's
           chat that ended makes room for a queued one;
        7. SLA: the queues whose waiting line changed tell their visitors their place;
        8. sneak peek: an ended chat's peeks go;
        9. snooze: a chat no longer CHATTING is no longer snoozed, and is back in the
           agent's list;
        10. miss causes: a visitor who starts waiting for a person gets the facts of the
            moment, a wait that ended unanswered its cause.

        It is the order that the imports of ``models/__init__.py`` gave when each concern
        overrode this method (transfer outermost, then snooze, sneak peek, SLA, routing,
        inactivity), kept as it was: the reactions see the new state, the held sessions
        none of it, and waking a snooze (which tells the board) comes last.
        """
        sessions = self._livechat_transfer_on_state(new_state, extra_vals, dropped)
        queued_before = sessions._livechat_sla_before_state()
        ending = sessions._livechat_routing_before_state(new_state)
        sessions._livechat_apply_state(new_state, extra_vals, dropped)
        sessions._livechat_register_on_state(new_state)
        sessions._livechat_inactivity_on_state(new_state, dropped)
        sessions._livechat_routing_on_state(new_state, ending)
        sessions._livechat_sla_on_state(queued_before)
        sessions._livechat_sneak_peek_on_state(new_state)
        sessions._livechat_snooze_on_state(new_state)
        sessions._livechat_miss_on_state(new_state)

    def _livechat_apply_state(self, new_state, extra_vals, dropped):
        """Step 3 of ``_livechat_set_state`` (read its arguments there): the transition."""
        now = fields.Datetime.now()
        # sudo: the state and its timers are the agents' fields, written only here, for a
        # transition checked here; callers checked the user's access to the sessions
        for channel in self.sudo():
            old_state = channel.livechat_state
            try:
                lifecycle.check_transition(old_state, new_state)
            except lifecycle.IllegalTransition as error:
                raise UserError(str(error)) from error
            # back after a dropped connection: the state's timers continue, not restart
            resuming = bool(channel.livechat_resume_state) and new_state == (
                channel.livechat_resume_state
            )
            # extra_vals: the same values for every session, or a function of the session
            extra = extra_vals(channel) if callable(extra_vals) else (extra_vals or {})
            # a visitor waiting for a reply (discuss_channel_step_in.py) is still in the
            # same conversation: to WAITING and back, the chat's clocks go on
            resuming = resuming or channel._livechat_waiting_reply_keeps_clocks(new_state, extra)
            vals = {"livechat_state": new_state, "livechat_state_dt": now}
            if not (resuming and channel[lifecycle.timestamp_field(new_state)]):
                vals[lifecycle.timestamp_field(new_state)] = now
            if channel.livechat_waiting_reply and new_state != "waiting" and not dropped:
                vals["livechat_waiting_reply"] = False  # answered, or over
            vals.update(extra)
            if old_state == "in_queue" and not dropped:
                vals["livechat_dequeued_dt"] = now
            vals["livechat_resume_state"] = old_state if dropped else False
            ends = new_state == "left" or (new_state == "closed" and not dropped)
            if ends:
                if not channel.livechat_end_dt:
                    vals["livechat_end_dt"] = now
            elif channel.livechat_end_dt:
                # reconnecting a closed session reopens it, the way Odoo's chatbot restart does
                vals.update(livechat_end_dt=False, livechat_status="in_progress")
            changed = [n for n in vals if n in BOARD_STATE_FIELDS or n in extra]
            queued_before = channel._livechat_is_queued()
            channel.write(vals)
            channel._livechat_notify_board(changed)
            if channel._livechat_is_queued() != queued_before:
                channel._livechat_send_visitor_flags()
            if new_state == "left":
                # never the widget's own doing: the visitor left the website
                channel._livechat_tell_widget_ended()
            if ends:
                channel._livechat_on_end()
        if new_state == "in_queue":
            self._livechat_schedule_alerts()  # one wake-up for all of them

    def _livechat_on_end(self):
        """A chat is over: its history on the contact, then its follow-ups."""
        self._livechat_record_history()
        self._livechat_followups()

    def _livechat_tell_widget_ended(self):
        """The visitor's widget (all their tabs) learns that someone else ended the chat,
        as Odoo tells it when an agent leaves: ``livechat_end_dt`` on the session's own bus
        channel, whereupon Odoo's widget disables the composer and offers feedback and a
        new session. A widget that was offline gets it when it reconnects. Not for ends
        the widget itself asked for, such as a bot's last step: a late notice would end a
        chat the visitor restarted."""
        for channel in self:
            Store(bus_channel=channel).add(channel, "livechat_end_dt").bus_send()

    def _livechat_notify_board(self, field_names):
        """Tell the open Customers Waiting boards that these sessions changed.

        Nothing is sent now: the sessions and their changed fields are gathered for the
        whole transaction and sent at commit as one small message, on the board's own
        subchannel (only open boards subscribe to it, see ``ir.websocket``). Held
        sessions (no visitor message yet) are left out: ``_livechat_announce`` tells the
        boards about them at the visitor's first message.
        """
        if not field_names or not self:
            return
        sessions = self._livechat_announced()
        if not sessions:
            return
        pending = self.env.cr.precommit.data.setdefault(BOARD_PENDING_KEY, {})
        if not pending:
            self.env.cr.precommit.add(self._livechat_send_board_update)
        for channel_id in sessions.ids:
            pending.setdefault(channel_id, set()).update(field_names)

    def _livechat_send_board_update(self):
        """Precommit hook: the sessions and fields this transaction changed join the
        board's pending changes (``livechat_iconic_board_pending``), in this transaction:
        they exist exactly when the change commits. They are sent after commit by
        ``_livechat_board_flush``, coalesced (see there)."""
        pending = self.env.cr.precommit.data.pop(BOARD_PENDING_KEY, {})
        if not pending:
            return
        self.env.cr.execute(
            SQL(
                "INSERT INTO livechat_iconic_board_pending (session_id, field_names) VALUES %s",
                SQL(", ").join(
                    SQL("(%s, %s)", session_id, sorted(names))
                    for session_id, names in sorted(pending.items())
                ),
            )
        )
        if modules.module.current_test:
            # test cursors run no post-commit hook: the flush happens in the transaction,
            # without waiting (one message per transaction, as a lone change is sent)
            self._livechat_board_flush(interval=0)
        else:
            self._livechat_flush_after_commit()

    def _livechat_flush_after_commit(self):
        """After this transaction commits, try to send the pending board changes and queue
        moves (``flush_board``), once whatever asked for it."""
        if not self.env.cr.postcommit.data.get(FLUSH_AFTER_COMMIT_KEY):
            self.env.cr.postcommit.data[FLUSH_AFTER_COMMIT_KEY] = True
            self.env.cr.postcommit.add(self._livechat_board_flush_after_commit)

    def _livechat_board_flush_after_commit(self):
        """Postcommit hook: try to send the pending board changes and queue moves now, on
        a fresh cursor, unless this process's last flush held changes back until a
        moment not yet come (``_FLUSH_NOT_BEFORE``): the clock would refuse again, and
        the ticker sends them when it allows (a second at most)."""
        db_name = self.env.registry.db_name
        if time.monotonic() < _FLUSH_NOT_BEFORE.get(db_name, 0.0):
            return
        wait = flush_board(db_name)
        if wait is not None and wait < BOARD_INTERVAL:  # changes held back for `wait` s
            _FLUSH_NOT_BEFORE[db_name] = time.monotonic() + wait

    @api.model
    def _livechat_board_flush(self, interval=BOARD_INTERVAL):
        """Send the boards' pending changes as one ``livechat_iconic.board/update``
        message, unless one was sent less than ``interval`` seconds ago.

        Coalescing that holds on several Odoo processes and nodes on one database: the
        decision is PostgreSQL's, not any process's. The one row of
        ``livechat_iconic_board_clock`` says when the last message went; a flush locks it
        with SKIP LOCKED only when it is older than ``interval``, so at most one flush
        sends at a time and at most one message goes per interval, whatever the traffic.
        It takes the pending rows (DELETE ... RETURNING: a change committed meanwhile stays
        for the next flush, none is sent twice), reads each session's final values and
        sends them. A change held back is sent by the next flush: the next transaction's
        post-commit hook, or the board ticker (``ir.websocket``) that every process with
        an open board runs once a second, hence within about a second even if nothing
        else happens. Returns the number of sessions sent."""
        # nothing pending, sent less than a second ago, or another flush sends: []
        changed = {}
        for session_id, names in self._livechat_take_pending("board", interval):
            changed.setdefault(session_id, set()).update(names)
        # sudo: the payload goes to livechat users, who may read these fields
        channels = self.env["discuss.channel"].sudo().browse(sorted(changed)).exists()
        if not channels:
            return 0
        sessions = []
        for channel in channels:
            payload = {"id": channel.id}
            for name in sorted(changed[channel.id]):
                if name not in channel._fields:
                    continue  # a field of an addon uninstalled since
                value = channel[name]
                if isinstance(value, models.BaseModel):
                    value = value.id or False
                elif isinstance(value, datetime):
                    value = fields.Datetime.to_string(value)
                payload[name] = value
            sessions.append(payload)
        self.env.ref(LIVECHAT_USER_GROUP)._bus_send(
            BOARD_NOTIFICATION, {"sessions": sessions}, subchannel=BOARD_SUBCHANNEL
        )
        return len(sessions)

    @api.model
    def _livechat_take_pending(self, kind, interval, quiet_interval=None):
        """The rows pending in ``livechat_iconic_<kind>_pending`` (``kind``: ``board`` or
        ``queue``), taken for sending (DELETE ... RETURNING: a row committed meanwhile
        stays for the next flush, none is sent twice), when the clock row of
        ``livechat_iconic_<kind>_clock`` is older than ``interval`` seconds and no other
        flush holds it (SKIP LOCKED): the clock then moves to now. ``quiet_interval``
        (queue): the rows that are not news (``QUEUE_NEWS``) wait that long, unless a row
        that is news takes them along. ``interval`` 0 (tests): the clock is neither read nor moved.
        [] when nothing is to be sent now."""
        pending = SQL.identifier(f"livechat_iconic_{kind}_pending")
        clock = SQL.identifier(f"livechat_iconic_{kind}_clock")
        cr = self.env.cr
        if interval <= 0:
            cr.execute(SQL("SELECT EXISTS (SELECT FROM %s)", pending))
        else:
            # rows that are news wait `interval`, the others `quiet_interval`
            news = SQL("TRUE") if quiet_interval is None else QUEUE_NEWS
            due = SQL(
                "sent_at <= clock_timestamp() - make_interval(secs => %s)"
                " AND EXISTS (SELECT FROM %s WHERE %s)",
                interval,
                pending,
                news,
            )
            if quiet_interval is not None:
                due = SQL(
                    "(%s) OR (sent_at <= clock_timestamp() - make_interval(secs => %s)"
                    " AND EXISTS (SELECT FROM %s))",
                    due,
                    quiet_interval,
                    pending,
                )
            cr.execute(
                SQL("SELECT true FROM %s WHERE id = 1 AND (%s) FOR UPDATE SKIP LOCKED", clock, due)
            )
        if not (cr.fetchone() or [False])[0]:
            return []
        if interval > 0:
            cr.execute(SQL("UPDATE %s SET sent_at = clock_timestamp() WHERE id = 1", clock))
        cr.execute(SQL("DELETE FROM %s RETURNING *", pending))
        return [row[1:] for row in cr.fetchall()]  # without the id

    def init(self):
        result = super().init()
        # the boards' coalescing state, shared by every Odoo process (_livechat_board_flush)
        self.env.cr.execute(
            """
            CREATE TABLE IF NOT EXISTS livechat_iconic_board_pending (
                id bigserial PRIMARY KEY,
                session_id integer NOT NULL,
                field_names varchar[] NOT NULL
            );
            CREATE TABLE IF NOT EXISTS livechat_iconic_board_clock (
                id integer PRIMARY KEY CHECK (id = 1),
                sent_at timestamptz NOT NULL
            );
            INSERT INTO livechat_iconic_board_clock (id, sent_at)
                 VALUES (1, '-infinity') ON CONFLICT DO NOTHING;
            -- the queues' moves, coalesced the same way (discuss_channel_sla.py)
            CREATE TABLE IF NOT EXISTS livechat_iconic_queue_pending (
                id bigserial PRIMARY KEY,
                queue_id integer NOT NULL,
                payload jsonb NOT NULL
            );
            CREATE TABLE IF NOT EXISTS livechat_iconic_queue_clock (
                id integer PRIMARY KEY CHECK (id = 1),
                sent_at timestamptz NOT NULL
            );
            INSERT INTO livechat_iconic_queue_clock (id, sent_at)
                 VALUES (1, '-infinity') ON CONFLICT DO NOTHING;
            -- numbers the queues' moves (discuss_channel_sla._livechat_send_queue_statuses)
            CREATE SEQUENCE IF NOT EXISTS livechat_iconic_queue_move_seq;
            """
        )
        self._livechat_sneak_peek_init()
        return result

    # -- agent actions ------------------------------------------------------------------------
    def _livechat_lock(self):
        """Lock the session row so that only one agent at a time can take it.

        Waits for a concurrent writer to finish. If that writer committed, PostgreSQL
        refuses our (repeatable read) lock with a serialization failure. Only when the
        committed row has another operator than the one we read did someone take the
        chat: we say who. Any other committed write (a visitor message, the page follow,
        a timer) is no reason to refuse: the failure goes up to Odoo, which retries the
        whole request on a fresh snapshot.
        """
        self.ensure_one()
        operator_seen = self.livechat_operator_id.id
        try:
            with self.env.cr.savepoint(flush=False):
                # an expected outcome of the race, handled below: not a "bad query"
                # NO KEY UPDATE: takers exclude each other, but a record that refers to
                # the session (a member, an escalation) may still be made meanwhile; a
                # FOR UPDATE lock, once committed with the take, would fail that
                # reference's key lock in every transaction that began before
                self.env.cr.execute(
                    "SELECT id FROM discuss_channel WHERE id = %s FOR NO KEY UPDATE",
                    [self.id],
                    log_exceptions=False,
                )
        except psycopg2.errors.SerializationFailure:
            with self.env.registry.cursor() as fresh_cr:
                fresh_cr.execute(
                    """SELECT p.id, p.name FROM discuss_channel c
                         JOIN res_partner p ON p.id = c.livechat_operator_id
                        WHERE c.id = %s""",
                    [self.id],
                )
                row = fresh_cr.fetchone()
            if not row or row[0] == operator_seen:
                raise  # not a taker: Odoo's retry of serialization failures runs us again
            raise UserError(_("%(agent)s has just taken this chat.", agent=row[1])) from None
        self.invalidate_recordset()

    def _livechat_check_agent(self):
        """Board actions are for live chat agents, on sessions they can see."""
        if not self.env.user.has_group(LIVECHAT_USER_GROUP):
            raise AccessError(_("Only live chat agents can take or close live chat sessions."))
        self.check_access("read")

    def _livechat_check_takeable(self):
        self.ensure_one()
        me = self.env.user.partner_id
        agent = self.livechat_agent_id
        if self.channel_type != "livechat":
            raise UserError(_("Only live chat sessions can be taken."))
        if self.livechat_state == "left":
            raise UserError(_("The visitor has left the website."))
        if self.livechat_state == "invited" and agent != me:
            raise UserError(_("%(agent)s invited this visitor.", agent=agent.name))
        if self.livechat_state == "chatting" and agent and agent != me:
            raise UserError(_("%(agent)s is already chatting with this visitor.", agent=agent.name))
        # an invisible agent takes no chat of an assigned queue (discuss_channel_routing.py)
        self._livechat_routing_check_takeable()
        self._livechat_check_capacity()
        # a chat handed over to a colleague is theirs to take (discuss_channel_transfer.py)
        self._livechat_transfer_check_takeable()
        # a queue may leave taking another agent's chat to supervisors (discuss_channel_step_in.py)
        self._livechat_check_reassign(taking=True)

    def _livechat_check_capacity(self):
        """The queue's Maximum Sessions, then the global cap on an agent's parallel chats
        across all queues (discuss_channel_routing.py)."""
        self._livechat_check_queue_capacity()
        self._livechat_routing_check_global_cap()

    def _livechat_check_queue_capacity(self):
        """An agent takes no more chats than the queue allows (Odoo's "Maximum Sessions"),
        counted as Odoo counts them when it routes; a chat the agent is already in is not
        a new one. Presence is not checked: an agent who takes a chat is there."""
        queue = self.livechat_channel_id
        me = self.env.user
        # sudo: counting the agent's own ongoing sessions, as Odoo's routing does
        if (
            queue.max_sessions_mode != "limited"
            or me.partner_id in self.sudo().channel_member_ids.partner_id
        ):
            return
        counts = queue.sudo()._get_ongoing_session_count_by_agent_livechat_channel(users=me)
        ongoing = counts.get((me.partner_id, queue.sudo()), 0)
        if ongoing >= queue.max_sessions:
            raise UserError(
                _(
                    "You already have %(count)s chats in %(queue)s, the most it allows.",
                    count=ongoing,
                    queue=queue.name,
                )
            )

    def action_livechat_take(self):
        """Take the session (button Chat): I become its agent, it is CHATTING, and the
        conversation opens. Safe when several agents press Chat at the same moment.

        The concerns, in this order (a written order: nothing depends on the imports):

        - before the take, what they must know of the chat as it was: routing (a
          broadcast queue's queued chat: its agents are told who took it), first
          responder (a broadcast offer: the agents who opened it to answer leave);
        - the take itself (below);
        - after it: canned responses (the picker opens in a chat where I have not
          written), tags (the dialog opens when the queue asks for them at the start),
          first responder (the onlookers leave), routing (the queue's other
          agents are told), transfer (a pending hand-over is done: the transferring
          agent leaves).

        It is the order that the imports of ``models/__init__.py`` gave when each concern
        overrode this method (transfer outermost, then routing, first responder, canned
        responses), kept as it was.
        """
        tell_queue = self._livechat_routing_before_take()
        offered = self._livechat_first_responder_before_take()
        self.ensure_one()
        self._livechat_check_agent()
        self._livechat_lock()
        self._livechat_check_takeable()
        me = self.env.user
        # sudo: a livechat agent may join a live chat session it takes (access checked above)
        channel = self.sudo()
        if me.partner_id not in channel.channel_member_ids.partner_id:
            channel._add_members(users=me, post_joined_message=True)
        extra = {}
        if channel.livechat_operator_id != me.partner_id:
            extra["livechat_operator_id"] = me.partner_id.id
            if channel.livechat_failure == "no_agent":
                extra["livechat_failure"] = "no_answer"
        if channel.livechat_state != "chatting":
            channel._livechat_set_state("chatting", extra)
        elif extra:
            channel.write(extra)
            channel._livechat_notify_board(["livechat_operator_id"])
        channel._livechat_stop_bot()
        result = self._livechat_canned_on_take(self._livechat_open_action())
        result = self._livechat_tags_on_take(result)
        self._livechat_first_responder_on_take(offered)
        self._livechat_routing_on_take(tell_queue)
        self._livechat_transfer_on_take()
        return result

    def action_livechat_view(self):
        """The chat, read-only and live (static/src/board/live_chat_field.js), with the
        visitor's context, without joining it (button View)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.livechat_visitor_name or self.name,
            "res_model": "discuss.channel",
            "res_id": self.id,
            "views": [
                [self.env.ref("livechat_iconic.discuss_channel_view_form_transcript").id, "form"]
            ],
            "target": "new",
        }

    def action_livechat_close(self):
        """Close the session (button Close); a queue that wants tags on close refuses an
        untagged one first (discuss_channel_tags.py)."""
        self._livechat_check_tagged_before_close()
        self._livechat_check_agent()
        for channel in self:
            if channel.livechat_state in ("closed", "left"):
                continue
            channel._livechat_set_state("closed")
            channel._livechat_post_notice(
                _("%(agent)s closed the conversation.", agent=self.env.user.name)
            )
            channel._livechat_tell_widget_ended()
        return True

    def action_livechat_release(self):
        """The inviting agent lets go of an invitation (button Release): it is withdrawn,
        and other agents may invite or take the visitor again."""
        self._livechat_check_agent()
        is_manager = self.env.user.has_group(LIVECHAT_MANAGER_GROUP)
        for channel in self:
            if channel.livechat_state != "invited":
                raise UserError(_("Only a pending invitation can be released."))
            if channel.livechat_operator_id != self.env.user.partner_id and not is_manager:
                raise UserError(
                    _(
                        "Only %(agent)s, who invited this visitor, can release the invitation.",
                        agent=channel.livechat_operator_id.name,
                    )
                )
            channel._livechat_set_state("closed", {"is_pending_chat_request": False})
            channel._livechat_post_notice(
                _("%(agent)s released the invitation.", agent=self.env.user.name)
            )
        return True

    def _livechat_post_notice(self, text):
        """A notice in the conversation, posted by OdooBot."""
        # sudo: the notice is posted by OdooBot in a session the agent can see
        self.sudo().message_post(
            author_id=self.env.ref("base.partner_root").id,
            body=Markup('<div class="o_mail_notification">%s</div>') % text,
            message_type="notification",
            subtype_xmlid="mail.mt_comment",
        )

    def _livechat_open_action(self):
        return {
            "type": "ir.actions.client",
            "tag": "mail.action_discuss",
            "context": {"active_id": self.id},
        }

    # -- messages -----------------------------------------------------------------------------
    def message_post(self, **kwargs):
        # a member's message, or whatever a visitor's request posts (of any type); the
        # system's notices (queue places) are posted by a change that holds the row already
        if (
            len(self) == 1
            and self.channel_type == "livechat"
            and (
                kwargs.get("message_type") == "comment"
                or self.env.context.get(REFUSE_IF_ENDED_KEY) == self.id
            )
        ):
            ended = self._livechat_lock_for_message()
            if ended and self.env.context.get(REFUSE_IF_ENDED_KEY) == self.id:
                # a chat that ended has nobody to answer it any longer (Odoo's widget
                # disables its composer then, but a stale tab or a script may still post):
                # the visitor starts a new conversation instead. A chat closed by a dropped
                # connection has not ended: it resumes when the visitor writes.
                raise SessionEnded(
                    self.env._(
                        "This conversation has ended: nobody can answer here any longer. "
                        "Please start a new conversation."
                    )
                )
        return super().message_post(**kwargs)

    def _livechat_lock_for_message(self):
        """Lock this session's row before a member's message changes it (Odoo writes its
        ``last_interest_dt``, we its clocks and state), at the start of the post rather
        than at its end: a scheduled action's batch changing this session is waited for
        here, and a change committed since this transaction began fails this lock at once
        (PostgreSQL, repeatable read), before any work, without a "bad query" in the log;
        Odoo then retries the request on a fresh snapshot. Without it, the same conflict
        would fail the post's last UPDATE, after all its work, logged as an error.

        Returns whether the session ended, read in the same query (one query)."""
        self.flush_recordset(["livechat_end_dt"])
        self.env.cr.execute(
            SQL(
                "SELECT livechat_end_dt IS NOT NULL FROM discuss_channel"
                " WHERE id = %s FOR NO KEY UPDATE",
                self.id,
            ),
            # the conflict is expected and retried by Odoo: not a "bad query"
            log_exceptions=False,
        )
        row = self.env.cr.fetchone()
        return bool(row and row[0])

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        if self.channel_type == "livechat" and message.message_type == "comment":
            # sudo: the session's state and timers (the agents' fields) follow any member's
            # message, whoever wrote it
            self.sudo()._livechat_on_message(message)
        # then a snoozed chat stays aside: Odoo pins it again on any message
        self._livechat_snooze_after_post()
        return result

    def _livechat_on_message(self, message):
        """Keep the question, the unanswered time and the state in step with the chat.

        The concerns, in this order (a written order: nothing depends on the imports):

        1. transfer: the colleague a chat is handed over to answers: they accept it. While
           the chat is handed over, the transferring agent's message must not start it:
           the rest runs on the session "held" (``HOLD_CONTEXT_KEY``, which
           ``_livechat_set_state`` reads), steps 2 to 6 included;
        2. first responder: in a broadcast queue, the first agent to answer takes the chat;
        3. the session's own question, clocks and state (``_livechat_core_on_message``),
           and at the visitor's first message the announcement of a session held until
           then (``_livechat_announce``, discuss_channel_announce.py);
        4. inactivity: the visitor's silence clock (stopped by the visitor, started by
           the agent);
        5. sneak peek: the visitor's undelivered peeks go;
        6. snooze: the visitor's reply, or the snoozing agent's own message, ends a snooze;
        7. reply suggestions: an agent's message after an inserted suggestion marks the
           session "Suggestion Used" (discuss_channel_suggest.py).

        It is the order that the imports of ``models/__init__.py`` gave when each concern
        overrode this method (transfer outermost, first responder innermost), kept as it
        was: the snooze and the inactivity clock see the state after the message's.
        """
        session = self._livechat_transfer_on_message(message)
        session._livechat_first_responder_on_message(message)
        session._livechat_core_on_message(message)
        session._livechat_inactivity_on_message(message)
        session._livechat_sneak_peek_on_message(message)
        session._livechat_snooze_on_message(message)
        session._livechat_suggest_on_message(message)

    def _livechat_core_on_message(self, message):
        """Step 3 of ``_livechat_on_message``: the question, the unanswered time, the first
        answer and the state; a held session is announced at its visitor's message."""
        self.ensure_one()
        # sudo: the session's timers and state, moved on by a member's message
        channel = self.sudo()
        author_type = self._livechat_author_type(message)
        if author_type == "visitor":
            vals = {}
            if not channel.livechat_question:
                vals["livechat_question"] = web_input.clean_plain_text(
                    html2plaintext(message.body or ""), QUESTION_MAX_LENGTH
                )
            if not channel.livechat_unanswered_dt:
                # the first unanswered message starts the clock; the next ones change
                # nothing a supervisor reads, hence send the boards nothing
                vals["livechat_unanswered_dt"] = message.create_date
            if channel.livechat_state == "invited":
                channel._livechat_set_state("chatting", vals)
            elif channel.livechat_resume_state:  # the visitor is back after a drop
                channel._livechat_set_state(channel.livechat_resume_state, vals)
            elif vals:
                channel.write(vals)
                channel._livechat_notify_board(list(vals))
            if channel.livechat_held:
                # the visitor's first message: what was held since the start is told now
                channel._livechat_announce()
        elif author_type == "agent":
            vals = {"livechat_unanswered_dt": False} if channel.livechat_unanswered_dt else {}
            if not channel.livechat_first_answer_dt:
                vals["livechat_first_answer_dt"] = message.create_date
            if channel.livechat_state in ("waiting", "in_queue", "loading"):
                channel._livechat_set_state("chatting", vals)
            elif vals:
                channel.write(vals)
                channel._livechat_notify_board(list(vals))

    def _livechat_author_type(self, message):
        """The ``livechat_member_type`` of the member who wrote ``message`` (or False).

        Read from the session's member history (one row per person, whose type Odoo's
        members compute theirs from), which Odoo's ``_message_post_after_hook`` has just
        read for the same message: no query."""
        self.ensure_one()
        if message.author_guest_id and not message.author_id:
            # a guest is never an agent nor a bot: the visitor (whom message_post checked
            # is a member), known without reading the history on each visitor's message
            return "visitor"
        # sudo: reading members' roles of a session the author is posting in
        return (
            self.sudo()
            .livechat_channel_member_history_ids.filtered(
                lambda h: (
                    (h.partner_id and h.partner_id == message.author_id)
                    or (h.guest_id and h.guest_id == message.author_guest_id)
                )
            )[:1]
            .livechat_member_type
        )

    # -- transcripts by e-mail ----------------------------------------------------------------
    def _email_livechat_transcript(self, email):
        """Odoo's transcript mail, in the visitor's language, queued for Odoo's mail cron
        instead of sent in the request, and logged on the session."""
        self.ensure_one()
        # sudo: the visitor's language, as Odoo reads the visitor's time zone
        customer = self.sudo().livechat_customer_history_ids[:1]
        lang = customer.partner_id.lang or customer.guest_id.lang or self.env.lang
        result = super(
            DiscussChannel, self.with_context(lang=lang, livechat_iconic_queue_mail=True)
        )._email_livechat_transcript(email)
        self._livechat_log_transcript(email_split(email)[0])
        return result

    def _livechat_visitor_may_receive(self, email):
        """Whether this session's visitor making the request may have the company e-mail
        ``email`` (normalised) on their word: the signed-in user's own address, the
        address already on the session's ticket, or one they proved with a code
        (``livechat_iconic.email.proof``). Never any other address: a stranger must not
        make the company send what they wrote to whom they choose."""
        self.ensure_one()
        user = self.env.user
        if not user._is_public() and email_normalize(user.email or "") == email:
            return True
        # sudo: the address on the visitor's own session's ticket, compared, never shown
        ticket = self.sudo().livechat_ticket_id
        if ticket and email_normalize(ticket.partner_email or "") == email:
            return True
        return self.env["livechat_iconic.email.proof"]._livechat_is_proven(email)

    def _livechat_visitor_transcript(self, email):
        """The visitor of this session asks for its transcript at ``email`` (normalised,
        allowed by ``_livechat_visitor_may_receive``): ``"sent"``, or ``"too_many"``
        (``TRANSCRIPTS_PER_SESSION`` sent already) or ``"capped"`` (the hourly cap on the
        e-mails visitors make the company send); nothing is sent then."""
        self.ensure_one()
        # sudo: the visitor's own session: the count of transcripts they asked for
        session = self.sudo()
        if session.livechat_visitor_transcripts >= TRANSCRIPTS_PER_SESSION:
            return "too_many"
        if self.env["livechat_iconic.throttle"]._livechat_mail_over_cap():
            return "capped"
        session.livechat_visitor_transcripts += 1
        session._email_livechat_transcript(email)
        return "sent"

    def _livechat_log_transcript(self, email):
        """Who sent the transcript to which address, when: for agents only (the visitor
        does not see the addresses an agent sends the conversation to)."""
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        sender = self.env.user.name if not self.env.user._is_public() else _("the visitor")
        line = _(
            "%(when)s: %(sender)s sent the transcript to %(email)s",
            when=now.strftime("%Y-%m-%d %H:%M"),
            sender=sender,
            email=email,
        )
        # sudo: the log is written whoever sends, and read by agents only
        channel = self.sudo()
        channel.livechat_transcript_log = "\n".join(
            part for part in (channel.livechat_transcript_log, line) if part
        )

    # -- presence: dropped connections and departures ---------------------------------------
    @api.model
    def _cron_livechat_watch_visitors(self):
        """Follow the visitors' presence (Odoo's ``mail.presence``).

        A visitor offline for ``livechat_iconic.drop_after_seconds`` (60) has a dropped
        connection: the session is CLOSED but not ended, and an agent can reconnect. Back
        online, the session resumes its state. Offline for
        ``livechat_iconic.left_after_minutes`` (10), the visitor has LEFT the website.

        Runs in batches of ``livechat_iconic.watch_batch_size`` (200) sessions, each
        committed with its progress when run as the scheduled action. Only the sessions
        whose state changes are locked (SKIP LOCKED: one a visitor's transaction holds is
        left for the next run, a minute later), and a session that fails is logged and left
        for the next run without stopping the others. Out of time, the rest is left to a
        new run, woken at once.
        """
        params = self.env["ir.config_parameter"].sudo()
        limits = {
            "drop_after": timedelta(
                seconds=int(params.get_param("livechat_iconic.drop_after_seconds", 60))
            ),
            "left_after": timedelta(
                minutes=int(params.get_param("livechat_iconic.left_after_minutes", 10))
            ),
        }
        batch_size = int(params.get_param("livechat_iconic.watch_batch_size", 200))
        domain = self._livechat_watch_domain()
        in_cron = self._livechat_in_cron()
        if in_cron:
            self.env["ir.cron"]._commit_progress(remaining=self.search_count(domain))
        last_id = 0
        while True:
            batch = self.search(domain & Domain("id", ">", last_id), order="id", limit=batch_size)
            if not batch:
                break
            last_id = batch[-1].id
            batch._livechat_watch_batch(**limits)
            # called directly (tests, shell): the caller's transaction holds every batch
            if not self._livechat_cron_commit(len(batch)):
                # out of time: a new run goes on at once
                self.env["ir.cron"]._commit_progress(remaining=0)
                self._livechat_cron_unfinished(
                    self.env.ref("livechat_iconic.ir_cron_watch_visitors")
                )
                break

    @api.model
    def _livechat_watch_domain(self):
        """Sessions the presence watch follows (the partial index _livechat_watch_idx)."""
        return Domain("channel_type", "=", "livechat") & (
            Domain("livechat_state", "in", sorted(lifecycle.DROPPABLE_STATES))
            | Domain("livechat_resume_state", "!=", False)
        )

    def _livechat_watch_batch(self, drop_after, left_after):
        """One batch of the presence watch: the new state of each session read in one
        pass, then only the sessions that change are locked, each on its own savepoint."""
        now = fields.Datetime.now()
        offline_since = self._livechat_visitor_offline_since()
        changes = {}
        for channel in self:
            since = offline_since.get(channel.id)
            if channel.livechat_resume_state:
                if since is None:
                    changes[channel.id] = channel.livechat_resume_state
                elif now - since >= left_after:
                    changes[channel.id] = "left"
            elif since is not None and now - since >= drop_after:
                changes[channel.id] = "closed"
        changing = self.browse(list(changes))._livechat_try_lock()
        changing._livechat_each_safely(
            lambda c: c._livechat_set_state(changes[c.id], dropped=changes[c.id] == "closed"),
            "presence watch",
        )

    def _livechat_visitor_offline_since(self):
        """{session id: since when its visitor is offline}, for visitors known to be
        offline only (a visitor with no presence record is unknown, not offline)."""
        histories = self.env["im_livechat.channel.member.history"].search(
            [("channel_id", "in", self.ids), ("livechat_member_type", "=", "visitor")]
        )
        presences = self.env["mail.presence"].search(
            [
                "|",
                ("guest_id", "in", histories.guest_id.ids),
                ("user_id", "in", histories.partner_id.user_ids.ids),
            ]
        )
        by_guest = {p.guest_id.id: p for p in presences if p.guest_id}
        by_user = {p.user_id.id: p for p in presences if p.user_id}
        result = {}
        for history in histories:
            presence = (
                by_guest.get(history.guest_id.id)
                if history.guest_id
                else next(
                    (by_user[u.id] for u in history.partner_id.user_ids if u.id in by_user), None
                )
            )
            if not presence or presence.status != "offline":
                continue  # online, away, or unknown (no presence): never a drop
            # presences offline since before this addon recorded the moment: last_poll
            result[history.channel_id.id] = presence.livechat_offline_dt or presence.last_poll
        return result

    # -- website -----------------------------------------------------------------------------
    @api.model
    def _livechat_follow_visitor(self, livechat_channel_id, url):
        """The current visitor opened ``url``: their open sessions of that queue follow."""
        partner, guest = self.env["res.partner"]._get_current_persona()
        if not (partner or guest):
            return
        member = (
            Domain("partner_id", "=", partner.id) if partner else Domain("guest_id", "=", guest.id)
        )
        # sudo: a visitor's own open sessions, found through their membership
        sessions = self.sudo().search(
            Domain("channel_type", "=", "livechat")
            & Domain("livechat_channel_id", "=", livechat_channel_id)
            & Domain("livechat_end_dt", "=", False)
            & Domain("livechat_page_url", "!=", url)
            & Domain(
                "livechat_channel_member_history_ids",
                "any",
                member & Domain("livechat_member_type", "=", "visitor"),
            )
        )
        if sessions:
            sessions.write({"livechat_page_url": url})
            sessions._livechat_notify_board(["livechat_page_url"])

    # -- end of chat ------------------------------------------------------------------------
    def _livechat_set_visitor_contact(self, email=None, phone=None, name=None):
        """Store the contact details the visitor gave, as a claim.

        ``email`` and ``phone`` must already be validated and normalised (see
        ``lib.contact``). An e-mail matching an existing contact only *suggests* that
        contact: the chat is linked to it when an agent confirms the match
        (``action_livechat_confirm_contact``) or the visitor proves the address with a
        code (``_livechat_attach_proven_contact``), never on the visitor's word.
        """
        self.ensure_one()
        # sudo: the visitor writes their own contact details on their own session
        channel = self.sudo()
        vals = {}
        if email:
            vals["livechat_visitor_email"] = email
            vals["livechat_suggested_partner_id"] = self._livechat_match_contact(email).id
        if phone:
            vals["livechat_visitor_phone"] = phone
        if name and not channel.livechat_partner_id:
            vals["livechat_guest_name"] = name
        vals = {
            name: value
            for name, value in vals.items()
            if channel._fields[name].convert_to_write(channel[name], channel) != value
        }
        if vals:
            name_before = channel.livechat_visitor_name
            channel.write(vals)
            shown = ["livechat_contact_claim"] if "livechat_visitor_email" in vals else []
            if channel.livechat_visitor_name != name_before:
                shown.append("livechat_visitor_name")
            self._livechat_notify_board(shown)
        if email:
            # an address this visitor proved before (in another chat): theirs at once
            self._livechat_attach_proven_contact(email)

    def _livechat_match_contact(self, email):
        """The existing contact an e-mail typed by the visitor may belong to.

        Internal users' partners and contacts of another company are never suggested.
        """
        # sudo: the visitor cannot read contacts; only the match is kept, for the agents
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                Domain("email_normalized", "=", email)
                & Domain("partner_share", "=", True)
                & Domain("company_id", "in", [False, self.env.company.id]),
                order="id",
                limit=1,
            )
        )

    def action_livechat_confirm_contact(self):
        """The agent confirms that the visitor is the suggested contact (one click)."""
        self.ensure_one()
        self._livechat_check_agent()
        # sudo: agents may read the suggestion (field restricted to livechat users)
        channel = self.sudo()
        partner = channel.livechat_suggested_partner_id
        if not partner:
            raise UserError(_("This visitor's details match no contact to confirm."))
        channel._livechat_link_contact(
            partner, _("Confirmed by %(agent)s.", agent=self.env.user.name)
        )
        return True

    def _livechat_link_contact(self, partner, feedback, vals=None):
        """The chat belongs to ``partner`` from now on (an agent confirmed it, or the
        visitor proved the address, ``_livechat_attach_proven_contact``): its history
        note, leads and tickets go there. ``feedback`` closes the "Confirm who this
        visitor is" to-dos; ``vals`` are more values to write. Called on the sudo'd
        session."""
        self.ensure_one()
        self.write({"livechat_partner_id": partner.id, **(vals or {})})
        ticket = self.livechat_ticket_id
        if ticket and not ticket.partner_id:
            # a ticket made before (registered at the take, made by the agent): theirs too
            ticket.partner_id = partner
        self._livechat_notify_board(["livechat_visitor_name", "livechat_contact_claim"])
        self._livechat_confirm_activities(partner).action_feedback(feedback=feedback)
        if self.livechat_end_dt and not self.livechat_resume_state:
            self._livechat_record_history()

    def _livechat_contact_for_history(self):
        """The contact a finished chat belongs to, created from the details the visitor
        left when it is a new visitor; an empty recordset when the visitor left nothing,
        or when what they typed matches an existing contact that nobody confirmed."""
        self.ensure_one()
        public = self.env.ref("base.public_partner")
        partner = self.livechat_partner_id or (self.livechat_customer_partner_ids - public)[:1]
        if partner or self.livechat_suggested_partner_id:
            return partner
        email, phone = self.livechat_visitor_email, self.livechat_visitor_phone
        if not (email or phone):
            return partner
        name = self.livechat_guest_name or email or phone
        return self.env["res.partner"].create(
            {"name": name, "email": email or False, "phone": phone or False}
        )

    def _livechat_ask_to_confirm_contact(self):
        """An unconfirmed match at the end of a chat: the agent gets an activity
        "Confirm who this visitor is" on the suggested contact, with a link to the chat.
        Nothing of the chat is written on that contact until it is confirmed."""
        self.ensure_one()
        partner = self.livechat_suggested_partner_id
        if self._livechat_confirm_activities(partner):
            return
        user = self.livechat_agent_id.user_ids[:1] or self.livechat_channel_id.user_ids[:1]
        note = self.env["ir.qweb"]._render(
            "livechat_iconic.res_partner_livechat_confirm_note",
            {"channel": self},
            minimal_qcontext=True,
        )
        partner.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Confirm who this visitor is"),
            note=note.strip(),
            user_id=(user or self.env.ref("base.user_admin")).id,
        )

    def _livechat_confirm_activities(self, partner):
        """The "Confirm who this visitor is" to-dos this chat left on ``partner``."""
        url = f'/odoo/action-im_livechat.discuss_channel_action/{self.id}"'
        # sudo: the to-dos of this chat, whoever is assigned to them
        return partner.sudo().activity_ids.filtered(lambda a: url in (a.note or ""))

    def _livechat_record_history(self):
        """At the end of a chat, leave a history note on the visitor's contact.

        A new visitor who left an e-mail or phone becomes a contact; one who left nothing
        gets no contact, and the transcript stays saved as this session.
        """
        # sudo: ending a chat writes the history on the contact whoever ended it
        for channel in self.sudo():
            if channel.livechat_history_note_id or not channel.message_ids:
                continue
            partner = channel._livechat_contact_for_history()
            if not partner:
                if channel.livechat_suggested_partner_id:
                    channel._livechat_ask_to_confirm_contact()
                continue
            body = self.env["ir.qweb"]._render(
                "livechat_iconic.res_partner_livechat_history_note",
                {"channel": channel, "minutes": round(channel.livechat_chat_seconds / 60)},
                minimal_qcontext=True,
            )
            note = partner.message_post(
                body=body.strip(),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                author_id=self.env.ref("base.partner_root").id,
            )
            channel.write({"livechat_history_note_id": note.id, "livechat_partner_id": partner.id})
