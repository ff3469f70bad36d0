package io.korebridge.kore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

/** Only Kore's own headers leave for Kore, and only the response headers we read come back. */
@ApplicationScoped
@Named("koreHeaderFilter")
public class KoreHeaderFilter extends DefaultHeaderFilterStrategy {

  public KoreHeaderFilter() {
    setOutFilter(
        Set.of(
            KoreCallHeaders.AUTH,
            KoreCallHeaders.ACCOUNT_ID,
            KoreCallHeaders.IID,
            Exchange.CONTENT_TYPE,
            "traceparent",
            "tracestate"));
    setInFilter(Set.of(KoreResponses.RETRY_AFTER, Exchange.CONTENT_TYPE));
    setFilterOnMatch(false);
    setCaseInsensitive(true);
  }
}
