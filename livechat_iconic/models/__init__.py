# isort: off
# the session mixin first: discuss_channel inherits it
from . import discuss_channel_followup

# isort: on
from . import (
    chatbot_script_step,
    discuss_channel,
    discuss_channel_canned,
    discuss_channel_first_responder,
    discuss_channel_inactivity,
    discuss_channel_routing,
    discuss_channel_sla,
    discuss_channel_topic,
    discuss_channel_transfer,
    helpdesk_ticket,
    im_livechat_channel,
    im_livechat_channel_agent,
    im_livechat_channel_inactivity,
    im_livechat_channel_queue_choice,
    im_livechat_channel_routing,
    im_livechat_channel_rule,
    im_livechat_channel_sla,
    im_livechat_channel_supervisors,
    ir_http,
    ir_http_routing,
    ir_websocket,
    livechat_iconic_topic,
    livechat_missed_assignment,
    mail_canned_response,
    mail_mail,
    mail_presence,
    mail_presence_routing,
    res_config_settings_routing,
    res_users_routing,
    website_visitor,
)
