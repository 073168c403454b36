package io.mailcove.store;

import java.time.Instant;

/**
 * What is parsed from a message once, at delivery, and cached beside it so that FETCH, SEARCH and SORT never
 * re-parse the message for these items. Made by {@link io.mailcove.mime.MessageParser}.
 *
 * @param envelope      the IMAP ENVELOPE value, rendered (RFC 9051 §7.5.2), e.g. {@code ("date" "subject" ...)}
 * @param bodyStructure the IMAP BODYSTRUCTURE value with extension data, rendered
 * @param body          the IMAP BODY value (non-extensible BODYSTRUCTURE), rendered
 * @param sentDate      the Date header, or null when missing or unparsable
 * @param subject       decoded Subject (RFC 2047), or ""
 * @param from          decoded From header text, or ""
 * @param to            decoded To header text, or ""
 * @param cc            decoded Cc header text, or ""
 * @param messageId     Message-ID without angle brackets, or null
 * @param inReplyTo     In-Reply-To header raw, or null
 * @param references    References header raw, or null
 * @param headerBytes   length of the header section including the blank line that ends it
 */
public record MessageSummary(String envelope, String bodyStructure, String body, Instant sentDate, String subject,
                             String from, String to, String cc, String messageId, String inReplyTo,
                             String references, long headerBytes) {}
