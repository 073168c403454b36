package io.mailcove.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a server start leaves for later, through the launcher as a user runs it: the demo starts twice (the first
 * start makes the data folder and its certificate), the second with the JVM logging every class it loads. By the
 * time every listener accepts, nothing that only outbound mail, webhooks, monitoring or the other commands need has
 * been loaded: each of these was a few hundred classes and a good part of start-up CPU.
 */
@Tag("launcher")
class ServerStartClassesTest {
  @TempDir
  Path tmp;

  @Test
  void aStartLoadsNoResolverOutboundTlsHttpClientJmxOrCommandParser() throws Exception {
    Path dir = tmp.resolve("mailcove-demo");
    DemoLauncherTest.stop(start(dir, ""));

    Path log = tmp.resolve("classes.log");
    DemoLauncherTest.Demo demo = start(dir, "-Xlog:class+load=info:file=" + log);
    List<String> loaded = classes(log); // read before any connection: what the start itself loaded
    try {
      assertThat(loaded).as("the class log of the start").contains("io.mailcove.server.MailServer",
          "io.mailcove.smtp.SmtpServer", "io.mailcove.tls.TlsManager");
      assertThat(loaded).as("dnsjava's resolver: made at the first outbound lookup")
          .doesNotContain("org.xbill.DNS.ExtendedResolver", "org.xbill.DNS.ResolverConfig");
      assertThat(loaded).as("the system's name resolver: the demo configures its hostname, so the machine's name is "
          + "not looked up (the first lookup of a process searches every jar for a resolver)")
          .doesNotContain("java.net.spi.InetAddressResolverProvider",
              "org.xbill.DNS.spi.DnsjavaInetAddressResolverProvider");
      assertThat(loaded).as("the JDK's trusted roots: read at the first outgoing TLS connection")
          .doesNotContain("sun.security.ssl.TrustStoreManager");
      assertThat(loaded).as("the webhooks' HTTP client: made for the first delivery")
          .doesNotContain("jdk.internal.net.http.HttpClientImpl");
      assertThat(loaded).as("JMX (Jetty's cache-line probe, the load sampler)")
          .noneMatch(c -> c.startsWith("javax.management.") || c.startsWith("java.lang.management."));
      assertThat(loaded).as("picocli: only for the commands other than demo and serve")
          .noneMatch(c -> c.startsWith("picocli."));
      assertThat(loaded).as("tomlj and ANTLR (on this test class path): the configuration has its own TOML parser")
          .contains("io.mailcove.config.TomlParser")
          .noneMatch(c -> c.startsWith("org.tomlj.") || c.startsWith("org.antlr."));
      assertThat(loaded).as("the reader pool is configured on the data source itself: HikariConfig's copy by "
          + "reflection made a field accessor per field type, with classes spun for each")
          .noneMatch(c -> c.startsWith("jdk.internal.reflect.MethodHandle") && c.endsWith("FieldAccessorImpl"));
      assertThat(loaded).as("no BigDecimal for a timeout (Duration.multipliedBy): its set-up cost every start")
          .doesNotContain("java.math.BigDecimal");
      assertThat(loaded).as("the web handlers made at start are classes, which the start-up cache keeps, not "
          + "lambdas of Jetty's Request.Handler, which it does not")
          .noneMatch(c -> c.startsWith("io.mailcove.web.session.WebSessions$$Lambda")
              || c.startsWith("io.mailcove.web.LandingPage$$Lambda") || c.startsWith("io.mailcove.api.Api$$Lambda"));
      assertThat(loaded).as("the JDK's full locale data (java.locale.providers=HOST in the launcher): the web "
          + "library's first use of locales listed all ~1,150 it has")
          .doesNotContain("sun.util.cldr.CLDRLocaleProviderAdapter");
      assertThat(loaded.stream().filter(c -> c.contains(".$Proxy")))
          .as("generated proxy classes: only HikariCP's stand-in for a closed connection; the writer's connection "
              + "for a transaction is a plain class (WriterConnection)")
          .hasSizeLessThanOrEqualTo(1);
      for (Map.Entry<String, InetSocketAddress> e : demo.listeners().entrySet()) {
        DemoLauncherTest.assertAnswers(e.getKey(), e.getValue());
      }
    } finally {
      DemoLauncherTest.stop(demo);
    }
  }

  private static DemoLauncherTest.Demo start(Path dir, String javaOpts) throws Exception {
    ProcessBuilder pb = DemoLauncherTest.demoCommand(Path.of("mailcove"), dir);
    pb.environment().put("MAILCOVE_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("MAILCOVE_JAVA_OPTS", javaOpts);
    return DemoLauncherTest.start(pb);
  }

  /** The class names of a {@code -Xlog:class+load} file: {@code [0.1s][info][class,load] NAME source: ...}. */
  private static List<String> classes(Path log) throws Exception {
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains("[class,load] "))
        .map(l -> l.substring(l.indexOf("[class,load] ") + "[class,load] ".length()).split(" ", 2)[0])
        .toList();
  }
}
