import {ChatWindow} from "@mail/core/common/chat_window";

import {ContactEmail} from "@livechat_iconic/embed/contact_email/contact_email";
import {QueueStatus} from "@livechat_iconic/embed/queue_status/queue_status";
import {SendAsMessage} from "@livechat_iconic/embed/send_as_message/send_as_message";
import {TopicPicker} from "@livechat_iconic/embed/topic_picker/topic_picker";
import {YourConversations} from "@livechat_iconic/embed/your_conversations/your_conversations";

import "@im_livechat/embed/common/chat_window_patch";

ChatWindow.components = {
    ...ChatWindow.components,
    ContactEmail,
    QueueStatus,
    SendAsMessage,
    TopicPicker,
    YourConversations,
};
