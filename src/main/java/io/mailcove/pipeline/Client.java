package io.mailcove.pipeline;

import io.mailcove.store.Account;
import java.net.InetAddress;

/**
 * Who is sending, as the checks see it: how the message comes in, the client's address, whether it is in a trusted
 * network, the name it gave in EHLO/HELO, TLS, and the account it authenticated as (null if none).
 */
public final class Client {
  private final ListenerKind kind;
  private final InetAddress ip;
  private final boolean trusted;
  private String helo;
  private boolean esmtp;
  private boolean secure;
  private String tls;
  private Account account;

  Client(ListenerKind kind, InetAddress ip, boolean trusted, boolean secure, String tls) {
    this.kind = kind;
    this.ip = ip;
    this.trusted = trusted;
    this.secure = secure;
    this.tls = tls;
  }

  public ListenerKind kind() {
    return kind;
  }

  public InetAddress ip() {
    return ip;
  }

  /** In {@code smtp.trusted_networks}: may relay without logging in (a local application). */
  public boolean trusted() {
    return trusted;
  }

  /** Authenticated, or trusted: what such a client sends is vouched for (it may relay, it is not marked). */
  public boolean vouchedFor() {
    return account != null || trusted;
  }

  public String helo() {
    return helo;
  }

  public boolean esmtp() {
    return esmtp;
  }

  public boolean secure() {
    return secure;
  }

  /** The TLS protocol and cipher, or null. */
  public String tls() {
    return tls;
  }

  public Account account() {
    return account;
  }

  void helo(String name, boolean extended) {
    this.helo = name;
    this.esmtp = extended;
  }

  void account(Account a) {
    this.account = a;
  }

  /** RFC 3207 §4.2: after the handshake the client starts over, with nothing known from before it. */
  void secured(String description) {
    this.secure = true;
    this.tls = description;
    this.helo = null;
    this.esmtp = false;
    this.account = null;
  }
}
