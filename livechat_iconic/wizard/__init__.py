from . import (
    livechat_iconic_close_tags,
    livechat_iconic_erase_visitor,
    livechat_iconic_snooze,
    livechat_iconic_staffing_forecast,
    livechat_iconic_transcript_send,
    livechat_iconic_transfer,
)
