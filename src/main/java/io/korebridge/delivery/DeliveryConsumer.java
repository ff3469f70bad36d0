package io.korebridge.delivery;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The requests consumer as Camel sees it, with the delivery engine's work on its own thread: before
 * each poll the engine commits, pauses and resumes; rebalance callbacks and close reach the engine
 * first. A dynamic proxy, because Camel creates and drives the consumer and only lets us choose
 * which {@link Consumer} it gets; the other fifty methods pass straight through.
 */
final class DeliveryConsumer implements InvocationHandler {

  private static final Logger LOG = Logger.getLogger(DeliveryConsumer.class);

  private final Consumer<?, ?> delegate;
  private final DeliveryEngine engine;
  private final Runnable afterClose;

  private DeliveryConsumer(Consumer<?, ?> delegate, DeliveryEngine engine, Runnable afterClose) {
    this.delegate = delegate;
    this.engine = engine;
    this.afterClose = afterClose;
  }

  @SuppressWarnings("rawtypes")
  static Consumer wrap(Consumer<?, ?> delegate, DeliveryEngine engine, Runnable afterClose) {
    return (Consumer)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            new DeliveryConsumer(delegate, engine, afterClose));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "poll" -> guarded("before poll", () -> engine.beforePoll(delegate));
      case "subscribe" -> {
        if (args.length == 2 && args[1] instanceof ConsumerRebalanceListener camels) {
          args = new Object[] {args[0], new Listener(camels)};
        } else if (args.length == 1 && !(args[0] instanceof ConsumerRebalanceListener)) {
          return call(method(method, args[0]), new Object[] {args[0], new Listener(null)});
        }
      }
      case "close" -> guarded("closing", () -> engine.closing(delegate));
      case "toString" -> {
        return "DeliveryConsumer[" + delegate + "]";
      }
      default -> {}
    }
    try {
      return call(method, args);
    } finally {
      if ("close".equals(method.getName())) {
        afterClose.run();
      }
    }
  }

  private Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Method method(Method subscribe, Object topics) throws NoSuchMethodException {
    Class<?> type = topics instanceof Pattern ? Pattern.class : Collection.class;
    return Consumer.class.getMethod(subscribe.getName(), type, ConsumerRebalanceListener.class);
  }

  /** Never lets the engine's own failure escape into Camel's poll loop (CAMEL-23994 path). */
  private static void guarded(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.errorf(e, "Delivery engine failed %s; consumption goes on", what);
    }
  }

  /** The engine hears of revocations before Camel and of assignments after it. */
  private final class Listener implements ConsumerRebalanceListener {
    private final ConsumerRebalanceListener camels;

    private Listener(ConsumerRebalanceListener camels) {
      this.camels = camels;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      guarded("on revocation", () -> engine.revoked(delegate, partitions));
      if (camels != null) {
        camels.onPartitionsRevoked(partitions);
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (camels != null) {
        camels.onPartitionsAssigned(partitions);
      }
      guarded("on assignment", () -> engine.assigned(delegate, partitions));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      guarded("on loss", () -> engine.lost(delegate, partitions));
      if (camels != null) {
        camels.onPartitionsLost(partitions);
      }
    }
  }
}
