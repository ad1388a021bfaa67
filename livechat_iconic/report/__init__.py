from . import (
    im_livechat_report_channel,
    im_livechat_report_channel_kpi_targets,
    livechat_iconic_report_funnel,
)
