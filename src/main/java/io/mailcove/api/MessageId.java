package io.mailcove.api;

/**
 * The id of a message in the API: its mailbox's row id and its UID, "{mailbox}-{uid}". It names one copy in one
 * mailbox (moving a message gives it a new id), and is only ever looked up within the token's own account.
 */
record MessageId(long mailboxId, long uid) {
  static MessageId parse(String id) {
    int dash = id == null ? -1 : id.indexOf('-');
    if (dash <= 0 || dash == id.length() - 1 || id.length() > 40) {
      throw ApiException.notFound("no message " + id);
    }
    try {
      long mailbox = Long.parseLong(id.substring(0, dash));
      long uid = Long.parseLong(id.substring(dash + 1));
      if (mailbox <= 0 || uid <= 0) {
        throw ApiException.notFound("no message " + id);
      }
      return new MessageId(mailbox, uid);
    } catch (NumberFormatException e) {
      throw ApiException.notFound("no message " + id);
    }
  }

  @Override
  public String toString() {
    return mailboxId + "-" + uid;
  }
}
