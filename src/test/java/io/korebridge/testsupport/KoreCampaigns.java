package io.korebridge.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The campaigns the simulator has created, and how it misbehaves around creating them: the state
 * its create and list responders share. Thread-safe; cleared by {@link KoreSimulator#reset}.
 */
final class KoreCampaigns {

  /** A created campaign as the list shows it. */
  record Created(String id, String name, Instant createdAt, List<String> contactLists) {}

  private final List<Created> created = new ArrayList<>();
  private Duration answerLateBy = Duration.ZERO;
  private int dropConnectionAfterCreating;
  private int duplicateNameStatus;
  private int listDownStatus;

  synchronized void clear() {
    created.clear();
    answerLateBy = Duration.ZERO;
    dropConnectionAfterCreating = 0;
    duplicateNameStatus = 0;
    listDownStatus = 0;
  }

  /** Null when the name is taken and duplicates are refused (nothing is created then). */
  synchronized Created create(String id, String name, Instant at, List<String> contactLists) {
    if (duplicateNameStatus > 0 && created.stream().anyMatch(c -> c.name().equals(name))) {
      return null;
    }
    Created campaign = new Created(id, name, at, List.copyOf(contactLists));
    created.add(campaign);
    return campaign;
  }

  /** True for the next {@code n} creates set by {@link #dropConnectionAfterCreating(int)}. */
  synchronized boolean takeDrop() {
    if (dropConnectionAfterCreating > 0) {
      dropConnectionAfterCreating--;
      return true;
    }
    return false;
  }

  synchronized void dropConnectionAfterCreating(int times) {
    dropConnectionAfterCreating = times;
  }

  synchronized void answerLateBy(Duration delay) {
    answerLateBy = delay;
  }

  synchronized Duration answerLateBy() {
    return answerLateBy;
  }

  synchronized void rejectDuplicateNames(int status) {
    duplicateNameStatus = status;
  }

  synchronized int duplicateNameStatus() {
    return duplicateNameStatus;
  }

  synchronized void listDown(int status) {
    listDownStatus = status;
  }

  synchronized int listDownStatus() {
    return listDownStatus;
  }

  /** Created in [from, to] (either may be null), newest first. */
  synchronized List<Created> between(Instant from, Instant to) {
    return created.stream()
        .filter(c -> from == null || !c.createdAt().isBefore(from))
        .filter(c -> to == null || !c.createdAt().isAfter(to))
        .sorted(Comparator.comparing(Created::createdAt).reversed())
        .toList();
  }

  synchronized Map<String, Integer> countPerName() {
    Map<String, Integer> counts = new TreeMap<>();
    created.forEach(c -> counts.merge(c.name(), 1, Integer::sum));
    return counts;
  }

  synchronized List<Created> named(String name) {
    return created.stream().filter(c -> c.name().equals(name)).toList();
  }
}
