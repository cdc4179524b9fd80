"""Solo CRM conversation: message parsing, the dialogue core, terminal and Telegram adapters, the CLI."""
