from . import livechat_close_tags, livechat_snooze, livechat_transcript_send, livechat_transfer
