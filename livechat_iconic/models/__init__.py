from . import (
    chatbot_script_step,
    discuss_channel,
    im_livechat_channel,
    ir_http,
    ir_websocket,
    mail_presence,
    website_visitor,
)
