package dev.vernier.monitor.delivery;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.InvalidInputException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13: which addresses a webhook may not resolve to without allowPrivate. */
class WebhookAddressesTest {
  @Test
  void loopbackPrivateLinkLocalUniqueLocalAndUnspecifiedAreNotPublic() throws Exception {
    for (String a :
        List.of(
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "100.64.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "fc00::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1")) {
      assertTrue(WebhookAddresses.isPrivate(InetAddress.getByName(a)), a);
    }
    for (String a :
        List.of(
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "172.15.255.255",
            "100.128.0.1",
            "2001:4860::8888")) {
      assertFalse(WebhookAddresses.isPrivate(InetAddress.getByName(a)), a);
    }
  }

  @Test
  void registrationRefusesAPrivateAddressUnlessAllowPrivateIsGiven() {
    for (String url :
        List.of(
            "http://127.0.0.1:9/hook",
            "http://localhost/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:8080/x",
            "https://10.0.0.7/hook")) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> WebhookAddresses.checkRegistration("$.url", url, false),
              url);
      assertEquals("$.url", e.field());
      assertEquals(url, e.value());
      assertTrue(e.rule().contains("\"allowPrivate\": true"), e.rule());
      assertDoesNotThrow(() -> WebhookAddresses.checkRegistration("$.url", url, true));
    }
    assertDoesNotThrow(
        () -> WebhookAddresses.checkRegistration("$.url", "https://8.8.8.8/hook", false));
  }
}
