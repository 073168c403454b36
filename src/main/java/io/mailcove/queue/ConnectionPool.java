package io.mailcove.queue;

import io.mailcove.smtp.client.SmtpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idle SMTP sessions kept open per destination (relay or MX address, TLS mode, user) so the next message to the
 * same place skips connect, EHLO, TLS and AUTH. A session idle longer than {@code keepIdle} is closed with QUIT.
 */
final class ConnectionPool {
  private record Idle(SmtpClient client, long since) {}

  private final Map<String, Deque<Idle>> idle = new ConcurrentHashMap<>();
  private final long keepIdleNanos;
  private final int maxIdlePerKey;

  ConnectionPool(Duration keepIdle, int maxIdlePerKey) {
    this.keepIdleNanos = keepIdle.toNanos();
    this.maxIdlePerKey = maxIdlePerKey;
  }

  /** An open session for the key, or null. */
  SmtpClient take(String key) {
    Deque<Idle> q = idle.get(key);
    if (q == null) {
      return null;
    }
    while (true) {
      Idle i;
      synchronized (q) {
        i = q.pollLast();
      }
      if (i == null) {
        return null;
      }
      if (i.client().isOpen() && System.nanoTime() - i.since() < keepIdleNanos) {
        return i.client();
      }
      i.client().quit();
    }
  }

  void give(String key, SmtpClient client) {
    if (keepIdleNanos <= 0 || !client.isOpen()) {
      client.quit();
      return;
    }
    Deque<Idle> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (q) {
      if (q.size() < maxIdlePerKey) {
        q.addLast(new Idle(client, System.nanoTime()));
        return;
      }
    }
    client.quit();
  }

  /** Closes sessions idle for too long. */
  void reap() {
    long now = System.nanoTime();
    for (Deque<Idle> q : idle.values()) {
      java.util.List<SmtpClient> expired = new java.util.ArrayList<>();
      synchronized (q) {
        for (Iterator<Idle> it = q.iterator(); it.hasNext(); ) {
          Idle i = it.next();
          if (now - i.since() >= keepIdleNanos || !i.client().isOpen()) {
            it.remove();
            expired.add(i.client());
          }
        }
      }
      expired.forEach(SmtpClient::quit);
    }
  }

  void closeAll() {
    for (Deque<Idle> q : idle.values()) {
      java.util.List<SmtpClient> all = new java.util.ArrayList<>();
      synchronized (q) {
        q.forEach(i -> all.add(i.client()));
        q.clear();
      }
      all.forEach(SmtpClient::quit);
    }
  }
}
