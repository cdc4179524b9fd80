"""The one dialogue core (`text in -> reply out`) that the terminal, Telegram and the tests share."""
from bot.dialogue.core import Dialogue
from bot.dialogue.replies import Button, Reply

__all__ = ["Button", "Dialogue", "Reply"]
