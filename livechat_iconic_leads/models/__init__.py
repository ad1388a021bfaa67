# isort: off
# the tag model and the profile mixin first: crm.lead and discuss.channel inherit them
from . import livechat_iconic_leads_interest, livechat_iconic_leads_profile_mixin

# isort: on
from . import (
    chatbot_script_step,
    crm_lead,
    discuss_channel,
    discuss_channel_helpdesk,
    discuss_channel_stakes,
    helpdesk_ticket,
    im_livechat_channel,
    livechat_iconic_leads_region,
)
