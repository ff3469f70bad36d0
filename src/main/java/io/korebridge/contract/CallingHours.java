package io.korebridge.contract;

import java.util.List;

public record CallingHours(String frequency, String timezone, List<CallingWindow> days) {}
