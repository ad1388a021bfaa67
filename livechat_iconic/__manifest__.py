{
    "name": "Iconic Live Chat",
    "summary": "Visitor context, a seven-state life cycle and the live Customers Waiting board",
    "version": "19.0.1.0.0",
    "category": "Website/Live Chat",
    "license": "LGPL-3",
    "author": "Iconic Live Chat",
    "website": "https://github.com/iconic-livechat/livechat",
    "depends": ["im_livechat", "website_livechat", "resource", "helpdesk_mgmt", "helpdesk_type"],
    "data": [
        "security/ir.model.access.csv",
        "data/res_partner_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_templates.xml",
        "data/helpdesk_data.xml",
        "data/ir_cron_routing_data.xml",
        "data/ir_cron_inactivity_data.xml",
        "wizard/livechat_transcript_send_views.xml",
        "views/discuss_channel_views.xml",
        "views/im_livechat_channel_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/livechat_iconic_menus.xml",
        "views/im_livechat_channel_routing_views.xml",
        "views/livechat_inactivity_views.xml",
    ],
    "demo": [
        "demo/livechat_iconic_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "livechat_iconic/static/src/board/**/*",
            "livechat_iconic/static/src/alerts/**/*",
            "livechat_iconic/static/src/routing/**/*",
            "livechat_iconic/static/src/inactivity/**/*",
        ],
        "im_livechat.assets_embed_core": [
            "livechat_iconic/static/src/embed/**/*",
        ],
        "web.assets_tests": [
            "livechat_iconic/static/tests/tours/**/*",
        ],
    },
    "external_dependencies": {
        "python": ["ua_parser", "email_validator", "phonenumbers"],
    },
    "development_status": "Alpha",
    "installable": True,
}
