from . import livechat_snooze, livechat_transcript_send, livechat_transfer
