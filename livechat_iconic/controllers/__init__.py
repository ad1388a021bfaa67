from . import main, message_form, sneak_peek, transcript, webclient
