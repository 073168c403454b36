package io.mailcove.smtp;

import io.mailcove.pipeline.Refusals;

/**
 * The fixed replies of the server, with RFC 3463 enhanced status codes (RFC 2034). Codes follow RFC 5321 §4.2.
 */
final class Replies {
  private Replies() {}

  static final String OK = "250 2.0.0 OK";
  static final String SENDER_OK = "250 2.1.0 Sender OK";
  static final String RECIPIENT_OK = "250 2.1.5 Recipient OK";
  static final String START_DATA = "354 End data with <CR><LF>.<CR><LF>";
  static final String BYE = "221 2.0.0 Bye";
  static final String VRFY = "252 2.5.0 Cannot VRFY user, but will accept the message and attempt delivery";
  static final String READY_TLS = "220 2.0.0 Ready to start TLS";
  static final String AUTH_OK = "235 2.7.0 Authentication successful";

  // 4xx: try again later
  static final String IDLE_TIMEOUT = "421 4.4.2 Idle timeout, closing connection";
  static final String DATA_TIMEOUT = "421 4.4.2 Message transfer took too long, closing connection";
  static final String COMMAND_TIMEOUT = "421 4.4.2 Command took too long, closing connection";
  static final String GREETING_TIMEOUT = "421 4.4.2 No mail transaction started in time, closing connection";
  static final String TOO_MANY_ERRORS = "421 4.7.0 Too many errors, closing connection";
  static final String TOO_MANY_COMMANDS = "421 4.7.0 Too many commands, closing connection";
  static final String BANNED = Refusals.BANNED;
  static final String TOO_MANY_CONNECTIONS = "421 4.7.0 Too many connections from your address, try again later";
  static final String SHUTTING_DOWN = "421 4.3.2 Service shutting down, try again later";
  /** RFC 3463 X.3.1: memory is short; new transactions wait, the ones in progress go on. */
  static final String RESOURCES = "451 4.3.1 Insufficient system resources, try again later";
  static final String TLS_UNAVAILABLE = "454 4.7.0 TLS not available";

  // 5xx: refused
  static final String UNRECOGNIZED = "500 5.5.2 Syntax error, command unrecognized";
  static final String LINE_TOO_LONG = "500 5.5.2 Line too long";
  static final String NOT_IMPLEMENTED = "502 5.5.1 Command not implemented";
  static final String BAD_SEQUENCE = "503 5.5.1 Bad sequence of commands";
  static final String HELO_FIRST = "503 5.5.1 Send EHLO or HELO first";
  static final String MAIL_FIRST = "503 5.5.1 Send MAIL FROM first";
  static final String RCPT_FIRST = "503 5.5.1 Send RCPT TO first";
  static final String NESTED_MAIL = "503 5.5.1 A transaction is already open; send RSET first";
  static final String ALREADY_AUTHENTICATED = "503 5.5.1 Already authenticated";
  static final String AUTH_IN_TRANSACTION = "503 5.5.1 AUTH is not allowed during a mail transaction";
  static final String ALREADY_TLS = "503 5.5.1 TLS is already active";
  static final String DATA_AFTER_BDAT = "503 5.5.1 DATA cannot follow BDAT in one transaction";
  static final String NO_VALID_RECIPIENTS = "554 5.5.1 No valid recipients";
  static final String AUTH_REQUIRED = "530 5.7.0 Authentication required";
  static final String TLS_REQUIRED = "530 5.7.0 Must issue a STARTTLS command first";
  static final String ENCRYPTION_REQUIRED = "538 5.7.11 Encryption required for requested authentication mechanism";
  static final String AUTH_FAILED = "535 5.7.8 Authentication credentials invalid";
  /** The account's password was right, but with two-factor login on only its app passwords log in here. */
  static final String AUTH_APP_PASSWORD_REQUIRED =
      "535 5.7.8 Two-factor login is on for this account: log in with an app password";
  static final String AUTH_CANCELLED = "501 5.7.0 Authentication cancelled";
  static final String AUTH_BAD_BASE64 = "501 5.5.2 Cannot decode the response (base64 expected)";
  static final String AUTH_MECHANISM = "504 5.5.4 Unrecognized authentication mechanism";
  static final String AUTH_NOT_OFFERED = "503 5.5.1 AUTH is not available here";
  static final String FROM_NOT_OWNED = Refusals.FROM_NOT_OWNED;
  static final String NON_ASCII_ADDRESS = "553 5.6.7 Non-ASCII address needs SMTPUTF8";
  static final String MESSAGE_TOO_BIG = Refusals.MESSAGE_TOO_BIG;
  static final String BARE_LINE_ENDING =
      "550 5.6.2 Message refused: bare CR or LF found; lines must end with CRLF (RFC 5321 section 2.3.8)";
  static final String HEADER_TOO_BIG = Refusals.HEADER_TOO_BIG;
  /** RFC 5322 §3.6: a message has exactly one From field. */
  static final String MULTIPLE_FROM = Refusals.MULTIPLE_FROM;
  static final String CONTROL_IN_XTEXT = "501 5.5.4 ENVID and ORCPT must not decode to control characters";
  static final String NUL_BYTES = "550 5.6.0 Message refused: it contains NUL characters";
  static final String PARAMETER_UNKNOWN = "555 5.5.4 Unsupported parameter";

  /**
   * A reply as printable US-ASCII: anything else (control bytes, non-ASCII an address or EHLO name brought in)
   * becomes '?', so a client can never make the server send a line break or 8-bit text (RFC 5321 §4.2).
   */
  static String ascii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int k = 0; k < text.length(); k++) {
          char d = text.charAt(k);
          sb.append(d < 0x20 || d > 0x7e ? '?' : d);
        }
        return sb.toString();
      }
    }
    return text;
  }
}
