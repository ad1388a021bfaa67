from . import (
    discuss_channel,
    im_livechat_channel,
    ir_http,
    res_config_settings,
    res_users,
    slack_claim,
    slack_outbox,
)
