from . import (
    main,
    message_form,
    sneak_peek,
    webclient,
    webclient_canned,
    webclient_routing,
    webclient_topics,
)
