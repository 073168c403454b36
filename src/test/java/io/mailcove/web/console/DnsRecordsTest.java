package io.mailcove.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailcove.admin.Actor;
import io.mailcove.admin.DkimKeyView;
import io.mailcove.testing.TestServerExtension;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The DNS records the console lists for a domain, with the DKIM keys the admin service made for it. */
class DnsRecordsTest {
  @RegisterExtension
  static final TestServerExtension server = new TestServerExtension();

  @Test
  void everyRecordADomainNeeds() {
    server.get().admin().domains().add(Actor.localAdministrator(), "records.test");
    List<DkimKeyView> keys = server.get().admin().dkim().list(Actor.localAdministrator(), "records.test");
    List<ServerStatus.Listener> listeners = List.of(
        new ServerStatus.Listener("smtp", "0.0.0.0:25", ServerStatus.Tls.STARTTLS),
        new ServerStatus.Listener("submission", "0.0.0.0:587", ServerStatus.Tls.STARTTLS),
        new ServerStatus.Listener("imaps", "[::]:993", ServerStatus.Tls.IMPLICIT),
        new ServerStatus.Listener("https", "0.0.0.0:443", ServerStatus.Tls.IMPLICIT));

    List<DnsRecords.Record> records = DnsRecords.of("records.test", "mail.records.test", keys, listeners,
        LocalDate.of(2026, 12, 7));

    assertThat(records).contains(
        new DnsRecords.Record("records.test.", "MX", "10 mail.records.test.", "console.dns.mx"),
        new DnsRecords.Record("records.test.", "TXT", "v=spf1 mx -all", "console.dns.spf"),
        new DnsRecords.Record("_dmarc.records.test.", "TXT",
            "v=DMARC1; p=quarantine; rua=mailto:postmaster@records.test", "console.dns.dmarc"),
        new DnsRecords.Record("_mta-sts.records.test.", "TXT", "v=STSv1; id=20261207", "console.dns.mta_sts"),
        new DnsRecords.Record("_smtp._tls.records.test.", "TXT", "v=TLSRPTv1; rua=mailto:postmaster@records.test",
            "console.dns.tls_rpt"),
        new DnsRecords.Record("autoconfig.records.test.", "CNAME", "mail.records.test.", "console.dns.autoconfig"));
    // one DKIM record per key, as `mailcove dkim show` prints them
    assertThat(records).filteredOn(r -> r.purpose().equals("console.dns.dkim")).hasSize(2)
        .allSatisfy(r -> assertThat(r.name()).endsWith("._domainkey.records.test.")
            .startsWith(keys.stream().filter(k -> r.name().startsWith(k.selector())).findFirst().orElseThrow()
                .selector()))
        .extracting(DnsRecords.Record::value).allMatch(v -> v.startsWith("v=DKIM1; k="));
    // SRV only for the client listeners that are on, with their ports: submission, IMAP, POP3
    assertThat(records).filteredOn(r -> r.type().equals("SRV")).containsExactly(
        new DnsRecords.Record("_submission._tcp.records.test.", "SRV", "0 1 587 mail.records.test.",
            "console.dns.srv"),
        new DnsRecords.Record("_imaps._tcp.records.test.", "SRV", "0 1 993 mail.records.test.", "console.dns.srv"));
  }
}
