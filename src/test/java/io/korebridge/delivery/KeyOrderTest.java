package io.korebridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

  private final KeyOrder<String> order = new KeyOrder<>();

  @Test
  void records_with_one_key_start_one_after_the_other_in_arrival_order() {
    KeyOrder.Key key = key("acme");
    assertThat(order.arrive(key, "first")).isTrue();
    assertThat(order.arrive(key, "second")).isFalse();
    assertThat(order.arrive(key, "third")).isFalse();
    assertThat(order.finished(key)).isEqualTo("second");
    assertThat(order.finished(key)).isEqualTo("third");
    assertThat(order.finished(key)).isNull();
    assertThat(order.size()).isZero();
  }

  @Test
  void records_with_other_keys_or_none_wait_for_nobody() {
    assertThat(order.arrive(key("a"), "a1")).isTrue();
    assertThat(order.arrive(key("b"), "b1")).isTrue();
    assertThat(order.arrive(null, "n1")).isTrue();
    assertThat(order.arrive(null, "n2")).isTrue();
  }

  @Test
  void the_same_key_on_another_partition_is_another_key() {
    assertThat(order.arrive(KeyOrder.Key.of("t", 0, bytes("k")), "p0")).isTrue();
    assertThat(order.arrive(KeyOrder.Key.of("t", 1, bytes("k")), "p1")).isTrue();
  }

  @Test
  void forgetting_a_partition_drops_its_waiting_records() {
    KeyOrder.Key key = key("acme");
    order.arrive(key, "first");
    order.arrive(key, "second");
    order.forget("t", 0);
    assertThat(order.arrive(key, "after")).isTrue();
  }

  private static KeyOrder.Key key(String key) {
    return KeyOrder.Key.of("t", 0, bytes(key));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
