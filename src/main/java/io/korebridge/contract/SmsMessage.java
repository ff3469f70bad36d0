package io.korebridge.contract;

/** The plain-text message of a simple-format campaign; the mapper Base64-encodes it for Kore. */
public record SmsMessage(String text, String templateId) {}
