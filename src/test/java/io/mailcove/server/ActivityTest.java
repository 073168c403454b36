package io.mailcove.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The load signals background work yields to: time since the last client line, idle processor capacity. */
class ActivityTest {
  @Test
  void quietTimeRestartsAtEveryTouch() throws Exception {
    Activity a = new Activity();
    Thread.sleep(30);
    assertThat(a.quietNanos()).isGreaterThanOrEqualTo(30_000_000L);
    a.touch();
    assertThat(a.quietNanos()).isLessThan(30_000_000L);
  }

  @Test
  void spareCoresIsWithinTheMachine() throws Exception {
    double spare = new Activity().spareCores(50);
    assertThat(spare).isBetween(0.0, (double) Runtime.getRuntime().availableProcessors());
  }
}
