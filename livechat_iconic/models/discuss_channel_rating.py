import logging

from markupsafe import Markup

from odoo import fields, models

from ..lib.groups import LIVECHAT_USER_GROUP
from ..tools.prefetch import DETAIL_PREFETCH

_logger = logging.getLogger(__name__)

ARCHIVE_URL = "/odoo/livechat-archive/%s"


class DiscussChannel(models.Model):
    """A bad rating (Odoo's emoticon rating, "unhappy") gives each supervisor of the
    session's queue one To-Do activity with the transcript's link; once per session,
    however often the visitor rates again."""

    _inherit = "discuss.channel"

    livechat_bad_rating_followed = fields.Boolean(
        "Bad Rating Followed Up",
        readonly=True,
        copy=False,
        help="The queue's supervisors were given an activity about this chat's bad rating.",
        groups=LIVECHAT_USER_GROUP,
        prefetch=DETAIL_PREFETCH,
    )

    def _livechat_on_bad_rating(self):
        """Give the supervisors of each session's queue an activity (once per session)."""
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for session in self.filtered(lambda c: not c.livechat_bad_rating_followed):
            session.livechat_bad_rating_followed = True
            queue = session.livechat_channel_id
            supervisors = queue._livechat_supervisors() if queue else self.env["res.users"]
            if not supervisors:
                _logger.info(
                    "Live chat %s was rated badly; its queue has no supervisor", session.id
                )
                continue
            # sudo: the activity is the supervisors', created on the visitor's rating; a
            # free activity (no document): discuss.channel has no activities of its own
            self.env["mail.activity"].sudo().create(
                [
                    {
                        "activity_type_id": todo.id if todo else False,
                        "summary": self.env._("Unhappy live chat rating: %s", session.display_name),
                        "note": session._livechat_bad_rating_note(),
                        "user_id": user.id,
                        "date_deadline": fields.Date.context_today(session),
                    }
                    for user in supervisors
                ]
            )

    def _livechat_bad_rating_note(self):
        """The activity's note: who, which queue and agent, the visitor's words (escaped:
        they are the visitor's), and the link to the transcript."""
        self.ensure_one()
        rating = self.rating_ids[:1]
        feedback = rating.feedback or ""
        lines = [
            Markup("<p>%s</p>")
            % self.env._(
                "%(visitor)s rated the chat with %(agent)s (queue %(queue)s) unhappy.",
                visitor=self.livechat_visitor_name or self.env._("A visitor"),
                agent=self.livechat_agent_id.name or self.env._("no agent"),
                queue=self.livechat_channel_id.name or "-",
            )
        ]
        if feedback:
            lines.append(Markup("<blockquote>%s</blockquote>") % feedback[:2000])
        lines.append(
            Markup('<p><a href="%s">%s</a></p>')
            % (ARCHIVE_URL % self.id, self.env._("Open the transcript"))
        )
        return Markup("").join(lines)
