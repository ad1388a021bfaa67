from . import livechat_transcript_send, livechat_transfer
