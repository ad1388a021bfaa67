"""Who may chat through a channel rule (pure, no Odoo import).

A channel rule (``im_livechat.channel.rule``) says on which pages and for which countries
the chat button shows, and how; it may also say for whom: everyone (Odoo's own rules), or
only signed-in users, and among them, optionally, only the members of some groups or the
contacts with some tags (any one of them is enough). The rule that Odoo's matching picks
for the visitor's page and country decides: a visitor it does not admit sees no chat
button and cannot start a session.
"""

EVERYONE = "everyone"
SIGNED_IN = "signed_in"
AUDIENCES = (EVERYONE, SIGNED_IN)

# why a visitor is refused
SIGN_IN = "sign_in"  # the rule is for signed-in users and the visitor is not signed in
NOT_MEMBER = "not_member"  # signed in, but in none of the rule's groups and tags
REFUSALS = (SIGN_IN, NOT_MEMBER)


def refusal(
    audience,
    *,
    signed_in,
    group_ids=(),
    tag_ids=(),
    required_group_ids=(),
    required_tag_ids=(),
):
    """Why a rule for ``audience`` refuses a visitor (a code of ``REFUSALS``), or None
    when it admits them.

    :param audience: ``EVERYONE`` or ``SIGNED_IN``
    :param signed_in: whether the visitor is a signed-in user (not the public user)
    :param group_ids: ids of the visitor's groups (implied ones included)
    :param tag_ids: ids of the tags of the visitor's contact
    :param required_group_ids, required_tag_ids: the rule's groups and tags (for
        ``SIGNED_IN`` only; none: any signed-in user): a member of one of the groups or
        a contact with one of the tags is admitted
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    if audience == EVERYONE:
        return None
    if not signed_in:
        return SIGN_IN
    required_groups, required_tags = set(required_group_ids), set(required_tag_ids)
    if not (required_groups or required_tags):
        return None
    if required_groups & set(group_ids) or required_tags & set(tag_ids):
        return None
    return NOT_MEMBER
