from odoo import fields, models

from odoo.addons.livechat_iconic.lib import sneak_peek
from odoo.addons.livechat_iconic.lib.groups import LIVECHAT_USER_GROUP

from ..lib import notice
from ..lib.params import CHANNEL_PARAM

# Session fields the Slack notice shows: a change to one of them updates the notice
NOTICE_FIELDS = frozenset(
    {
        "livechat_state",
        "livechat_operator_id",
        "livechat_visitor_name",
        "livechat_question",
        "livechat_end_reason",
        "livechat_missed",
        "livechat_ticket_id",
        # what is at stake with the visitor's contact (discuss.channel._livechat_stakes):
        # the stake fields livechat_iconic_leads fills
        "livechat_stake_count",
        "livechat_stake_value",
        "livechat_stake_quality",
    }
)
# a session that needs a human: announced in Slack
NEEDS_HUMAN = ("in_queue", "waiting")


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    # Where the notice is, kept on its outbox row: the cron never writes the session's row,
    # which a visitor's request may be writing at the same moment.
    livechat_slack_channel = fields.Char(
        "Slack Channel ID",
        compute="_compute_livechat_slack_message",
        help="Where the Slack notice was posted.",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_slack_ts = fields.Char(
        "Slack Message",
        compute="_compute_livechat_slack_message",
        help="Timestamp (id) of the Slack notice.",
        groups=LIVECHAT_USER_GROUP,
    )
    livechat_slack_queued = fields.Boolean(
        "Announced in Slack",
        readonly=True,
        copy=False,
        help="The Slack notice is queued or sent.",
        groups=LIVECHAT_USER_GROUP,
    )

    def _compute_livechat_slack_message(self):
        # sudo: where the system posted the notice
        posts = (
            self.env["livechat_iconic_slack.outbox"]
            .sudo()
            .search(
                [("session_id", "in", self.ids), ("kind", "=", "post"), ("slack_ts", "!=", False)]
            )
        )
        post_by_session = {post.session_id.id: post for post in posts}
        for channel in self:
            post = post_by_session.get(channel.id)
            channel.livechat_slack_channel = post.slack_channel_id if post else False
            channel.livechat_slack_ts = post.slack_ts if post else False

    def _livechat_notify_board(self, field_names):
        """Every session change the board hears about may concern the Slack notice: a
        session that now needs a human is announced once; a change the notice shows
        queues an update. Only outbox rows are written here; Slack is called after
        commit, by the outbox's cron. A held session (no visitor message yet) is left
        out, as on the board: its first visitor message announces it."""
        result = super()._livechat_notify_board(field_names)
        livechats = self._livechat_announced().filtered(lambda c: c.channel_type == "livechat")
        if field_names and livechats:
            self.env["livechat_iconic_slack.outbox"]._enqueue_sessions(livechats, field_names)
        return result

    def _livechat_erase_personal_data(self):
        """Also erased with the visitor: the sessions' notices in Slack (``chat.delete``,
        queued in the outbox and sent by its cron)."""
        sessions = super()._livechat_erase_personal_data()
        if sessions:
            self.env["livechat_iconic_slack.outbox"]._enqueue_deletes(sessions)
        return sessions

    def _livechat_slack_target(self):
        """The Slack channel for this session's notice: its queue's, else the default."""
        self.ensure_one()
        # sudo: configuration read by the system to address the notice
        return (self.sudo().livechat_channel_id.livechat_slack_channel or "").strip() or (
            self.env["ir.config_parameter"].sudo().get_param(CHANNEL_PARAM) or ""
        ).strip()

    def _livechat_slack_values(self):
        """The session's current values, as lib.notice.build_notice reads them."""
        self.ensure_one()
        # sudo: rendered by the outbox's cron for the agents' Slack channel
        channel = self.sudo()
        base_url = channel.get_base_url().rstrip("/")
        agent = channel.livechat_agent_id
        ticket = channel.livechat_ticket_id
        public = self.env.ref("base.public_partner")
        partner = (
            channel.livechat_partner_id or (channel.livechat_customer_partner_ids - public)[:1]
        )
        # as livechat_visitor_name, but empty for an anonymous visitor: "(Guest)" in Slack
        visitor = partner.name or channel.livechat_guest_name or ""
        return {
            "session_id": channel.id,
            "visitor_name": visitor,
            "question": channel._livechat_slack_question(),
            "page_url": channel.livechat_page_url or "",
            "location": channel.livechat_location or "",
            "board_url": f"{base_url}/livechat/waiting/{channel.id}",
            "state": channel.livechat_state,
            "agent_name": agent.name or "",
            "missed": channel.livechat_missed,
            "end_reason": channel.livechat_end_reason or "",
            # a chat the queue registers silently is no ticket to tell Slack about
            "ticket_name": ticket.display_name if ticket and not ticket.livechat_registered else "",
            # only for a confirmed contact (never an unconfirmed claim): see _livechat_stakes
            "stakes": channel._livechat_stakes().get(channel.id) or {},
        }

    def _livechat_slack_question(self):
        """The visitor's first question, masked as the sneak peek masks it (card numbers,
        e-mail addresses, what follows a password word): Slack is outside the company."""
        question = self.sudo().livechat_question or ""
        masked = sneak_peek.mask(question)
        return masked + "…" if len(question) > sneak_peek.MAX_LENGTH else masked

    def _livechat_slack_notice(self):
        """(fallback text, blocks) of the session's notice, from its current values, in the
        company's language (the Slack channel is the team's, not one user's): its words and
        the values it formats (the stakes' amount and verdict)."""
        env = self.with_context(lang=self.env.company.partner_id.lang or "en_US").env
        return notice.build_notice(self.with_env(env)._livechat_slack_values(), env._)

    def _livechat_alert_slack_dm(self, supervisors, text):
        """The Slack step of an unseen alert's escalation: a direct message to each of
        ``supervisors``, queued in the outbox (sent after commit by its cron). Returns
        how many were queued (0 when Slack is not set up)."""
        self.ensure_one()
        outbox = self.env["livechat_iconic_slack.outbox"]
        if not supervisors or not outbox._slack_enabled():
            return super()._livechat_alert_slack_dm(supervisors, text)
        return outbox._enqueue_direct(supervisors, text, f"alert:{self.id}")
