package dev.vernier.monitor.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of every {@link DeliveryRepository}. */
public abstract class DeliveryRepositoryContract extends RepositoryContract {
  static final String TOPIC = "kafka:alerts";
  static final String HOOK = "https://hooks.example.com/vernier";

  DeliveryRepository deliveries() {
    return repos.deliveries();
  }

  @Test
  void registeringAUrlAgainReplacesItsSecretAndKeepsItsId() {
    Webhook a = deliveries().addWebhook(new Webhook("wh-1", HOOK, "s1", false, 10));
    deliveries().addWebhook(new Webhook("wh-2", "https://b.example.com/", null, true, 20));
    Webhook again = deliveries().addWebhook(new Webhook("wh-3", HOOK, "s2", true, 30));
    assertEquals("wh-1", again.id());
    assertEquals("s2", again.secret());
    assertTrue(again.allowPrivate());
    assertEquals(a.createdAt(), again.createdAt());
    assertEquals(
        List.of("wh-1", "wh-2"), deliveries().webhooks().stream().map(Webhook::id).toList());
    assertTrue(deliveries().removeWebhook(HOOK));
    assertFalse(deliveries().removeWebhook(HOOK));
    assertEquals(List.of("wh-2"), deliveries().webhooks().stream().map(Webhook::id).toList());
  }

  @Test
  void eachAlertIsPendingForEachTargetUntilDeliveredOrFailed() {
    ingest(100, 1_100);
    long first =
        close(0, 10_000, 0, List.of(alert("drift", false)), List.of(TOPIC, HOOK)).alertIds().get(0);
    long second =
        close(1_000, 11_000, 0, List.of(alert("drift", false)), List.of(HOOK)).alertIds().get(0);
    List<DeliveryRepository.Delivery> pending = deliveries().pendingDeliveries();
    assertEquals(3, pending.size());
    assertTrue(
        pending.stream().allMatch(d -> d.status() == DeliveryStatus.PENDING && d.attempts() == 0));
    assertEquals(List.of(first, first, second), pending.stream().map(d -> d.alertId()).toList());

    deliveries().recordDelivery(first, HOOK, DeliveryStatus.PENDING, 1, "HTTP 503", 12_000);
    deliveries().recordDelivery(first, TOPIC, DeliveryStatus.DELIVERED, 1, null, 12_001);
    deliveries().recordDelivery(second, HOOK, DeliveryStatus.FAILED, 5, "HTTP 410", 12_002);
    List<DeliveryRepository.Delivery> left = deliveries().pendingDeliveries();
    assertEquals(
        List.of(new DeliveryRepository.Delivery(first, HOOK, DeliveryStatus.PENDING, 1)), left);

    List<DeliveryRepository.DeliveryRecord> all = deliveries().deliveries(List.of(second, first));
    assertEquals(
        List.of(
            new DeliveryRepository.DeliveryRecord(
                first, HOOK, DeliveryStatus.PENDING, 1, "HTTP 503", 12_000),
            new DeliveryRepository.DeliveryRecord(
                first, TOPIC, DeliveryStatus.DELIVERED, 1, null, 12_001),
            new DeliveryRepository.DeliveryRecord(
                second, HOOK, DeliveryStatus.FAILED, 5, "HTTP 410", 12_002)),
        all,
        "by alert, then target");
    assertTrue(deliveries().deliveries(List.of()).isEmpty());
    assertNull(all.get(1).lastError());
  }

  @Test
  void oneOfTwoReplicasClaimsEachAttempt() throws Exception {
    ingest(100);
    long alert =
        close(0, 10_000, 0, List.of(alert("drift", false)), List.of(HOOK)).alertIds().get(0);
    Repositories other = repos.another().get();
    try {
      int claimed = 0;
      for (DeliveryRepository r : List.of(deliveries(), other.deliveries())) {
        claimed += r.claimAttempt(alert, HOOK, 0, 12_000, Long.MAX_VALUE, 0) ? 1 : 0;
      }
      assertEquals(1, claimed, "the first attempt is claimed once");
      DeliveryRepository.DeliveryRecord d = deliveries().deliveries(List.of(alert)).get(0);
      assertEquals(1, d.attempts());
      assertEquals(DeliveryRepository.IN_FLIGHT, d.lastError());
      assertFalse(
          other.deliveries().claimAttempt(alert, HOOK, 1, 13_000, 13_000, 0),
          "not while the attempt is in flight");
      assertTrue(
          other.deliveries().claimAttempt(alert, HOOK, 1, 200_000, 200_000, 150_000),
          "its claimer died: taken over after the in-flight time");
      deliveries().recordDelivery(alert, HOOK, DeliveryStatus.PENDING, 2, "HTTP 503", 201_000);
      assertFalse(
          deliveries().claimAttempt(alert, HOOK, 2, 202_000, 200_999, 0), "before its backoff");
      assertFalse(deliveries().claimAttempt(alert, HOOK, 1, 205_000, 205_000, 0), "a stale count");
      assertTrue(deliveries().claimAttempt(alert, HOOK, 2, 205_000, 203_000, 0));
      deliveries().recordDelivery(alert, HOOK, DeliveryStatus.DELIVERED, 3, null, 205_500);
      assertFalse(
          other.deliveries().claimAttempt(alert, HOOK, 3, 300_000, 300_000, 300_000),
          "delivered: nothing to claim");
    } finally {
      other.closer().close();
    }
  }
}
