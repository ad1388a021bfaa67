from . import slack_client
