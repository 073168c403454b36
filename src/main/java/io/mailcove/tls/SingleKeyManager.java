package io.mailcove.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** The server's one certificate chain and key, offered for every handshake whose key type matches. */
final class SingleKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "server";
  private final PrivateKey key;
  private final X509Certificate[] chain;

  SingleKeyManager(PrivateKey key, X509Certificate[] chain) {
    this.key = key;
    this.chain = chain.clone();
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return matches(keyType) ? ALIAS : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return matches(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }

  /** keyType is "RSA", "EC", "RSASSA-PSS" or, for TLS 1.2 suites, "EC_EC" / "EC_RSA" style names. */
  private boolean matches(String keyType) {
    String algorithm = key.getAlgorithm(); // "RSA" or "EC"
    if (keyType == null) {
      return false;
    }
    if (keyType.equals("RSASSA-PSS")) {
      return algorithm.equals("RSA") || algorithm.equals("RSASSA-PSS");
    }
    return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
  }
}
