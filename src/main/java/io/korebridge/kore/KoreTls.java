package io.korebridge.kore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * TLS for the calls to Kore. Certificates are always verified: against the JVM's trusted CAs, or
 * against the trust store in {@code kore.tls.trust-store-path}. There is deliberately no switch
 * that trusts everything.
 */
@ApplicationScoped
public class KoreTls {

  @Produces
  @Singleton
  @Named("koreSslContext")
  SSLContextParameters koreSslContext(KoreConfig config) {
    SSLContextParameters parameters = new SSLContextParameters();
    config
        .tls()
        .trustStorePath()
        .ifPresent(
            path -> {
              if (!Files.isReadable(Path.of(path))) {
                throw new IllegalStateException(
                    "kore.tls.trust-store-path " + path + " is not a readable file");
              }
              KeyStoreParameters store = new KeyStoreParameters();
              store.setResource("file:" + path);
              store.setType(config.tls().trustStoreType());
              config.tls().trustStorePassword().ifPresent(store::setPassword);
              TrustManagersParameters trust = new TrustManagersParameters();
              trust.setKeyStore(store);
              parameters.setTrustManagers(trust);
            });
    return parameters;
  }
}
