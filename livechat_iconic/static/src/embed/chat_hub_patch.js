import {ChatHub} from "@mail/core/common/chat_hub";

import {MessageForm} from "@livechat_iconic/embed/message_form/message_form";

import "@im_livechat/embed/common/chat_hub_patch";

ChatHub.components = {...ChatHub.components, MessageForm};
