package io.korebridge.kore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KoreAuthTokenTest {

  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

  @Test
  void the_token_prints_as_a_placeholder_also_inside_a_header_map() {
    KoreAuthToken auth = new KoreAuthToken(TOKEN);

    assertThat(auth.toString()).doesNotContain(TOKEN).isEqualTo(KoreAuthToken.HIDDEN);
    assertThat(Map.of("auth", auth).toString()).doesNotContain(TOKEN);
  }

  @Test
  void the_type_converter_gives_the_http_call_the_token_itself() {
    assertThat(KoreAuthToken.toHeaderValue(new KoreAuthToken(TOKEN))).isEqualTo(TOKEN);
  }
}
