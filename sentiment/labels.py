"""The label sets, in the order the classifier heads emit them."""

SENTIMENTS = ("negative", "neutral", "positive")
URGENCIES = ("low", "normal", "high", "urgent")
CATEGORIES = ("billing", "bug", "how_to", "account", "outage", "feature_request", "other")

TASKS = {"sentiment": SENTIMENTS, "urgency": URGENCIES, "category": CATEGORIES}
