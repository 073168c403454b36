package io.mailcove.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * One SCRAM-SHA-256 or SCRAM-SHA-256-PLUS exchange on the server side (RFC 5802 §5 and §7, RFC 7677), the same for
 * IMAP AUTHENTICATE, POP3 AUTH and SMTP AUTH: the protocol passes each decoded client response to {@link #step} and
 * sends back what it answers. The proof is checked against the stored keys (no password, no Argon2); failed proofs
 * count toward the bans like failed passwords. A client message is at most {@link #MAX_MESSAGE} bytes.
 */
public final class ScramExchange {
  public static final String MECHANISM = "SCRAM-SHA-256";
  public static final String MECHANISM_PLUS = "SCRAM-SHA-256-PLUS";
  /** Largest client message: a long address, a long nonce and a channel binding fit with room to spare. */
  public static final int MAX_MESSAGE = 1024;
  /** Longest line a protocol reads for one base64 client message. */
  public static final int MAX_LINE = (MAX_MESSAGE + 2) / 3 * 4 + 2;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What the protocol does next. */
  public sealed interface Step {}

  /** Send {@code message} as a challenge (base64) and pass the client's answer to {@link #step}. */
  public record Challenge(byte[] message) implements Step {}

  /**
   * The exchange is over: {@code result} says whether the account logged in; on success, {@code serverFinal} (the
   * server's signature) is sent as a last challenge, answered by an empty response, before the success reply.
   */
  public record Done(AuthResult result, byte[] serverFinal) implements Step {}

  /** The client broke the protocol ({@code reason} is fit for the reply); nothing was checked, nothing counted. */
  public record Malformed(String reason) implements Step {}

  /** The client cancelled or went away, and the protocol has answered that already; nobody logged in. */
  public record Abandoned() implements Step {}

  /** How a protocol sends a challenge and reads the answer (IMAP and POP3 "+ ", SMTP "334 "). */
  @FunctionalInterface
  public interface Channel {
    /**
     * Sends {@code base64} ("" for an empty challenge) and reads the client's answer, a base64 line of at most
     * {@link #MAX_LINE} bytes; null when the client cancelled ("*"), sent too long a line or went away, after the
     * protocol's own reply to that.
     */
    String challenge(String base64) throws IOException;
  }

  private enum Phase { CLIENT_FIRST, CLIENT_FINAL, OVER }

  private final Authenticator authenticator;
  private final boolean plus;
  private final ChannelBindings bindings;
  private final InetAddress remote;
  private final String protocol;
  private Phase phase = Phase.CLIENT_FIRST;
  private String username;
  private String gs2Header;
  private byte[] bindingData;
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;
  private ScramKeys keys;

  /**
   * @param plus     SCRAM-SHA-256-PLUS was asked for: the client must bind to one of {@code bindings}
   * @param bindings the connection's channel bindings (none on plaintext); also used to refuse the "y" flag when the
   *                 server could have bound (RFC 5802 §6, downgrade protection)
   */
  public ScramExchange(Authenticator authenticator, boolean plus, ChannelBindings bindings, InetAddress remote,
                       String protocol) {
    this.authenticator = authenticator;
    this.plus = plus;
    this.bindings = bindings;
    this.remote = remote;
    this.protocol = protocol;
  }

  /** The mechanism names to offer: SCRAM-SHA-256, and its -PLUS form where {@code bindings} has a binding. */
  public static List<String> mechanisms(ChannelBindings bindings) {
    return bindings.types().isEmpty() ? List.of(MECHANISM) : List.of(MECHANISM_PLUS, MECHANISM);
  }

  /** True for a name of a mechanism this class serves (case-insensitive). */
  public static boolean serves(String mechanism) {
    return MECHANISM.equalsIgnoreCase(mechanism) || MECHANISM_PLUS.equalsIgnoreCase(mechanism);
  }

  /**
   * Runs the whole exchange over {@code channel}, starting with the client's initial response (SASL-IR; "=" is an
   * empty one) or, when it is null, an empty challenge. Ends in {@link Done} (after the server's signature was sent
   * and acknowledged, when the proof was right), {@link Malformed} or {@link Abandoned}.
   */
  public Step run(String initialResponse, Channel channel) throws IOException {
    String response = initialResponse != null ? initialResponse : channel.challenge("");
    while (true) {
      if (response == null) {
        return new Abandoned();
      }
      byte[] decoded;
      try {
        decoded = response.equals("=") ? new byte[0] : Base64.getDecoder().decode(response);
      } catch (IllegalArgumentException e) {
        return new Malformed("invalid base64 in the SASL response");
      }
      Step step = step(decoded);
      if (step instanceof Challenge c) {
        response = channel.challenge(Base64.getEncoder().encodeToString(c.message()));
      } else if (step instanceof Done d && d.serverFinal() != null) {
        // RFC 4422 §5: additional data with success goes as a last challenge, answered by an empty response
        String ack = channel.challenge(Base64.getEncoder().encodeToString(d.serverFinal()));
        if (ack == null) {
          return new Abandoned();
        }
        return ack.isEmpty() || ack.equals("=") ? d : new Malformed("expected an empty response to the signature");
      } else {
        return step;
      }
    }
  }

  /** The next step for the client's (decoded) response. */
  public Step step(byte[] response) {
    if (response.length > MAX_MESSAGE) {
      phase = Phase.OVER;
      return new Malformed("SCRAM message too long");
    }
    String message = new String(response, StandardCharsets.UTF_8);
    try {
      return switch (phase) {
        case CLIENT_FIRST -> clientFirst(message);
        case CLIENT_FINAL -> clientFinal(message);
        case OVER -> new Malformed("SCRAM exchange is over");
      };
    } catch (IllegalArgumentException e) {
      phase = Phase.OVER;
      return new Malformed(e.getMessage());
    }
  }

  /** RFC 5802 §7: gs2-header client-first-message-bare. */
  private Step clientFirst(String message) {
    if (authenticator.isBanned(remote)) {
      phase = Phase.OVER;
      return new Done(new AuthResult(AuthResult.Status.BANNED, null), null);
    }
    int first = message.indexOf(',');
    int second = first < 0 ? -1 : message.indexOf(',', first + 1);
    require(second > 0, "SCRAM client-first message without a GS2 header");
    String flag = message.substring(0, first);
    String authzid = message.substring(first + 1, second);
    gs2Header = message.substring(0, second + 1);
    clientFirstBare = message.substring(second + 1);
    bindFlag(flag);
    if (!authzid.isEmpty()) {
      require(authzid.startsWith("a="), "invalid SCRAM authzid");
    }
    String[] attrs = clientFirstBare.split(",", -1);
    require(attrs.length >= 2, "SCRAM client-first message needs n= and r=");
    require(!attrs[0].startsWith("m="), "SCRAM extensions are not supported"); // RFC 5802 §5.1 "m"
    require(attrs[0].startsWith("n="), "SCRAM client-first message needs n= first");
    require(attrs[1].startsWith("r="), "SCRAM client-first message needs r= after n=");
    username = saslname(attrs[0].substring(2));
    require(!username.isEmpty(), "empty SCRAM user name");
    if (!authzid.isEmpty() && !saslname(authzid.substring(2)).equalsIgnoreCase(username)) {
      throw new IllegalArgumentException("acting as another user is not allowed");
    }
    String clientNonce = attrs[1].substring(2);
    require(!clientNonce.isEmpty() && printable(clientNonce), "invalid SCRAM nonce");
    byte[] serverNonce = new byte[18];
    RANDOM.nextBytes(serverNonce);
    nonce = clientNonce + Base64.getEncoder().encodeToString(serverNonce);
    keys = authenticator.scramKeys(username);
    serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(keys.salt()) + ",i=" + keys.iterations();
    phase = Phase.CLIENT_FINAL;
    return new Challenge(serverFirst.getBytes(StandardCharsets.US_ASCII));
  }

  /** RFC 5802 §6: "p=" only with -PLUS and a type this connection has; "y" only where we could not have bound. */
  private void bindFlag(String flag) {
    if (flag.startsWith("p=")) {
      require(plus, "channel binding needs " + MECHANISM_PLUS);
      String type = flag.substring(2);
      bindingData = bindings.data(type);
      require(bindingData != null, "channel binding type not supported: " + type);
    } else {
      require(flag.equals("n") || flag.equals("y"), "invalid GS2 channel binding flag");
      require(!plus, MECHANISM_PLUS + " needs channel binding (p=)");
      require(!flag.equals("y") || bindings.types().isEmpty(), "the server does support channel binding");
    }
  }

  /** RFC 5802 §7: channel-binding "," nonce ["," extensions] "," proof. */
  private Step clientFinal(String message) {
    phase = Phase.OVER;
    int proofAt = message.lastIndexOf(",p=");
    require(proofAt > 0, "SCRAM client-final message without a proof");
    String withoutProof = message.substring(0, proofAt);
    String[] attrs = withoutProof.split(",", -1);
    require(attrs.length >= 2 && attrs[0].startsWith("c=") && attrs[1].startsWith("r="),
        "SCRAM client-final message needs c= and r=");
    byte[] binding = base64(attrs[0].substring(2));
    byte[] proof = base64(message.substring(proofAt + 3));
    require(proof.length == 32, "SCRAM proof must be 32 bytes");
    require(attrs[1].substring(2).equals(nonce), "SCRAM nonce does not match");
    byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
    boolean bindingOk = MessageDigest.isEqual(binding, expectedBinding()); // RFC 5802 §6: c= covers the GS2 header
    ScramCredentials matched = null;
    ScramKeys.Proof outcome = ScramKeys.Proof.INVALID;
    if (keys.password() != null && proves(keys.password(), proof, authMessage)) {
      matched = keys.password();
      outcome = new ScramKeys.Proof(true, null);
    }
    for (ScramKeys.AppKeys app : keys.appPasswords()) {
      if (matched == null && proves(app.keys(), proof, authMessage)) {
        matched = app.keys();
        outcome = new ScramKeys.Proof(true, app.record());
      }
    }
    AuthResult result = authenticator.completeScram(username, bindingOk ? outcome : ScramKeys.Proof.INVALID, remote,
        protocol);
    if (!result.ok()) {
      return new Done(result, null);
    }
    byte[] serverSignature = ScramCredentials.hmac(matched.serverKey(), authMessage);
    return new Done(result, ("v=" + Base64.getEncoder().encodeToString(serverSignature))
        .getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * RFC 5802 §3: ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); the proof holds when H(ClientKey) is
   * StoredKey.
   */
  private static boolean proves(ScramCredentials candidate, byte[] proof, byte[] authMessage) {
    byte[] storedKey = candidate.storedKey();
    byte[] clientKey = ScramCredentials.hmac(storedKey, authMessage);
    for (int i = 0; i < clientKey.length; i++) {
      clientKey[i] ^= proof[i];
    }
    return MessageDigest.isEqual(ScramCredentials.sha256(clientKey), storedKey);
  }

  private byte[] expectedBinding() {
    byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
    if (bindingData == null) {
      return header;
    }
    byte[] all = Arrays.copyOf(header, header.length + bindingData.length);
    System.arraycopy(bindingData, 0, all, header.length, bindingData.length);
    return all;
  }

  /** RFC 5802 §5.1: "=2C" is ",", "=3D" is "="; any other "=" is an error. */
  private static String saslname(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '=') {
        String escape = s.length() >= i + 3 ? s.substring(i, i + 3) : "";
        require(escape.equals("=2C") || escape.equals("=3D"), "invalid escape in SCRAM user name");
        out.append(escape.equals("=2C") ? ',' : '=');
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** RFC 5802 §7: printable = %x21-2B / %x2D-7E. */
  private static boolean printable(String s) {
    return s.chars().allMatch(c -> c >= 0x21 && c <= 0x7E && c != ',');
  }

  private static byte[] base64(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid base64 in the SCRAM message");
    }
  }

  private static void require(boolean condition, String reason) {
    if (!condition) {
      throw new IllegalArgumentException(reason);
    }
  }
}
