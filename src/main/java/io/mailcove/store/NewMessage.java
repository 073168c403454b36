package io.mailcove.store;

import java.time.Instant;
import java.util.Set;

/** One message to store with {@link MailStore#appendAll}: its bytes, cached summary, flags and internal date. */
public record NewMessage(BlobRef blob, MessageSummary summary, Set<String> flags, Instant internalDate) {}
