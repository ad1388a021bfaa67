from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext
from odoo.tools.lru import LRU

from ..lib import suggest
from ..lib.groups import LIVECHAT_MANAGER_GROUP, LIVECHAT_USER_GROUP
from ..tools.prefetch import DETAIL_PREFETCH

#: suggestions already ranked, per (database, latest visitor message, reader)
_CACHE = LRU(1024)  # thread-safe
#: how many of the visitor's latest messages (since the agent's last one) are read
LATEST_MESSAGES = 3


class DiscussChannel(models.Model):
    """Reply suggestions in the chat composer (issue 23 point 1): up to three answers for
    the visitor's latest messages, from the snippets the cron indexed
    (``livechat_iconic.suggestion.snippet``); one click inserts one for editing, it is
    never sent by itself. A session remembers whether a suggestion was used (inserted,
    then the agent sent a message): the "Suggestion Used" KPI of the sessions report."""

    _inherit = "discuss.channel"

    livechat_suggestion_inserted_dt = fields.Datetime(
        "Suggestion Inserted On", readonly=True, groups=LIVECHAT_USER_GROUP
    )
    livechat_suggestion_used = fields.Boolean(
        "Suggestion Used",
        readonly=True,
        groups=LIVECHAT_USER_GROUP,
        help="An agent inserted a reply suggestion and then sent a message.",
        prefetch=DETAIL_PREFETCH,
    )

    def _livechat_suggest_check_agent(self):
        """Only a live chat agent in this chat (or a supervisor) is offered suggestions."""
        self.ensure_one()
        user = self.env.user
        if self.channel_type != "livechat" or not user.has_group(LIVECHAT_USER_GROUP):
            raise AccessError(self.env._("Reply suggestions are for live chat agents."))
        if not self.is_member and not user.has_group(LIVECHAT_MANAGER_GROUP):
            raise AccessError(self.env._("Reply suggestions are for the agents of this chat."))

    def _livechat_suggest_latest_visitor_messages(self):
        """The visitor's messages since the last agent's one (at most three), oldest first."""
        # sudo: the members' roles and the messages of a chat the agent is in (checked)
        channel = self.sudo()
        visitors = channel.channel_member_ids.filtered(
            lambda m: m.livechat_member_type == "visitor"
        )
        messages = channel.env["mail.message"].search(
            [
                ("model", "=", "discuss.channel"),
                ("res_id", "=", self.id),
                ("message_type", "=", "comment"),
            ],
            order="id desc",
            limit=20,
        )
        latest = []
        for message in messages:
            is_visitor = (
                message.author_guest_id and message.author_guest_id in visitors.guest_id
            ) or (message.author_id and message.author_id in visitors.partner_id)
            if not is_visitor:
                if latest:
                    break
                continue
            latest.append(message)
            if len(latest) == LATEST_MESSAGES:
                break
        return channel.env["mail.message"].browse([m.id for m in reversed(latest)])

    def livechat_reply_suggestions(self):
        """Called by the composer: ``{"message_id", "suggestions": [{"id", "text", "source",
        "source_label", "score"}]}`` for the visitor's latest messages, ranked once per
        message and reader. A question with no good match is kept as a missing answer."""
        self._livechat_suggest_check_agent()
        messages = self._livechat_suggest_latest_visitor_messages()
        if not messages:
            return {"message_id": False, "suggestions": []}
        key = (self.env.cr.dbname, messages[-1].id, self.env.uid)
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        text = " ".join(suggest.plain_text(html2plaintext(m.body or "")) for m in messages)
        result = {"message_id": messages[-1].id, "suggestions": []}
        if suggest.is_question(text):
            canned = self.env["mail.canned.response"].search(
                [
                    *self.env["mail.canned.response"]._livechat_picker_domain(),
                    ("state", "=", "approved"),
                ]
            )
            # sudo: the queue of a chat the agent is in (checked above)
            queue = self.sudo().livechat_channel_id
            ranked = self.env["livechat_iconic.suggestion.snippet"]._livechat_suggest(
                text, queue, canned.ids
            )
            good = [(s, score) for s, score in ranked if score >= suggest.MISSING_ANSWER_BELOW]
            result["suggestions"] = [
                {
                    "id": snippet.id,
                    "text": snippet.text,
                    "source": snippet.source,
                    "source_label": self._livechat_suggest_source_label(snippet),
                    "score": round(score, 3),
                }
                for snippet, score in good
            ]
            if not good:
                self.env["livechat_iconic.missing.answer"]._livechat_record(
                    self, text, ranked[0][1] if ranked else 0.0
                )
        _CACHE[key] = result
        return result

    def _livechat_suggest_source_label(self, snippet):
        """Where a suggestion comes from, as the composer shows it."""
        if snippet.source == "canned":
            return self.env._("Canned response ::%s", snippet.canned_response_id.source)
        if snippet.source == "ticket":
            return self.env._(
                "Solved ticket %(number)s: %(name)s",
                number=snippet.ticket_id.number or snippet.ticket_id.id,
                name=snippet.ticket_id.name,
            )
        return self.env._(
            "Past chat %(name)s, %(date)s",
            name=snippet.channel_id.livechat_visitor_name or snippet.channel_id.name,
            date=fields.Date.to_string(snippet.channel_id.create_date),
        )

    def livechat_note_suggestion_inserted(self):
        """Called by the composer when the agent inserts a suggestion: the next message the
        agent sends in this chat marks the session "Suggestion Used"."""
        self._livechat_suggest_check_agent()
        # sudo: the agents' field of a chat the agent is in (checked above)
        self.sudo().livechat_suggestion_inserted_dt = fields.Datetime.now()
        return True

    def _livechat_suggest_on_message(self, message):
        """Step 7 of ``_livechat_on_message``: an agent's message after an inserted
        suggestion marks the session "Suggestion Used"."""
        self.ensure_one()
        if self.livechat_suggestion_inserted_dt and self._livechat_author_type(message) == "agent":
            self.write({"livechat_suggestion_used": True, "livechat_suggestion_inserted_dt": False})

    @api.model
    def _livechat_suggest_clear_cache(self):
        """Forget the ranked suggestions (tests, and after the index changed much)."""
        _CACHE.clear()
