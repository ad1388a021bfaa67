from . import main, message_form, webclient, webclient_canned, webclient_routing, webclient_topics
