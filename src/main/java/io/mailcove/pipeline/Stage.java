package io.mailcove.pipeline;

/** The stages of a message's way in, in the order of an SMTP transaction (RFC 5321 §3.3): where checks run. */
public enum Stage { CONNECT, HELO, MAIL, RCPT, MESSAGE }
