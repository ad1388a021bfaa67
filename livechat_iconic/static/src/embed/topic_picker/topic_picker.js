import {Component, useState} from "@odoo/owl";
import {useService} from "@web/core/utils/hooks";

/**
 * The topics the website's queue offers (Sales, Support, Bookings...), in the chat window
 * before the chat starts: the visitor picks one, and their first message starts the chat
 * in the topic's queue (``livechat_iconic_topic_id``, see the livechat service patch).
 */
export class TopicPicker extends Component {
    static template = "livechat_iconic.TopicPicker";
    static props = {thread: Object};

    setup() {
        this.store = useService("mail.store");
        this.topicState = useState(useService("im_livechat.livechat").topicState);
    }

    get topics() {
        return this.store.livechat_iconic_topics || [];
    }

    get isShown() {
        const thread = this.props.thread;
        return (
            thread.channel_type === "livechat" &&
            thread.isTransient &&
            !thread.chatbot &&
            this.topics.length > 0
        );
    }

    get selectedId() {
        return this.topicState.topicId;
    }

    select(topic) {
        this.topicState.topicId = topic.id;
    }
}
