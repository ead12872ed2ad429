"""The CRM domain: models, schemas, services, permissions and audit. Imports nothing of ours outside itself."""
