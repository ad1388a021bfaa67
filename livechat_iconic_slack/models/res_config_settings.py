from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    livechat_slack_enabled = fields.Boolean(
        "Slack Notices", config_parameter="livechat_iconic_slack.enabled"
    )
    livechat_slack_channel = fields.Char(
        "Slack Channel",
        config_parameter="livechat_iconic_slack.channel",
        help="Channel (name or ID) where new chats are announced, e.g. #support.",
    )
    livechat_slack_bot_token = fields.Char(
        "Slack Bot Token",
        config_parameter="livechat_iconic_slack.bot_token",
        groups="base.group_system",
    )
