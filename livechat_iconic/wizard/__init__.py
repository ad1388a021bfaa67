from . import livechat_transcript_send
