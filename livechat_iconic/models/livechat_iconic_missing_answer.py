from odoo import api, fields, models
from odoo.tools import html2plaintext

from ..lib import suggest
from ..lib.groups import LIVECHAT_USER_GROUP

#: what the draft's shortcut keeps of the question
SHORTCUT_WORDS = 3


class LivechatIconicMissingAnswer(models.Model):
    """A visitor's question for which no reply suggestion was good enough (issue 23 point
    1): listed for supervisors, who draft a canned response from it in one click. At
    most one per session, recorded when the composer asked for suggestions."""

    _name = "livechat_iconic.missing.answer"
    _description = "Missing Answer"
    _order = "id desc"
    _rec_name = "question"

    channel_id = fields.Many2one(
        "discuss.channel", "Chat", required=True, ondelete="cascade", readonly=True
    )
    queue_id = fields.Many2one("im_livechat.channel", readonly=True, index=True)
    question = fields.Text(required=True, readonly=True)
    best_score = fields.Float(
        digits=(16, 2),
        readonly=True,
        help="Similarity of the best suggestion found (0 to 1); below 0.30 none is shown.",
    )
    canned_response_id = fields.Many2one(
        "mail.canned.response", "Draft Canned Response", readonly=True, ondelete="set null"
    )
    canned_response_state = fields.Selection(related="canned_response_id.state")

    _channel_unique = models.Constraint(
        "UNIQUE(channel_id)", "A chat records one missing answer at most."
    )

    @api.model
    def _livechat_record(self, channel, question, best_score):
        """Record ``question`` of ``channel`` unless this chat has one already."""
        # sudo: agents' requests record what only supervisors read
        missing = self.sudo()
        if missing.search_count([("channel_id", "=", channel.id)], limit=1):
            return missing.browse()
        # one row per chat even when two agents' requests race: ON CONFLICT
        self.env.cr.execute(
            """INSERT INTO livechat_iconic_missing_answer
                   (channel_id, queue_id, question, best_score, create_uid, create_date,
                    write_uid, write_date)
               VALUES (%s, %s, %s, %s, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')
               ON CONFLICT (channel_id) DO NOTHING""",
            (
                channel.id,
                channel.sudo().livechat_channel_id.id or None,
                question[: suggest.MAX_TEXT],
                best_score,
                self.env.uid,
                self.env.uid,
            ),
        )
        return missing.search([("channel_id", "=", channel.id)])

    def _livechat_agent_answer(self):
        """The agent's first message after the question in that chat: the draft's text."""
        self.ensure_one()
        # sudo: a supervisor reads the chat's messages to draft from them
        message = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "discuss.channel"),
                    ("res_id", "=", self.channel_id.id),
                    ("message_type", "=", "comment"),
                    ("create_date", ">=", self.create_date),
                    ("author_id.user_ids.share", "=", False),
                ],
                order="id",
                limit=1,
            )
        )
        return suggest.plain_text(html2plaintext(message.body or ""))

    def action_draft_canned_response(self):
        """Draft a canned response for this question, To Approve (the existing approval),
        with the agent's answer in that chat as its text when there is one; opens it."""
        self.ensure_one()
        if not self.canned_response_id:
            words = suggest.tokenize(self.question)[:SHORTCUT_WORDS] or ["answer"]
            self.canned_response_id = self.env["mail.canned.response"].create(
                {
                    "source": "-".join(words),
                    "substitution": self._livechat_agent_answer() or self.question,
                    "state": "proposed",
                    "group_ids": [fields.Command.link(self.env.ref(LIVECHAT_USER_GROUP).id)],
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.canned.response",
            "res_id": self.canned_response_id.id,
            "view_mode": "form",
            "target": "current",
        }
