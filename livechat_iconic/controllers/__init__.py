from . import main, message_form, webclient
