from __future__ import annotations

from twilio.request_validator import RequestValidator

from channels.signatures import hub_signature, hub_signed, telegram_signed, twilio_signed

URL = "https://firm.example/webhooks/whatsapp/webhook"
FORM = {"From": "whatsapp:+15145550101", "Body": "Hello", "MessageSid": "SM1"}


def test_twilio_signature_over_url_and_form() -> None:
    signature = RequestValidator("token").compute_signature(URL, FORM)
    assert twilio_signed("token", URL, FORM, signature)
    assert not twilio_signed("other-token", URL, FORM, signature)
    assert not twilio_signed("token", URL, {**FORM, "Body": "Goodbye"}, signature)
    assert not twilio_signed("token", URL + "?x=1", FORM, signature)
    assert not twilio_signed("token", URL, FORM, None)
    assert not twilio_signed("", URL, FORM, signature)


def test_meta_sha256_signature_over_the_raw_body() -> None:
    body = b'{"object":"page"}'
    assert hub_signed("secret", body, hub_signature("secret", body))
    assert not hub_signed("secret", body + b" ", hub_signature("secret", body))
    assert not hub_signed("other", body, hub_signature("secret", body))
    assert not hub_signed("secret", body, hub_signature("secret", body).replace("sha256=", "sha1="))
    assert not hub_signed("secret", body, None)
    assert not hub_signed("", body, hub_signature("", body))


def test_telegram_secret_token() -> None:
    assert telegram_signed("s3cret", "s3cret")
    assert not telegram_signed("s3cret", "s3cre")
    assert not telegram_signed("s3cret", None)
    assert not telegram_signed("", "")
