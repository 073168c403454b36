package io.mailcove.pipeline;

import io.mailcove.store.Account;
import io.mailcove.store.Directory;

/**
 * Spoof protection for submission: an authenticated account may use as envelope sender (MAIL) and in From (message)
 * only addresses that are its own ({@link SenderPolicy}). A message without From gets one later
 * ({@link SubmissionHeaders}).
 */
final class SenderOwnership implements Check {
  private final SenderPolicy senders;

  SenderOwnership(Directory directory) {
    this.senders = new SenderPolicy(directory);
  }

  @Override
  public Verdict mail(Client client, Envelope envelope) {
    Account account = client.account();
    if (account == null) {
      return Verdict.ACCEPT;
    }
    MailPath sender = envelope.sender();
    if (sender.isNull() || sender.sourceRoute() || !senders.owns(account, sender.address())) {
      return Verdict.refuse(Refusals.SENDER_NOT_OWNED);
    }
    return Verdict.ACCEPT;
  }

  @Override
  public Verdict message(Client client, Envelope envelope, Message message) {
    Account account = client.account();
    if (account == null || message.fromFields() == 0) {
      return Verdict.ACCEPT;
    }
    return senders.ownsFrom(account, message.from()) ? Verdict.ACCEPT : Verdict.refuse(Refusals.FROM_NOT_OWNED);
  }
}
