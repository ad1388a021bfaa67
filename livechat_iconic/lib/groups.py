"""The groups (xml ids) that may read what the addons add to Odoo's records.

Defined once for the three addons. A field a visitor or a portal user has no need to
read carries one of these as its ``groups``: Odoo then leaves it out of what they can
read (``read``, ``search_read``, ``web_read``, a domain), whatever route they call.
"""

#: Live chat agents: the agent-facing fields of a session (discuss.channel).
LIVECHAT_USER_GROUP = "im_livechat.im_livechat_group_user"
#: Live chat supervisors.
LIVECHAT_MANAGER_GROUP = "im_livechat.im_livechat_group_manager"
#: Employees: the live chat fields of a help-desk ticket (a portal customer reads their
#: own tickets, not where and how the chat reached us).
INTERNAL_USER_GROUP = "base.group_user"
#: Salespeople: the prospect's profile on a lead.
SALESMAN_GROUP = "sales_team.group_sale_salesman"
#: The prospect's profile shared by a session and its lead (``livechat_iconic_leads.profile.mixin``):
#: the session's agents or the lead's salespeople.
LEAD_PROFILE_GROUPS = f"{LIVECHAT_USER_GROUP},{SALESMAN_GROUP}"
