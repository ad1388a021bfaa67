from . import main, message_form, webclient, webclient_routing, webclient_topics
