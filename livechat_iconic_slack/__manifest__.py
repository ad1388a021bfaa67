{
    "name": "Iconic Live Chat - Slack",
    "summary": "Slack notices when a visitor asks for help, kept up to date as the chat moves",
    "version": "19.0.1.3.0",
    "category": "Website/Live Chat",
    "license": "AGPL-3",
    "author": "Iconic Live Chat",
    "website": "https://github.com/iconic-livechat/livechat",
    "depends": ["livechat_iconic"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/slack_outbox_views.xml",
        "views/im_livechat_channel_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "external_dependencies": {
        # PyPI names with version limits (the wheel's dependencies; requirements.txt says the same)
        "python": ["slack_sdk>=3.27,<4"],
    },
    "development_status": "Alpha",
    "installable": True,
}
