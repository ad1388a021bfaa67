{
    "name": "Iconic Live Chat - Slack",
    "summary": "Slack notices when a visitor asks for help, kept up to date as the chat moves",
    "version": "19.0.1.0.0",
    "category": "Website/Live Chat",
    "license": "LGPL-3",
    "author": "Iconic Live Chat",
    "website": "https://github.com/iconic-livechat/livechat",
    "depends": ["livechat_iconic"],
    "data": [
        "views/res_config_settings_views.xml",
    ],
    "development_status": "Alpha",
    "installable": True,
}
