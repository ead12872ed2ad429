"""LangChain tools over crm_core services and the knowledge base, handed out per caller role."""
