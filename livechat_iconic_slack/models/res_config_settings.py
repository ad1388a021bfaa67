from odoo import api, fields, models

from ..lib import burst
from ..lib.params import BOT_TOKEN_PARAM, CHANNEL_PARAM, ENABLED_PARAM, SIGNING_SECRET_PARAM
from ..tools.slack_client import SlackClient
from .livechat_iconic_slack_outbox import OWN_PER_MINUTE_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    livechat_slack_enabled = fields.Boolean("Slack Notices", config_parameter=ENABLED_PARAM)
    livechat_slack_channel = fields.Char(
        "Slack Channel",
        config_parameter=CHANNEL_PARAM,
        help="Channel (name or ID) where new chats are announced, e.g. #support. Each queue "
        "can name its own.",
    )
    livechat_slack_bot_token = fields.Char(
        "Slack Bot Token",
        config_parameter=BOT_TOKEN_PARAM,
        groups="base.group_system",
    )
    livechat_slack_signing_secret = fields.Char(
        "Slack Signing Secret",
        config_parameter=SIGNING_SECRET_PARAM,
        groups="base.group_system",
        help="From the Slack app's Basic Information page: proves that a Claim click comes "
        "from Slack.",
    )
    livechat_slack_base_url = fields.Char(
        "Slack API URL",
        config_parameter="livechat_iconic_slack.base_url",
        groups="base.group_system",
        help="Empty: https://slack.com/api/. Point it at a Slack-compatible test server to "
        "try the notices without a workspace.",
    )
    livechat_slack_own_per_minute = fields.Integer(
        "Own Notices per Minute",
        config_parameter=OWN_PER_MINUTE_PARAM,
        default=burst.DEFAULT_OWN_PER_MINUTE,
        help="A burst of visitors: this many per minute and Slack channel get a notice of "
        'their own (with the Claim button); the others are summed up in one line, "N more '
        'visitors waiting", and taken from the waiting list. Known customers always get '
        "their own.",
    )
    livechat_slack_last_error = fields.Char(
        "Last Slack Error", compute="_compute_livechat_slack_last_error"
    )

    @api.depends("livechat_slack_enabled")
    def _compute_livechat_slack_last_error(self):
        # sudo: a settings summary of the system's Slack queue
        error = self.env["livechat_iconic_slack.outbox"].sudo()._last_permanent_error()
        self.livechat_slack_last_error = error

    def action_livechat_slack_test(self):
        """Post a test message in the default channel; tell Slack's answer in words."""
        self.ensure_one()
        self.execute()  # the values just typed are the ones tested
        client = SlackClient(self.env)
        channel = client.default_channel
        if not channel:
            result_text, kind = self.env._("Set a Slack channel first."), "warning"
        else:
            result = client.call(
                "chat.postMessage",
                channel=channel,
                text=self.env._(
                    "Test message from Odoo Live Chat: Slack notices will arrive here."
                ),
            )
            if result.ok:
                result_text = self.env._(
                    "Slack accepted the test message in %(channel)s.", channel=channel
                )
                kind = "success"
            else:
                result_text = result.explain(self.env.lang)
                kind = "danger"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Slack"),
                "message": result_text,
                "type": kind,
                "sticky": kind != "success",
            },
        }

    def action_livechat_slack_retry(self):
        """Post the notices Slack refused again, once the settings are fixed (each is
        rendered from its session's current values, so no update is needed)."""
        # sudo: administrators' button; the queue is the system's
        outbox = self.env["livechat_iconic_slack.outbox"].sudo()
        failed = outbox.search([("state", "=", "failed"), ("kind", "=", "post")])
        failed.write(
            {
                "state": "pending",
                "attempts": 0,
                "next_try_dt": fields.Datetime.now(),
                "last_error": False,
                # taken again as new posts: many at once are a burst (summed up)
                "slack_channel": False,
            }
        )
        outbox._wake()
        return True
