from . import (
    discuss_channel,
    im_livechat_channel,
    ir_http,
    livechat_iconic_slack_claim,
    livechat_iconic_slack_outbox,
    res_config_settings,
    res_users,
)
