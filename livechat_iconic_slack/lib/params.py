"""The keys of the Slack settings (``ir.config_parameter``), written once: the settings
(models/res_config_settings.py) and the code that reads them import them from here."""

ENABLED_PARAM = "livechat_iconic_slack.enabled"
CHANNEL_PARAM = "livechat_iconic_slack.channel"
BOT_TOKEN_PARAM = "livechat_iconic_slack.bot_token"
SIGNING_SECRET_PARAM = "livechat_iconic_slack.signing_secret"
