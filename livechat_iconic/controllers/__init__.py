from . import main, message_form, sneak_peek, thread, transcript, webclient
