"""Messaging channels (WhatsApp through Twilio, Telegram, Facebook Messenger): Rasa input channels
that verify each platform's signature, and output channels that fit replies to each platform."""
