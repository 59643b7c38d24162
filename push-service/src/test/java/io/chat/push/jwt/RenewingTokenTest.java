package io.chat.push.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A renewing token")
class RenewingTokenTest {

  /** Issues "t1", "t2", ... when the test completes the promise it hands out. */
  private static final class Issuer {
    private final List<Promise<RenewingToken.Issued>> issues = new ArrayList<>();
    private long validMillis = 60_000;

    Future<RenewingToken.Issued> issue() {
      Promise<RenewingToken.Issued> issue = Promise.promise();
      issues.add(issue);
      return issue.future();
    }

    void completeLast() {
      issues.get(issues.size() - 1).complete(new RenewingToken.Issued("t" + issues.size(),
          System.currentTimeMillis() + validMillis));
    }
  }

  @Test
  @DisplayName("is issued once for every caller that asks meanwhile, then reused until it is due")
  void sharedAndReused() {
    Issuer issuer = new Issuer();
    RenewingToken token = new RenewingToken(issuer::issue);
    Future<String> first = token.get();
    Future<String> second = token.get();
    issuer.completeLast();
    Future<String> later = token.get();
    assertEquals(1, issuer.issues.size());
    assertEquals(List.of("t1", "t1", "t1"), List.of(first.result(), second.result(), later.result()));
  }

  @Test
  @DisplayName("is issued anew once it is due")
  void renewed() {
    Issuer issuer = new Issuer();
    issuer.validMillis = -1;
    RenewingToken token = new RenewingToken(issuer::issue);
    token.get();
    issuer.completeLast();
    Future<String> next = token.get();
    issuer.completeLast();
    assertEquals(2, issuer.issues.size());
    assertEquals("t2", next.result());
  }

  @Test
  @DisplayName("is issued anew after the provider refused it, but not for a refusal of an older one")
  void refused() {
    Issuer issuer = new Issuer();
    RenewingToken token = new RenewingToken(issuer::issue);
    token.get();
    issuer.completeLast();
    token.refused("t1");
    token.get();
    issuer.completeLast();
    token.refused("t1");
    assertEquals("t2", token.get().result());
    assertEquals(2, issuer.issues.size());
  }

  @Test
  @DisplayName("keeps no failed issue: the next caller gets another try")
  void failedIssue() {
    Issuer issuer = new Issuer();
    RenewingToken token = new RenewingToken(issuer::issue);
    Future<String> failed = token.get();
    issuer.issues.get(0).fail("token endpoint down");
    Future<String> retried = token.get();
    issuer.completeLast();
    assertTrue(failed.failed());
    assertEquals("t2", retried.result());
  }
}
