"""Telegram adapter: turns updates into calls of the dialogue core and replies into messages.

Thin by design: no business logic here. Every call into the core (database, pandas) runs in a worker
thread via `asyncio.to_thread`, so the event loop never blocks. Privacy is enforced first, in a
handler group that runs before all others: strangers get one polite refusal and nothing of theirs
is stored, only a count.
"""
from __future__ import annotations

import asyncio
import logging
import os

from sqlalchemy.engine import Engine
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Update,
)
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.dialogue import Dialogue, Reply
from bot.dialogue.commands import COMMANDS
from bot.dialogue.core import FAILED
from bot.dialogue.pushes import push_reply
from bot.telegram_retry import RetryingLimiter
from crm.config import local_defaults
from crm.db import session_scope, storage_problem
from crm.errors import CrmError
from crm.models import Owner
from crm.services.customers import customer_count
from crm.services.digests import Push
from crm.services.oplog import Source
from crm.services.pairing import (
    PairingGuard,
    allow_chat,
    chat_allowed,
    count_refusal,
    joinable_business,
    owner_by_key,
    pair_account,
    redeem,
)
from crm.types import utcnow
from scheduler.runner import PushScheduler
from scheduler.sender import Blocked

log = logging.getLogger(__name__)
CHANNEL = "telegram"
REFUSAL = "Sorry, this is a private assistant. It only works for the business owner it is paired with."
MESSAGE_LIMIT = 4096  # Telegram's, in characters
GROUP_REFUSAL = "Sorry, this assistant only works in private chats with its owner, or in groups its owner added it to."


def owner_key(user_id: int) -> str:
    return f"tg:{user_id}"


def button_source(message: MaybeInaccessibleMessage, data: str) -> str:
    """A press is keyed by the button (its message and data), not by the press: Telegram gives every
    tap a new callback id, so a double tap on "+1 day" moved a follow-up two days."""
    return f"cb:{message.chat.id}:{message.message_id}:{data}"


def message_parts(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`text` in messages Telegram accepts (at most 4,096 characters each), cut at line ends where it
    can: a long digest was refused whole ("message is too long"), and its retries failed alike."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit) + 1 or limit  # after the last line end that fits, else at the limit
        parts.append(text[:cut])
        text = text[cut:]
    return [*parts, text]


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in reply.rows()])


async def deliver(bot: Bot, chat_id: int, reply: Reply) -> None:
    """The core's reply as a Telegram message, its buttons as an inline keyboard, its chart as a photo,
    its files as documents before it."""
    for name, content in reply.files:
        await bot.send_document(chat_id, content, filename=name)
    *first, last = message_parts(reply.text)
    for part in first:
        await bot.send_message(chat_id, part)
    await bot.send_message(chat_id, last, reply_markup=keyboard(reply))
    if reply.photo is not None:
        await bot.send_photo(chat_id, reply.photo)


async def send(message: MaybeInaccessibleMessage, reply: Reply) -> None:
    await deliver(message.get_bot(), message.chat.id, reply)


class TelegramSender:
    """Pushes to owners' private chats (an owner's chat id is their user id)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    def reaches(self, owner_key: str) -> bool:
        return owner_key.startswith("tg:")

    async def send(self, owner: Owner, push: Push) -> None:
        reply = await asyncio.to_thread(push_reply, push, owner, utcnow())
        try:
            await deliver(self.bot, int(owner.key.removeprefix("tg:")), reply)
        except Forbidden as error:  # blocked by the user: retrying every day would fail every day
            raise Blocked(str(error)) from error


class TelegramBot:
    """Holds what the handlers share: the engine, the dialogue core and the strangers already told."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialogue = Dialogue(engine)
        self.refused: set[int] = set()  # in memory only: strangers are never written down
        self.pairing = PairingGuard()

    # the gate ----------------------------------------------------------------------------------

    def _owner_id(self, user_id: int) -> int | None:
        with session_scope(self.engine) as session:
            owner = owner_by_key(session, owner_key(user_id))
            return owner.id if owner else None

    async def gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Let owners through (their id in `context.user_data`) in private chats and in groups an owner
        added the bot to; let pairing attempts through; refuse everyone and everything else."""
        user, chat, message = update.effective_user, update.effective_chat, update.effective_message
        if user is None or chat is None:
            raise ApplicationHandlerStop
        owner_id = await asyncio.to_thread(self._owner_id, user.id)
        private = chat.type == "private"
        if owner_id is not None and not private and message and any(m.id == context.bot.id for m in message.new_chat_members):
            await asyncio.to_thread(self._allow_chat, chat.id, owner_id)
            await message.reply_text("Hello! I answer my owner's messages here; everyone else's I ignore.")
            raise ApplicationHandlerStop
        allowed_group = not private and await asyncio.to_thread(self._chat_allowed, chat.id)
        if owner_id is not None and (private or allowed_group):
            context.user_data["owner_id"] = owner_id  # type: ignore[index]
            return
        if private and owner_id is None and message and message.text and message.text.startswith("/start "):
            return  # a pairing attempt, handled by `start`
        await asyncio.to_thread(self._count_refusal)
        told = user.id if private else chat.id
        if told not in self.refused and message is not None and not allowed_group:  # members of an owner's group: ignored
            self.refused.add(told)
            await message.reply_text(REFUSAL if private else GROUP_REFUSAL)
        if update.callback_query:
            await update.callback_query.answer()
        raise ApplicationHandlerStop

    def _allow_chat(self, chat_id: int, owner_id: int) -> None:
        with session_scope(self.engine) as session:
            allow_chat(session, owner_key(chat_id), owner_id)

    def _chat_allowed(self, chat_id: int) -> bool:
        with session_scope(self.engine) as session:
            return chat_allowed(session, owner_key(chat_id))

    def _count_refusal(self) -> None:
        with session_scope(self.engine) as session:
            count_refusal(session)

    # handlers ----------------------------------------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        assert message is not None and user is not None
        if "owner_id" not in context.user_data and context.args:  # type: ignore[operator]
            key = owner_key(user.id)
            try:
                self.pairing.check(key, utcnow())
                try:
                    customers = await asyncio.to_thread(self._pair, context.args[0], user.id, user.full_name)
                except CrmError:
                    self.pairing.failed(key, utcnow())
                    raise
            except CrmError as error:
                await message.reply_text(str(error))
                return
            joined = f" It works on the business already here ({customers:,} customers), the same as the terminal chat." if customers else ""
            await message.reply_text(f"Paired! This assistant now works for you.{joined} Tell me what happened, or type /help.")
            return
        await self.text(update, context)

    def _pair(self, code: str, user_id: int, name: str) -> int:
        """Pair the account; the number of customers of the business it joined (0 for a new one)."""
        with session_scope(self.engine) as session:
            owner = redeem(session, code, owner_key(user_id), local_defaults(), name, utcnow())
            return customer_count(session, owner.id)  # type: ignore[arg-type]

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        source = Source(CHANNEL, f"{message.chat_id}:{message.message_id}")
        reply = await asyncio.to_thread(self.dialogue.handle, context.user_data["owner_id"], message.text, source)  # type: ignore[index]
        await send(message, reply)

    async def edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.edited_message
        assert message is not None and message.text is not None
        source = Source(CHANNEL, f"{message.chat_id}:{message.message_id}")
        version = str(int(message.edit_date.timestamp())) if message.edit_date else "1"
        owner_id = context.user_data["owner_id"]  # type: ignore[index]
        reply = await asyncio.to_thread(self.dialogue.edit, owner_id, message.text, source, version)
        await send(message, reply)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer()
        source = Source(CHANNEL, button_source(query.message, query.data) if query.message else f"cb:{query.id}")
        reply = await asyncio.to_thread(self.dialogue.choose, context.user_data["owner_id"], query.data, source)  # type: ignore[index]
        if query.message is not None:
            await send(query.message, reply)

    async def contact(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.contact is not None
        card = message.contact
        name = " ".join(x for x in (card.first_name, card.last_name) if x)
        phone = card.phone_number if card.phone_number.startswith("+") else f"+{card.phone_number}"
        source = Source(CHANNEL, f"{message.chat_id}:{message.message_id}")
        reply = await asyncio.to_thread(self.dialogue.contact, context.user_data["owner_id"], name, phone, source)  # type: ignore[index]
        await send(message, reply)

    async def document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.document is not None
        data = bytes(await (await message.document.get_file()).download_as_bytearray())
        owner_id = context.user_data["owner_id"]  # type: ignore[index]
        name = message.document.file_name or "upload.csv"
        source = Source(CHANNEL, f"{message.chat_id}:{message.message_id}")
        await send(message, await asyncio.to_thread(self.dialogue.receive_file, owner_id, name, data, source))

    async def failed(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log with context (never the token) and tell the owner nothing was stored."""
        log.error("update failed: %s", context.error, exc_info=context.error)
        if isinstance(update, Update) and update.effective_message is not None:
            try:
                await update.effective_message.reply_text(storage_problem(context.error) or FAILED)  # type: ignore[arg-type]
            except TelegramError:
                log.warning("could not tell the owner about the failure")


async def on_start(application: Application) -> None:  # type: ignore[type-arg]
    """Once polling starts: the command menu, and the pushes on this event loop."""
    await register_commands(application)
    if application.bot_data["pushes_on"]:
        sender = TelegramSender(application.bot)
        application.bot_data["pushes"] = PushScheduler(application.bot_data["engine"], sender).start()


async def on_stop(application: Application) -> None:  # type: ignore[type-arg]
    if "pushes" in application.bot_data:
        application.bot_data["pushes"].shutdown(wait=False)


async def register_commands(application: Application) -> None:  # type: ignore[type-arg]
    commands = [BotCommand(name, description) for name, (_, description) in COMMANDS.items()]
    await application.bot.set_my_commands(commands)


def build_application(token: str, engine: Engine, api_root: str | None = None, pushes: bool = True) -> Application:  # type: ignore[type-arg]
    """The PTB application with all handlers; `api_root` points it at another Bot API (the emulator);
    `pushes`: run the scheduled digests and reminders in this process."""
    builder = ApplicationBuilder().token(token).post_init(on_start).post_shutdown(on_stop).rate_limiter(RetryingLimiter())
    if api_root:
        builder = builder.base_url(f"{api_root.rstrip('/')}/bot").base_file_url(f"{api_root.rstrip('/')}/file/bot")
    application = builder.build()
    application.bot_data.update(engine=engine, pushes_on=pushes)
    bot = TelegramBot(engine)
    application.add_handler(TypeHandler(Update, bot.gate), group=-1)
    application.add_handler(CommandHandler("start", bot.start))
    application.add_handler(CallbackQueryHandler(bot.button))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT, bot.edited))
    application.add_handler(MessageHandler(filters.CONTACT, bot.contact))
    application.add_handler(MessageHandler(filters.Document.ALL, bot.document))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, bot.text))
    application.add_error_handler(bot.failed)
    return application


def configured_owners(engine: Engine) -> None:
    """Pair the Telegram user ids in SOLOCRM_OWNERS (comma-separated) as owners."""
    ids = [x.strip() for x in os.environ.get("SOLOCRM_OWNERS", "").split(",") if x.strip()]
    with session_scope(engine) as session:
        for user_id in ids:
            if not user_id.lstrip("-").isdigit():
                raise CrmError(f"SOLOCRM_OWNERS holds “{user_id}”, which is not a Telegram user id.")
            pair_account(session, owner_key(int(user_id)), local_defaults(), "Owner", joinable_business(session))
