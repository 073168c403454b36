package io.mailcove.pipeline;

/**
 * Which way a message comes in; each kind has its own list of checks ({@link Checks}). MX is port 25 (mail from the
 * world for our users), SUBMISSION ports 587 and 465 (users and trusted networks sending), LOCAL the queue's
 * hand-off of mail for our own domains (reports to local senders, mail that reached the queue for a local address).
 */
public enum ListenerKind { MX, SUBMISSION, LOCAL }
