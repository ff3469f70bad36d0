package io.korebridge.event;

import java.util.List;

public record CallingHours(String frequency, String timezone, List<CallingWindow> days) {}
