from . import livechat_lead_count_report
