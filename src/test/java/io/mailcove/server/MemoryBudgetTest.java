package io.mailcove.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
  @Test
  void refusesAReservationOverTheLimitAndReservesNothingThen() {
    MemoryBudget b = new MemoryBudget(1000);
    assertThat(b.tryReserve(600)).isTrue();
    assertThat(b.tryReserve(500)).isFalse();
    assertThat(b.used()).isEqualTo(600);
    assertThat(b.tryReserve(400)).isTrue();
    assertThat(b.used()).isEqualTo(1000);
    b.release(1000);
    assertThat(b.used()).isZero();
  }

  @Test
  void underPressurePastThreeQuarters() {
    MemoryBudget b = new MemoryBudget(1000);
    assertThat(b.tryReserve(750)).isTrue();
    assertThat(b.underPressure()).isFalse();
    assertThat(b.tryReserve(1)).isTrue();
    assertThat(b.underPressure()).isTrue();
  }

  @Test
  void refusesNegativeAmounts() {
    MemoryBudget b = new MemoryBudget(10);
    assertThatThrownBy(() -> b.tryReserve(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.release(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
