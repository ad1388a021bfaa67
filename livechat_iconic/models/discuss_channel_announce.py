import logging

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..lib import routing
from ..lib.groups import LIVECHAT_USER_GROUP

_logger = logging.getLogger(__name__)

# What the boards (and the Slack notice) are told when a session is announced: all they show
# of a session that was never sent to them.
ANNOUNCED_FIELDS = (
    "livechat_state",
    "livechat_operator_id",
    "livechat_end_dt",
    "livechat_question",
    "livechat_unanswered_dt",
    "livechat_visitor_name",
    "livechat_page_url",
)
# as Odoo's _gc_empty_livechat_sessions: never remove a session active within the last hour
GC_HOURS = 1


class DiscussChannel(models.Model):
    """A session is announced at its visitor's first message.

    Odoo's widget creates the session (``/im_livechat/get_session``) right before it posts
    the visitor's first message, so a real visitor's message follows within milliseconds;
    a script that calls that route in a loop never writes. Until the visitor writes, the
    session is *held*: no card on the Customers Waiting board, no Slack notice, no queue
    notice in the conversation, no desktop or e-mail alert, no broadcast offer, no
    dispatch to an agent, no first-response escalation, no inactivity timer of the agent,
    and it is never a missed chat. Its first visitor message announces everything that was
    held, once, for the state the session is in at that moment (``_livechat_announce``).

    An agent's invitation is the agent's own act: announced when created, as before. A
    session Odoo routes to an agent (WAITING) is announced by Odoo itself (the agent joins
    it); only our own announcements wait for the visitor.

    A held session nobody wrote in is removed by Odoo's ``_gc_empty_livechat_sessions``
    after an hour (nothing of ours writes a message in it); one where only a bot greeted
    the visitor is removed by the same garbage collection, extended here.
    """

    _inherit = "discuss.channel"

    livechat_held = fields.Boolean(
        "Not Announced Yet",
        readonly=True,
        copy=False,
        help="The visitor has not written yet: the agents are not told about this session "
        "(board, Slack, alerts, queue notice) until the visitor's first message.",
        groups=LIVECHAT_USER_GROUP,
    )
    # the garbage collection's filter: the few sessions held right now
    _livechat_held_idx = models.Index("(id) WHERE livechat_held")

    @api.model
    def _livechat_held_at_start(self, state):
        """Whether a new session in ``state`` waits for its visitor's first message before
        it is announced: all but an agent's invitation."""
        return state != "invited"

    def _livechat_announced(self):
        """These sessions but the held ones: those the agents may be told about."""
        # sudo: whether a session is held is the system's flag, read whoever changes it
        held = self.sudo().filtered("livechat_held")
        return self - held if held else self

    def _livechat_announce(self):
        """The visitor's first message: tell the agents about these held sessions now,
        once, for the state each session is in at this moment (it may have changed since
        the session started, e.g. queued then routed): the board and the Slack notice
        (``_livechat_notify_board``), and while IN QUEUE its place in the queue (the
        queue's move), the queue notice, the waiting alerts, the broadcast offer and the
        dispatch; then the timers that were held."""
        # sudo: the system's announcements, whoever wrote the first message
        sessions = self.sudo().filtered("livechat_held")
        if not sessions:
            return
        sessions.write({"livechat_held": False})
        sessions._livechat_notify_board(ANNOUNCED_FIELDS)
        queued = sessions.filtered(lambda c: c.livechat_state == "in_queue")
        if queued:
            queued._livechat_queue_moved()  # the visitors waiting behind learn their place
            queued._livechat_post_queue_notice()
            queued._livechat_schedule_alerts()
            queued.filtered(
                lambda c: c.livechat_channel_id.livechat_routing_mode == routing.BROADCAST
            )._livechat_broadcast()
            self.env["im_livechat.channel"]._livechat_trigger_dispatch()
        # a visitor given to an agent who has not answered yet: that agent, at once when
        # the queue says so (livechat_iconic_session_followup.py)
        sessions._livechat_alert_on_announce()
        sessions._livechat_schedule_timers()
        # the visitor asked: the facts of their wait's first moment (miss causes)
        sessions._livechat_miss_on_announce()

    # -- garbage collection -------------------------------------------------------------------
    @api.autovacuum
    def _gc_empty_livechat_sessions(self):
        """Odoo removes the sessions nobody wrote in, an hour after their last change;
        also removed then: the held sessions where only a bot wrote (its welcome steps to
        a visitor who never answered)."""
        result = super()._gc_empty_livechat_sessions()
        self._livechat_gc_bot_only_held()
        return result

    @api.model
    def _livechat_gc_bot_only_held(self):
        """Remove the held sessions (no visitor message) in which only a chatbot wrote and
        that did not change for an hour, as Odoo removes the empty ones."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT c.id
                  FROM discuss_channel c
                 WHERE c.livechat_held
                   AND c.channel_type = 'livechat'
                   AND c.livechat_channel_id IS NOT NULL
                   AND COALESCE(c.write_date, c.create_date, (now() AT TIME ZONE 'UTC'))
                       < (now() AT TIME ZONE 'UTC') - make_interval(hours => %s)
                   AND NOT EXISTS (
                       SELECT 1
                         FROM mail_message m
                        WHERE m.model = 'discuss.channel' AND m.res_id = c.id
                          AND NOT EXISTS (
                              SELECT 1 FROM chatbot_script s
                               WHERE s.operator_partner_id = m.author_id
                          )
                   )
                """,
                GC_HOURS,
            )
        )
        sessions = self.browse([row[0] for row in self.env.cr.fetchall()])
        if sessions:
            _logger.info("Live chat: %s sessions without a visitor message removed", len(sessions))
            # sudo: the system's garbage collection, as Odoo's
            sessions.sudo().unlink()
        return sessions

    @api.model
    def _livechat_announced_domain(self):
        """The sessions the agents may be told about (the board's, the crons' filter)."""
        return Domain("livechat_held", "=", False)
