"""The messaging channels against the running assistant: each platform's real webhook format,
signed as the platform signs it, in; the reply the connector sends to the platform's API (a local
stand-in), out. Unsigned or wrongly signed requests are refused and change nothing."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from base64 import b64encode
from itertools import count

import pytest
from twilio.request_validator import RequestValidator

from channels.formatting import platform
from channels.signatures import hub_signature
from tests.handoff.fakes import PlatformApi

from .conftest import CHANNELS
from .servers import Assistant
from .test_conversations import WORKER_EN_FRENCH

_ids = count(1)


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    req = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def events_of(assistant: Assistant, conversation: str) -> list[dict]:
    return [e for e in assistant.tracker(conversation)["events"] if e["event"] == "user"]


# --- WhatsApp through Twilio ---------------------------------------------------------------------


def whatsapp(
    assistant: Assistant, phone: str, text: str, signature: str | None = "sign", message_sid: str | None = None
) -> int:
    url = f"{assistant.url}/webhooks/whatsapp/webhook"
    form = {
        "SmsMessageSid": "SM1",
        "NumMedia": "0",
        "ProfileName": "Ana",
        "SmsStatus": "received",
        "Body": text,
        "To": CHANNELS["TWILIO_WHATSAPP_NUMBER"],
        "NumSegments": "1",
        "MessageSid": message_sid or f"SM{next(_ids):032d}",
        "AccountSid": CHANNELS["TWILIO_ACCOUNT_SID"],
        "From": f"whatsapp:{phone}",
        "ApiVersion": "2010-04-01",
        "WaId": phone.lstrip("+"),
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature == "sign":
        headers["X-Twilio-Signature"] = RequestValidator(CHANNELS["TWILIO_AUTH_TOKEN"]).compute_signature(url, form)
    elif signature:
        headers["X-Twilio-Signature"] = signature
    status, _ = post(url, urllib.parse.urlencode(form).encode(), headers)
    return status


def twilio_bodies(platforms: PlatformApi, since: int, phone: str) -> list[str]:
    calls = platforms.since(since, f"/Accounts/{CHANNELS['TWILIO_ACCOUNT_SID']}/Messages.json")
    assert all(
        c.form["To"] == f"whatsapp:{phone}" and c.form["From"] == CHANNELS["TWILIO_WHATSAPP_NUMBER"] for c in calls
    )
    expected = (
        "Basic " + b64encode(f"{CHANNELS['TWILIO_ACCOUNT_SID']}:{CHANNELS['TWILIO_AUTH_TOKEN']}".encode()).decode()
    )
    assert all(c.headers.get("Authorization") == expected for c in calls)
    return [c.form["Body"] for c in calls]


def test_whatsapp_conversation_to_a_suggestion_with_numbered_choices(
    assistant: Assistant, platforms: PlatformApi
) -> None:
    phone = "+15145550101"
    before = len(platforms.calls)
    assert whatsapp(assistant, phone, "Hello") == 200
    first = twilio_bodies(platforms, before, phone)
    assert any("\n1. I want to work in Canada\n2. I'm an employer" in body for body in first), first

    mark = len(platforms.calls)
    assert whatsapp(assistant, phone, "1") == 200  # the first numbered choice
    assert assistant.slots(f"whatsapp:{phone}")["audience"] == "worker"
    assert any("citizenship" in body.lower() for body in twilio_bodies(platforms, mark, phone))

    for _ in range(20):
        slots = assistant.slots(f"whatsapp:{phone}")
        if slots.get("suggested_routes") is not None and slots.get("requested_slot") is None:
            break
        assert whatsapp(assistant, phone, WORKER_EN_FRENCH[slots["requested_slot"]]) == 200
    assert "iec_working_holiday" in assistant.slots(f"whatsapp:{phone}")["suggested_routes"]
    everything = twilio_bodies(platforms, before, phone)
    limit = platform("whatsapp").max_text
    assert all(0 < len(body) <= limit for body in everything)


def test_whatsapp_refuses_unsigned_and_wrongly_signed_requests(assistant: Assistant, platforms: PlatformApi) -> None:
    phone = "+15145550102"
    before = len(platforms.calls)
    assert whatsapp(assistant, phone, "Hello", signature=None) == 403
    assert whatsapp(assistant, phone, "Hello", signature="bm90IGEgc2lnbmF0dXJl") == 403
    assert twilio_bodies(platforms, before, phone) == []
    assert events_of(assistant, f"whatsapp:{phone}") == []


def test_whatsapp_handles_a_redelivered_message_once(assistant: Assistant, platforms: PlatformApi) -> None:
    phone = "+15145550103"
    assert whatsapp(assistant, phone, "Hello", message_sid="SMsame") == 200
    assert whatsapp(assistant, phone, "Hello", message_sid="SMsame") == 200
    assert len(events_of(assistant, f"whatsapp:{phone}")) == 1


# --- Telegram ------------------------------------------------------------------------------------


def telegram(assistant: Assistant, update: dict, secret: str | None = CHANNELS["TELEGRAM_SECRET_TOKEN"]) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return post(f"{assistant.url}/webhooks/telegram/webhook", json.dumps(update).encode(), headers)[0]


def telegram_message(chat: int, text: str, language: str = "fr") -> dict:
    person = {"id": chat, "is_bot": False, "first_name": "Ana", "language_code": language}
    return {
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids),
            "from": person,
            "date": 1764072000,
            "chat": {"id": chat, "first_name": "Ana", "type": "private"},
            "text": text,
        },
    }


def bot_api(platforms: PlatformApi, since: int, method: str) -> list[dict]:
    return [c.json for c in platforms.since(since, f"/bot{CHANNELS['TELEGRAM_BOT_TOKEN']}/{method}")]


def test_telegram_start_in_french_then_a_button_press(assistant: Assistant, platforms: PlatformApi) -> None:
    chat = 700001
    before = len(platforms.calls)
    assert telegram(assistant, telegram_message(chat, "/start")) == 200
    sent = bot_api(platforms, before, "sendMessage")
    assert sent and all(m["chat_id"] == str(chat) for m in sent)
    question = next(m for m in sent if "reply_markup" in m)
    keyboard = [row[0] for row in question["reply_markup"]["inline_keyboard"]]
    assert [b["text"] for b in keyboard] == ["Je veux travailler au Canada", "Je suis employeur"]
    assert assistant.slots(f"telegram:{chat}")["language"] == "fr"

    mark = len(platforms.calls)
    press = {
        "update_id": next(_ids),
        "callback_query": {
            "id": "cb-1",
            "from": {"id": chat, "is_bot": False, "first_name": "Ana"},
            "chat_instance": "1",
            "data": keyboard[1]["callback_data"],
            "message": question | {"message_id": 9, "date": 1764072000, "chat": {"id": chat, "type": "private"}},
        },
    }
    assert telegram(assistant, press) == 200
    assert bot_api(platforms, mark, "answerCallbackQuery") == [{"callback_query_id": "cb-1"}]
    assert assistant.slots(f"telegram:{chat}")["audience"] == "employer"
    assert all(len(m["text"]) <= platform("telegram").max_text for m in bot_api(platforms, before, "sendMessage"))


def test_telegram_refuses_updates_without_the_secret_token(assistant: Assistant, platforms: PlatformApi) -> None:
    chat = 700002
    before = len(platforms.calls)
    assert telegram(assistant, telegram_message(chat, "Bonjour"), secret=None) == 403
    assert telegram(assistant, telegram_message(chat, "Bonjour"), secret="guess") == 403
    assert bot_api(platforms, before, "sendMessage") == []
    assert events_of(assistant, f"telegram:{chat}") == []


def test_telegram_malformed_update_is_a_client_error(assistant: Assistant) -> None:
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": CHANNELS["TELEGRAM_SECRET_TOKEN"]}
    assert post(f"{assistant.url}/webhooks/telegram/webhook", b"{not json", headers)[0] == 400


# --- Facebook Messenger --------------------------------------------------------------------------


def messenger(assistant: Assistant, event: dict, sign: bool = True, header: str = "X-Hub-Signature-256") -> int:
    body = json.dumps(
        {"object": "page", "entry": [{"id": "page-1", "time": 1764072000000, "messaging": [event]}]}
    ).encode()
    headers = {"Content-Type": "application/json"}
    if sign:
        signature = hub_signature(CHANNELS["MESSENGER_APP_SECRET"], body)
        headers[header] = signature if header.endswith("256") else signature.replace("sha256", "sha1")
    return post(f"{assistant.url}/webhooks/messenger/webhook", body, headers)[0]


def messenger_text(psid: str, text: str, quick_reply: str | None = None) -> dict:
    message: dict = {"mid": f"m_{next(_ids)}", "text": text}
    if quick_reply:
        message["quick_reply"] = {"payload": quick_reply}
    return {"sender": {"id": psid}, "recipient": {"id": "page-1"}, "timestamp": 1764072000000, "message": message}


def send_api(platforms: PlatformApi, since: int, psid: str) -> list[dict]:
    calls = platforms.since(since, "/me/messages")
    assert all(c.headers.get("Authorization") == f"Bearer {CHANNELS['MESSENGER_PAGE_ACCESS_TOKEN']}" for c in calls)
    return [c.json["message"] for c in calls if c.json["recipient"]["id"] == psid]


def test_messenger_verification_handshake(assistant: Assistant) -> None:
    url = f"{assistant.url}/webhooks/messenger/webhook?hub.mode=subscribe&hub.challenge=4242&hub.verify_token="
    assert get(url + CHANNELS["MESSENGER_VERIFY_TOKEN"]) == (200, "4242")
    assert get(url + "wrong")[0] == 403


def test_messenger_quick_replies_carry_the_conversation(assistant: Assistant, platforms: PlatformApi) -> None:
    psid = "6100000000000001"
    before = len(platforms.calls)
    assert messenger(assistant, messenger_text(psid, "Hello there")) == 200
    question = next(m for m in send_api(platforms, before, psid) if "quick_replies" in m)
    # Quick reply titles hold 20 characters: the choices are numbered in the text, the replies are numbers.
    assert "1. I want to work in Canada\n2. I'm an employer" in question["text"]
    assert [q["title"] for q in question["quick_replies"]] == ["1", "2"]

    mark = len(platforms.calls)
    chosen = question["quick_replies"][0]
    assert messenger(assistant, messenger_text(psid, chosen["title"], quick_reply=chosen["payload"])) == 200
    assert assistant.slots(f"messenger:{psid}")["audience"] == "worker"
    assert any("citizenship" in m["text"].lower() for m in send_api(platforms, mark, psid))
    mark = len(platforms.calls)
    assert messenger(assistant, messenger_text(psid, "I'm Irish and 27")) == 200  # typed, several facts
    assert assistant.slots(f"messenger:{psid}")["age"] == 27
    assert any("job offer" in m["text"].lower() for m in send_api(platforms, mark, psid))
    assert all(len(m["text"]) <= platform("messenger").max_text for m in send_api(platforms, before, psid))


@pytest.mark.parametrize("how", ["unsigned", "sha1 header only", "tampered"])
def test_messenger_refuses_requests_not_signed_with_sha256(
    assistant: Assistant, platforms: PlatformApi, how: str
) -> None:
    psid = f"61000000000000{len(how):02d}"
    before = len(platforms.calls)
    if how == "tampered":
        body = json.dumps({"object": "page", "entry": [{"messaging": [messenger_text(psid, "Hello")]}]}).encode()
        signature = hub_signature(CHANNELS["MESSENGER_APP_SECRET"], body + b" ")
        status = post(
            f"{assistant.url}/webhooks/messenger/webhook",
            body,
            {"Content-Type": "application/json", "X-Hub-Signature-256": signature},
        )[0]
    else:
        status = messenger(assistant, messenger_text(psid, "Hello"), sign=how != "unsigned", header="X-Hub-Signature")
    assert status == 403
    assert send_api(platforms, before, psid) == []
    assert events_of(assistant, f"messenger:{psid}") == []
