package io.mailcove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The outbound queue's records: messages waiting for delivery and each recipient's delivery state. Every write is one
 * durable transaction. The queue package holds the logic (when to retry, what to report); this holds the rows.
 *
 * <p>A recipient's state is one of {@code pending}, {@code delivering}, {@code delivered}, {@code failed},
 * {@code expired}. A message's blob stays alive while its record exists (it is a blob reference for garbage
 * collection).
 */
public interface QueueRecords {
  String PENDING = "pending";
  String DELIVERING = "delivering";

  /**
   * A message to queue. {@code mailFrom} "" is the null reverse-path; {@code ret} is "FULL", "HDRS" or null;
   * {@code kind} "mail" or "dsn"; {@code origin} the queue's code for where it came from.
   */
  record NewMessage(String blobId, long blobSize, String mailFrom, String envId, String ret, boolean smtpUtf8,
                    boolean eightBit, String submitter, String kind, String origin, List<NewRecipient> recipients) {}

  /** A recipient to queue: {@code notifyParam} the RFC 3461 NOTIFY values comma separated, or null; ORCPT or null. */
  record NewRecipient(String address, String notifyParam, String orcpt) {}

  /** A queued message; {@code recipients} are all of them, or only the claimed ones (see {@link #claimDue}). */
  record Message(long id, String blobId, long size, String mailFrom, String envId, String ret, boolean smtpUtf8,
                 boolean eightBit, String submitter, String kind, String origin, Instant created,
                 List<Recipient> recipients) {}

  /** One recipient's stored state ({@code lastAttempt} null before the first attempt). */
  record Recipient(int position, String address, String state, int attempts, Instant nextAttempt,
                   Instant lastAttempt, String lastError, String lastStatus, String errorKind, String remoteHost,
                   String notifyParam, String orcpt, boolean delayNotified, boolean dsnDue) {}

  /** The new state of one recipient after an attempt (its attempt count goes up by one). */
  record RecipientUpdate(int position, String state, Instant nextAttempt, Instant lastAttempt, String lastError,
                         String lastStatus, String errorKind, String remoteHost, boolean dsnDue) {}

  /** Inserts the message and its recipients (all in {@code initialState}) in one transaction. */
  Message insert(NewMessage message, String initialState, Instant now);

  /** After a restart: attempts that were under way did not finish; they are due again now. Returns how many. */
  int resetDelivering(Instant now);

  /**
   * Claims up to {@code limit} messages, none of {@code skip}, with recipients due by {@code now}: those recipients
   * become 'delivering'. Returns each message with only its claimed recipients.
   */
  List<Message> claimDue(Instant now, int limit, Set<Long> skip);

  /** The earliest next attempt of a pending recipient, or null when none is pending. */
  Instant nextDue();

  /**
   * Stores the updates in one transaction; when that leaves every recipient final with no report owed, the message is
   * removed in the same transaction. Returns whether it was removed.
   */
  boolean record(long messageId, List<RecipientUpdate> updates);

  /**
   * Finishes a message after its reports: the {@code reported} recipients' report is no longer owed (and those still
   * pending or delivering are marked delay-notified), and the message is removed when every recipient is final. In
   * the same transaction {@code report} (the report itself, may be null) is queued as pending. Returns the report's id,
   * or 0 when there was none.
   */
  long settle(long messageId, List<Integer> reported, NewMessage report, Instant now);

  /** Removes the message when all its recipients are final and no report is owed; returns whether it did. */
  boolean deleteIfDone(long messageId);

  /** Ids of messages that owe a report, or whose recipients are all final but which were not removed (a crash). */
  List<Long> needingSettlement();

  Optional<Message> message(long id);

  /** Every queued message with its recipients, oldest first. */
  List<Message> list();

  int count();

  /** Makes pending recipients of one message (or all, {@code id} null) due now; returns how many. */
  int retryNow(Long id, Instant now);

  /** Removes a message without any report; returns whether it existed. */
  boolean delete(long id);
}
