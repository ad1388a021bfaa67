from . import (
    livechat_close_tags,
    livechat_erase_visitor,
    livechat_snooze,
    livechat_transcript_send,
    livechat_transfer,
)
