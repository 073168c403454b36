package io.mailcove.auth;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLSession;

/**
 * The channel bindings of a TLS connection that SCRAM-SHA-256-PLUS can bind to:
 * <ul>
 *   <li>{@code tls-exporter} (RFC 9266): 32 bytes exported with the label {@code EXPORTER-Channel-Binding} and an
 *   empty context. The JDK exports keying material from version 25 on
 *   ({@code ExtendedSSLSession.exportKeyingMaterialData}); Mailcove is built for 21, so it is looked up at run time.
 *   Offered on TLS 1.3 only, where RFC 9266 §3's condition (no TLS 1.2 session without extended master secret) holds
 *   by construction.</li>
 *   <li>{@code tls-server-end-point} (RFC 5929 §4.1): the hash of our certificate with the hash of its signature
 *   algorithm (SHA-256 for MD5 and SHA-1); on any TLS version and JDK.</li>
 * </ul>
 */
public final class ChannelBindings {
  public static final String TLS_EXPORTER = "tls-exporter";
  public static final String TLS_SERVER_END_POINT = "tls-server-end-point";
  private static final String EXPORTER_LABEL = "EXPORTER-Channel-Binding";
  private static final MethodHandle EXPORT = exporter();
  private static final ChannelBindings NONE = new ChannelBindings(null);

  private final SSLSession session;

  private ChannelBindings(SSLSession session) {
    this.session = session;
  }

  /** The bindings of a TLS session; none for null (a plaintext connection). */
  public static ChannelBindings of(SSLSession session) {
    return session == null ? NONE : new ChannelBindings(session);
  }

  /** Whether this JDK can export keying material (tls-exporter). */
  public static boolean exporterAvailable() {
    return EXPORT != null;
  }

  /** The binding types this connection offers, preferred first; empty on plaintext. */
  public List<String> types() {
    List<String> types = new ArrayList<>(2);
    if (data(TLS_EXPORTER) != null) {
      types.add(TLS_EXPORTER);
    }
    if (data(TLS_SERVER_END_POINT) != null) {
      types.add(TLS_SERVER_END_POINT);
    }
    return types;
  }

  /** The binding data of {@code type} on this connection, or null when it has none of that type. */
  public byte[] data(String type) {
    if (session == null) {
      return null;
    }
    return switch (type) {
      case TLS_EXPORTER -> exported();
      case TLS_SERVER_END_POINT -> serverEndPoint();
      default -> null;
    };
  }

  private byte[] exported() {
    if (EXPORT == null || !"TLSv1.3".equals(session.getProtocol()) || !(session instanceof ExtendedSSLSession s)) {
      return null;
    }
    try {
      return (byte[]) EXPORT.invokeExact(s, EXPORTER_LABEL, new byte[0], 32);
    } catch (Throwable e) {
      return null; // the session cannot export (closed, or a provider without the exporter)
    }
  }

  private byte[] serverEndPoint() {
    Certificate[] local = session.getLocalCertificates();
    if (local == null || local.length == 0 || !(local[0] instanceof X509Certificate cert)) {
      return null;
    }
    String hash = signatureHash(cert.getSigAlgName());
    if (hash == null) {
      return null;
    }
    try {
      return MessageDigest.getInstance(hash).digest(cert.getEncoded());
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  /**
   * RFC 5929 §4.1: the hash function of the certificate's signature algorithm, SHA-256 for MD5 and SHA-1; null for
   * algorithms without one (Ed25519, RSASSA-PSS with its hash in the parameters), for which the binding is undefined.
   */
  static String signatureHash(String sigAlgName) {
    String name = sigAlgName.toUpperCase(Locale.ROOT);
    if (name.startsWith("MD5") || name.startsWith("SHA1")) {
      return "SHA-256";
    }
    for (String bits : new String[] {"224", "256", "384", "512"}) {
      if (name.startsWith("SHA" + bits + "WITH")) {
        return "SHA-" + bits;
      }
    }
    return null;
  }

  private static MethodHandle exporter() {
    try {
      return MethodHandles.publicLookup().findVirtual(ExtendedSSLSession.class, "exportKeyingMaterialData",
          MethodType.methodType(byte[].class, String.class, byte[].class, int.class));
    } catch (ReflectiveOperationException e) {
      return null; // JDK 21–24
    }
  }
}
