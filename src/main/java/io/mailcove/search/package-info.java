/**
 * Full-text search for IMAP SEARCH BODY/TEXT (RFC 9051 §6.4.4): a per-account Lucene index of decoded message text,
 * fed from the store's mailbox events, answering case-insensitive substring queries exactly.
 */
package io.mailcove.search;
