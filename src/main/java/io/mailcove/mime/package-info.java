/**
 * MIME over Apache James mime4j: {@code MessageParser} turns message bytes into the cached
 * {@link io.mailcove.store.MessageSummary} (IMAP ENVELOPE, BODYSTRUCTURE, sort keys) once at delivery, and section
 * extraction serves IMAP BODY[section] and BINARY.
 */
package io.mailcove.mime;
