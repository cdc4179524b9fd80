"""Solo CRM domain: models, storage, services and analytics. Knows nothing of Telegram or terminals."""
