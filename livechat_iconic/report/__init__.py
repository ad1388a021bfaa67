from . import im_livechat_report_channel, livechat_funnel_report, livechat_kpi_targets
