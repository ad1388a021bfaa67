# isort: off
# the session mixin first: discuss_channel inherits it
from . import discuss_channel_followup

# isort: on
from . import (
    chatbot_script_step,
    discuss_channel,
    helpdesk_ticket,
    im_livechat_channel,
    im_livechat_channel_routing,
    ir_http,
    ir_websocket,
    mail_mail,
    mail_presence,
    website_visitor,
)
