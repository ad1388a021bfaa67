from . import discuss_channel
from . import im_livechat_channel
