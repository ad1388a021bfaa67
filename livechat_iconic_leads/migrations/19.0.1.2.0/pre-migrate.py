"""19.0.1.2.0: the addon's models are named in its own namespace, ``livechat_iconic_leads.``:

- ``livechat.lead.interest`` -> ``livechat_iconic_leads.interest``
- ``livechat.lead.region`` -> ``livechat_iconic_leads.region``
- ``livechat.lead.profile.mixin`` -> ``livechat_iconic_leads.profile.mixin``
- ``livechat_iconic_leads.lead_count_report`` -> ``livechat_iconic_leads.lead.count.report``
  (same table name: a query, no table)

Their tables, the interests of sessions and leads (many2many tables named after the
models) and the countries of the regions move with them, with their xml ids and access
rights."""

from odoo.addons.livechat_iconic.tools.model_rename import (
    rename_m2m,
    rename_model,
    rename_xmlids,
)

MODULE = "livechat_iconic_leads"
MODELS = {
    "livechat.lead.interest": "livechat_iconic_leads.interest",
    "livechat.lead.region": "livechat_iconic_leads.region",
    "livechat.lead.profile.mixin": "livechat_iconic_leads.profile.mixin",
    "livechat_iconic_leads.lead_count_report": "livechat_iconic_leads.lead.count.report",
}
#: many2many tables: (old table, new table, {old column: new column})
M2M = [
    (
        "crm_lead_livechat_lead_interest_rel",
        "crm_lead_livechat_iconic_leads_interest_rel",
        {"livechat_lead_interest_id": "livechat_iconic_leads_interest_id"},
    ),
    (
        "discuss_channel_livechat_lead_interest_rel",
        "discuss_channel_livechat_iconic_leads_interest_rel",
        {"livechat_lead_interest_id": "livechat_iconic_leads_interest_id"},
    ),
    (
        "livechat_lead_region_res_country_rel",
        "livechat_iconic_leads_region_res_country_rel",
        {"livechat_lead_region_id": "livechat_iconic_leads_region_id"},
    ),
]
ACCESS_XMLIDS = {
    "access_livechat_lead_interest_livechat_user": "access_livechat_iconic_leads_interest_livechat_user",
    "access_livechat_lead_interest_salesman": "access_livechat_iconic_leads_interest_salesman",
    "access_livechat_lead_interest_manager": "access_livechat_iconic_leads_interest_manager",
    "access_livechat_lead_region_salesman": "access_livechat_iconic_leads_region_salesman",
    "access_livechat_lead_region_manager": "access_livechat_iconic_leads_region_manager",
    "access_livechat_lead_count_report_manager": "access_livechat_iconic_leads_lead_count_report_manager",
}


def migrate(cr, version):
    if not version:
        return
    for old, new in MODELS.items():
        rename_model(cr, old, new)
    for old_table, new_table, columns in M2M:
        rename_m2m(cr, old_table, new_table, columns)
    rename_xmlids(cr, MODULE, ACCESS_XMLIDS)
