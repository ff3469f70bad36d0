package io.korebridge.outcome;

/** One Kafka header of the request, kept in the dead letter so a replay can restore it. */
public record OriginalHeader(String name, String valueBase64) {}
