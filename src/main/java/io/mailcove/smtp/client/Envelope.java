package io.mailcove.smtp.client;

import java.util.List;
import java.util.Set;

/**
 * One SMTP transaction's envelope with its extension parameters: DSN (RFC 3461: RET, ENVID, NOTIFY, ORCPT),
 * SMTPUTF8 (RFC 6531), 8BITMIME (RFC 6152), SIZE (RFC 1870).
 */
public record Envelope(String mailFrom, List<Recipient> recipients, String envId, Boolean returnFull,
                       boolean smtpUtf8, boolean eightBit, long size) {
  /** NOTIFY empty = not given; ORCPT null = not given. */
  public record Recipient(String address, Set<String> notifyOn, String orcpt) {}
}
