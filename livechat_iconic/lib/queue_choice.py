"""Which queue a new chat lands in: the visitor's topic, the region rules, the fallback.

Pure, no Odoo import: ``im_livechat.channel._livechat_pick_queue`` gathers the facts (ids
only) and calls :func:`choose_queue`; the tests call it directly.

1. The queue the widget belongs to (the website's queue) is the start.
2. A topic the visitor picked sends them to the topic's queue.
3. A region rule of that queue (Odoo's channel rules match the visitor's country through
   GeoIP, and the page) may send them on to the region's queue.
4. When the queue reached so far has nobody to serve the chat, its fallback queue takes it
   if someone there can; otherwise the chat stays where it is (it waits in that queue,
   or the widget offers the message form, as without any of this).

Each step is taken once: a region queue's own rules and a fallback's fallback are not
followed, so no configuration can make the choice loop.
"""

from dataclasses import dataclass

TOPIC = "topic"
REGION = "region"
FALLBACK = "fallback"


@dataclass(frozen=True)
class QueueChoice:
    """``queue_id``: where the chat goes; ``steps``: what moved it there, in order (a
    tuple of ``TOPIC``, ``REGION``, ``FALLBACK``; empty: the start queue)."""

    queue_id: int
    steps: tuple = ()


def choose_queue(
    start_id,
    *,
    topic_queue_id=None,
    region_queue_of=None,
    fallback_of=None,
    serving=frozenset(),
):
    """The queue a new chat of the widget of queue ``start_id`` lands in.

    :param start_id: the widget's queue
    :param topic_queue_id: the queue of the topic the visitor picked (None: no topic)
    :param region_queue_of: ``{queue_id: region queue_id}``, the queue the matching region
        rule of a queue sends the visitor to (absent: no such rule)
    :param fallback_of: ``{queue_id: fallback queue_id}``
    :param serving: ids of the queues where someone can serve the chat now
    :rtype: QueueChoice
    """
    region_queue_of = region_queue_of or {}
    fallback_of = fallback_of or {}
    queue_id, steps = start_id, []
    if topic_queue_id and topic_queue_id != queue_id:
        queue_id = topic_queue_id
        steps.append(TOPIC)
    region_id = region_queue_of.get(queue_id)
    if region_id and region_id != queue_id:
        queue_id = region_id
        steps.append(REGION)
    fallback_id = fallback_of.get(queue_id)
    if queue_id not in serving and fallback_id and fallback_id != queue_id:
        if fallback_id in serving:
            queue_id = fallback_id
            steps.append(FALLBACK)
    return QueueChoice(queue_id, tuple(steps))
