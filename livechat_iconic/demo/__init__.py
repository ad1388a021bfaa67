from . import livechat_iconic_demo
