package io.mailcove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Webhooks and their pending deliveries. A webhook belongs to one account, or to the administrators (account id
 * null: the events of every account). A delivery is kept until {@link #delivered} or {@link #abandon}; the
 * worker that sends them asks for the {@link #due} ones, so a restart loses none.
 */
public interface WebhookRecords {
  /** One webhook: the events it is sent ("message.received", "delivery.status"), the key of its signatures. */
  record Hook(long id, Long accountId, String url, String secret, Set<String> events, Instant created) {}

  /** One pending delivery of an event's JSON to a webhook. */
  record Delivery(long id, long webhookId, String event, String payload, int attempts, Instant nextAttempt,
                  String lastError) {}

  Hook add(Long accountId, String url, String secret, Set<String> events, Instant created);

  Optional<Hook> hook(long id);

  /** The webhooks of one account ({@code accountId} null: those of the administrators), oldest first. */
  List<Hook> list(Long accountId);

  /** Every webhook, oldest first. */
  List<Hook> all();

  /** The webhooks that hear of {@code accountId}'s events: its own and the administrators'. */
  List<Hook> listeningTo(long accountId);

  /** Removes a webhook with its pending deliveries; false when there is none with this id. */
  boolean remove(long id);

  /** Queues one delivery for each of {@code hooks}, due at {@code due}, in one commit. */
  void enqueue(List<Hook> hooks, String event, String payload, Instant due);

  /** Deliveries due at {@code now}, earliest first, at most {@code limit}. */
  List<Delivery> due(Instant now, int limit);

  /** The earliest time a delivery is due, or null when none is pending. */
  Instant nextDue();

  /** The deliveries of one webhook still pending. */
  List<Delivery> pending(long webhookId);

  /** The delivery was answered: it is done. */
  void delivered(long deliveryId);

  /** The delivery failed and is tried again at {@code next}. */
  void retry(long deliveryId, int attempts, Instant next, String error);

  /** The delivery failed for the last time: it is dropped. */
  void abandon(long deliveryId);
}
