package io.korebridge.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A certificate for {@code localhost}, made at test time with the JDK's keytool: a key store for
 * the simulator's HTTPS side and a trust store holding only its certificate, for the bridge.
 */
public record SelfSignedCertificate(Path keyStore, Path trustStore, String password) {

  public static final String TYPE = "PKCS12";
  private static final String ALIAS = "kore-simulator";

  public static SelfSignedCertificate create() {
    try {
      Path dir = Files.createTempDirectory("kore-simulator-tls");
      String password = UUID.randomUUID().toString();
      Path keyStore = dir.resolve("simulator.p12");
      Path certificate = dir.resolve("simulator.cer");
      Path trustStore = dir.resolve("truststore.p12");
      keytool(
          "-genkeypair",
          "-alias",
          ALIAS,
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-validity",
          "2",
          "-dname",
          "CN=localhost",
          "-ext",
          "SAN=dns:localhost,ip:127.0.0.1",
          "-storetype",
          TYPE,
          "-keystore",
          keyStore.toString(),
          "-storepass",
          password,
          "-keypass",
          password);
      keytool(
          "-exportcert",
          "-alias",
          ALIAS,
          "-keystore",
          keyStore.toString(),
          "-storepass",
          password,
          "-file",
          certificate.toString());
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          ALIAS,
          "-file",
          certificate.toString(),
          "-storetype",
          TYPE,
          "-keystore",
          trustStore.toString(),
          "-storepass",
          password);
      return new SelfSignedCertificate(keyStore, trustStore, password);
    } catch (IOException e) {
      throw new IllegalStateException("could not create a test certificate", e);
    }
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
