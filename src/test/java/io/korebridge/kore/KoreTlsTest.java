package io.korebridge.kore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.korebridge.testsupport.KoreSimulator;
import io.korebridge.testsupport.KoreTestConfig;
import io.korebridge.testsupport.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kore's certificate is always verified; the configured trust store decides what is trusted. */
class KoreTlsTest {

  private static SelfSignedCertificate certificate;
  private static KoreSimulator kore;

  @BeforeAll
  static void startHttpsKore() {
    certificate = SelfSignedCertificate.create();
    kore = KoreSimulator.startWithTls(certificate);
  }

  @AfterAll
  static void stop() {
    kore.close();
  }

  @Test
  void the_configured_trust_store_lets_the_call_through() throws Exception {
    Map<String, String> config = new HashMap<>();
    config.put("kore.base-url", kore.httpsBaseUrl());
    config.put("kore.tls.trust-store-path", certificate.trustStore().toString());
    config.put("kore.tls.trust-store-password", certificate.password());

    HttpResponse<String> answer = get(sslContext(config));

    assertThat(answer.statusCode()).as("the simulator answered over TLS").isEqualTo(400);
  }

  @Test
  void without_a_trust_store_a_self_signed_kore_is_refused() throws Exception {
    SSLContext jvmDefaults = sslContext(Map.of("kore.base-url", kore.httpsBaseUrl()));

    assertThatThrownBy(() -> get(jvmDefaults)).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void a_missing_trust_store_file_stops_start_up() {
    Map<String, String> config = new HashMap<>();
    config.put("kore.base-url", kore.httpsBaseUrl());
    config.put("kore.tls.trust-store-path", "/no/such/truststore.p12");

    assertThatThrownBy(() -> sslContext(config)).hasMessageContaining("kore.tls.trust-store-path");
  }

  private static SSLContext sslContext(Map<String, String> config) throws Exception {
    try (DefaultCamelContext camel = new DefaultCamelContext()) {
      return new KoreTls().koreSslContext(KoreTestConfig.kore(config)).createSSLContext(camel);
    }
  }

  private static HttpResponse<String> get(SSLContext ssl) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
    return client.send(
        HttpRequest.newBuilder(URI.create(kore.httpsBaseUrl() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
