"""The agent: create_agent over the tools, model selection and the offline tool-calling model."""
