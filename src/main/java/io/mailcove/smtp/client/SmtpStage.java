package io.mailcove.smtp.client;

/** Where in a session something went wrong; decides whether a relay failover or another MX is worth trying. */
public enum SmtpStage { CONNECT, TLS, GREETING, EHLO, AUTH, MAIL, RCPT, DATA, MESSAGE }
