package io.mailcove.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/** COMPRESS=DEFLATE (RFC 4978): commands and answers flow compressed after the tagged OK. */
class ImapCompressTest extends ImapTestBase {
  @Test
  void deflateBothWays() throws Exception {
    try (ImapClient c = alice()) {
      freshBox(c, 2);
      assertThat(c.command("COMPRESS DEFLATE").tagged()).contains("OK");
      c.replaceStreams(new InflaterInputStream(c.socket().getInputStream(), new Inflater(true)),
          new DeflaterOutputStream(c.socket().getOutputStream(), new Deflater(Deflater.DEFAULT_COMPRESSION, true),
              true));
      ImapClient.Response r = c.command("FETCH 1:2 (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
      assertThat(r.all()).contains("Subject: msg 1", "Subject: msg 2");
      assertThat(c.command("COMPRESS DEFLATE").tagged()).contains("NO [COMPRESSIONACTIVE]");
      assertThat(c.command("CAPABILITY").all()).doesNotContain("COMPRESS=DEFLATE");
    }
  }
}
