from . import discuss_channel, im_livechat_channel
