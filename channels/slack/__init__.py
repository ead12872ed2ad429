"""The Slack app: mentions, DMs and /crm for the team, draft buttons, alerts and handoffs in a channel."""
