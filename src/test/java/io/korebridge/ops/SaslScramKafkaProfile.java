package io.korebridge.ops;

import io.korebridge.testsupport.SaslScramKafkaResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The bridge against a broker that requires SASL/SCRAM and ACLs, and that a test can stop. */
public class SaslScramKafkaProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(SaslScramKafkaResource.class));
  }
}
