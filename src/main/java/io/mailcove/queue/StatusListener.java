package io.mailcove.queue;

/**
 * Hears of each new state of a recipient of a message an account submitted: delivered, failed or expired (final),
 * or pending again after a failed attempt. Called on the courier's thread after the state is stored; it must not
 * block (the webhooks queue the news and return).
 */
public interface StatusListener {
  /**
   * @param messageId the queue id of the message
   * @param submitter the address of the account that sent it
   * @param state     delivered, failed, expired or pending
   * @param status    the RFC 3463 status of the attempt, or null
   * @param text      the remote server's reply or our diagnosis
   */
  void changed(long messageId, String submitter, String recipient, String state, String status, String text,
               String remoteHost);
}
