package io.mailcove.testing;

import java.io.IOException;

/**
 * A real SCRAM client for protocol tests: Python's {@code scramp} (listed in {@code .ci/packages}, installed with
 * pip) drives imaplib's AUTHENTICATE, smtplib's AUTH and a POP3 AUTH over poplib's connection, on a real socket, and checks the
 * server's signature. For tls-exporter (RFC 9266), which Python's ssl module cannot export, openssl s_client is
 * the TLS client and prints the exported keying material that scramp binds to.
 */
public final class ScramClient {
  /** How the client connects: implicit TLS, STARTTLS (STLS) or plaintext. */
  public enum Tls { IMPLICIT, STARTTLS, PLAIN }

  /** What the client gets wrong on purpose. */
  public enum Tamper { NONE, PROOF }

  private static final String CLIENT = """
      import base64, imaplib, poplib, smtplib, ssl, sys
      try:
          import scramp
      except ImportError:
          sys.exit('the Python package scramp is missing: .ci/run installs it (pip install scramp)')

      proto, port, tls, mech, user, password, binding, tamper = sys.argv[1:9]
      port = int(port)
      ctx = ssl.create_default_context()
      ctx.check_hostname = False
      ctx.verify_mode = ssl.CERT_NONE


      def exchange(sock):
          cb = scramp.make_channel_binding(binding, sock) if mech.endswith('-PLUS') else None
          c = scramp.ScramClient([mech], user, password, channel_binding=cb)
          step = [0]

          def respond(challenge=b''):
              step[0] += 1
              if step[0] == 1:
                  return c.get_client_first()
              if step[0] == 2:
                  c.set_server_first(challenge.decode())
                  final = c.get_client_final()
                  if tamper == 'proof':
                      head, proof = final.rsplit(',p=', 1)
                      raw = bytearray(base64.b64decode(proof))
                      raw[0] ^= 1
                      final = head + ',p=' + base64.b64encode(bytes(raw)).decode()
                  return final
              c.set_server_final(challenge.decode())  # raises unless the server knows the keys
              print('server signature verified')
              return ''
          return respond


      if proto == 'imap':
          if tls == 'implicit':
              m = imaplib.IMAP4_SSL('127.0.0.1', port, ssl_context=ctx)
          else:
              m = imaplib.IMAP4('127.0.0.1', port)
          if tls == 'starttls':
              m.starttls(ssl_context=ctx)
          print('mechanisms', sorted(c[5:] for c in m.capabilities if c.startswith('AUTH=')))
          respond = exchange(m.sock)
          try:
              print('result', m.authenticate(mech, lambda ch: respond(ch).encode()))
              print('selected', m.select('INBOX'))
          except imaplib.IMAP4.error as e:
              print('refused', e)
      elif proto == 'smtp':
          if tls == 'implicit':
              s = smtplib.SMTP_SSL('127.0.0.1', port, context=ctx)
          else:
              s = smtplib.SMTP('127.0.0.1', port)
          s.ehlo()
          if tls == 'starttls':
              s.starttls(context=ctx)
              s.ehlo()
          print('mechanisms', sorted(s.esmtp_features.get('auth', '').split()))
          respond = exchange(s.sock)
          try:
              print('result', s.auth(mech, respond))
              print('mail', s.mail(user))
          except smtplib.SMTPException as e:
              print('refused', e)
      else:
          if tls == 'implicit':
              p = poplib.POP3_SSL('127.0.0.1', port, context=ctx)
          else:
              p = poplib.POP3('127.0.0.1', port)
          if tls == 'starttls':
              p.stls(context=ctx)
          print('mechanisms', sorted(p.capa().get('SASL', [])))
          respond = exchange(p.sock)
          p._putcmd('AUTH ' + mech)
          while True:
              line, _ = p._getline()
              if not line.startswith(b'+ ') and line != b'+':
                  break
              p._putcmd(base64.b64encode(respond(base64.b64decode(line[2:])).encode()).decode())
          print('result', line.decode())
          if line.startswith(b'+OK'):
              print('stat', p.stat())
      """;

  private static final String EXPORTER_CLIENT = """
      import base64, subprocess, sys
      try:
          import scramp, scramp.core
      except ImportError:
          sys.exit('the Python package scramp is missing: .ci/run installs it (pip install scramp)')

      port, user, password, binding = sys.argv[1:5]
      # scramp 1.4 checks binding types against a list that predates RFC 9266; the data is openssl's
      scramp.core.CHANNEL_TYPES = tuple(scramp.core.CHANNEL_TYPES) + ('tls-exporter',)
      p = subprocess.Popen(['openssl', 's_client', '-connect', '127.0.0.1:' + port, '-tls1_3', '-crlf', '-ign_eof',
                            '-keymatexport', 'EXPORTER-Channel-Binding', '-keymatexportlen', '32'],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                           bufsize=1)


      def line():
          s = p.stdout.readline()
          if not s:
              sys.exit('openssl s_client closed')
          return s.rstrip('\\r\\n')


      def send(s):
          p.stdin.write(s + '\\n')
          p.stdin.flush()


      exported = None
      while True:
          s = line()
          if 'Keying material:' in s:
              exported = bytes.fromhex(s.split(':', 1)[1].strip())
          if s.startswith('* OK'):
              break
      print('exported', len(exported))
      data = bytes(b ^ 1 for b in exported) if binding == 'wrong' else exported
      c = scramp.ScramClient(['SCRAM-SHA-256-PLUS'], user, password, channel_binding=('tls-exporter', data))
      send('a AUTHENTICATE SCRAM-SHA-256-PLUS ' + base64.b64encode(c.get_client_first().encode()).decode())
      s = line()
      if s.startswith('+ '):
          c.set_server_first(base64.b64decode(s[2:]).decode())
          send(base64.b64encode(c.get_client_final().encode()).decode())
          s = line()
          if s.startswith('+ '):
              c.set_server_final(base64.b64decode(s[2:]).decode())
              print('server signature verified')
              send('')
              s = line()
      print('result', s)
      send('z LOGOUT')
      p.stdin.close()
      p.wait(10)
      """;

  private ScramClient() {}

  /**
   * Logs in with {@code mechanism} ("SCRAM-SHA-256" or "SCRAM-SHA-256-PLUS", bound to tls-server-end-point) over
   * {@code protocol} ("imap", "smtp", "pop3"). The output has a line "mechanisms [...]" (those offered), "server
   * signature verified" when the server proved itself, and "result ..." or "refused ..." with the server's answer.
   */
  public static Python.Result login(String protocol, int port, Tls tls, String mechanism, String user,
                                    String password, Tamper tamper) throws IOException, InterruptedException {
    return Python.run(CLIENT, protocol, port, tls.name().toLowerCase(), mechanism, user, password,
        "tls-server-end-point", tamper.name().toLowerCase());
  }

  /**
   * IMAP AUTHENTICATE SCRAM-SHA-256-PLUS bound to tls-exporter over implicit TLS 1.3 on {@code port}, with the
   * exported keying material as given, or altered when {@code wrongBinding}.
   */
  public static Python.Result imapTlsExporter(int port, String user, String password, boolean wrongBinding)
      throws IOException, InterruptedException {
    return Python.run(EXPORTER_CLIENT, port, user, password, wrongBinding ? "wrong" : "right");
  }
}
