package io.korebridge.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Base of the test profiles that call Kore over HTTPS, trusting the simulator's certificate: they
 * add the {@link BridgeTestEnvironment#HTTPS_PROFILE} config profile to the tests' own.
 */
public abstract class HttpsKoreProfile implements QuarkusTestProfile {

  @Override
  public String getConfigProfile() {
    return "test," + BridgeTestEnvironment.HTTPS_PROFILE;
  }
}
