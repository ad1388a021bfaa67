from . import slack_actions
