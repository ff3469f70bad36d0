package io.korebridge.contract;

/** One day's sending window; times as the CRM wrote them ("09:00", "9:00 AM", ...). */
public record CallingWindow(String day, String start, String end) {}
