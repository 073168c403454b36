package io.mailcove.app;

import io.mailcove.admin.AdminService;
import io.mailcove.admin.PasswordPolicy;
import io.mailcove.api.Api;
import io.mailcove.auth.AuthService;
import io.mailcove.auth.AuthSettings;
import io.mailcove.auth.PasswordHasher;
import io.mailcove.config.Config;
import io.mailcove.config.ConfigSection;
import io.mailcove.delivery.LocalDelivery;
import io.mailcove.imap.ImapServer;
import io.mailcove.imap.ImapSettings;
import io.mailcove.pipeline.Check;
import io.mailcove.pipeline.Checks;
import io.mailcove.pipeline.Pipeline;
import io.mailcove.pop3.Pop3Server;
import io.mailcove.pop3.Pop3Settings;
import io.mailcove.queue.Courier;
import io.mailcove.queue.QueueServices;
import io.mailcove.server.Housekeeping;
import io.mailcove.server.ListenerSettings;
import io.mailcove.server.MailServer;
import io.mailcove.server.ServerContext;
import io.mailcove.server.Service;
import io.mailcove.smtp.SmtpServer;
import io.mailcove.smtp.SmtpSettings;
import io.mailcove.store.Store;
import io.mailcove.tls.TlsProvider;
import io.mailcove.tls.TlsSettings;
import io.mailcove.web.Routes;
import io.mailcove.web.WebServer;
import io.mailcove.web.WebSettings;
import io.mailcove.web.console.Console;
import io.mailcove.web.console.StatusReader;
import io.mailcove.web.session.SessionSettings;
import io.mailcove.web.session.WebSessions;
import io.mailcove.web.signup.SignupSettings;
import io.mailcove.webhook.WebhookSettings;
import io.mailcove.webhook.Webhooks;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one place where the server is put together: every component is built here, from the configuration, and given
 * what it needs through its constructor. The order is the order of dependencies: the shared context (TLS,
 * authentication), the outbound queue, the receive pipeline (which queues through the queue's outbox), the courier
 * (whose local hand-off goes back through the pipeline), then the listeners of each protocol and the web door. The
 * {@link MailServer} only starts and stops the services in that order.
 */
public final class Application {
  private final ServerContext context;
  private final QueueServices queue;
  private final Pipeline pipeline;
  private final MailServer server;

  private Application(ServerContext context, QueueServices queue, Pipeline pipeline, MailServer server) {
    this.context = context;
    this.queue = queue;
    this.pipeline = pipeline;
    this.server = server;
  }

  /**
   * Builds the server from its configuration and an opened store. {@code listenerDefaults} is
   * {@link ListenerSettings#STANDARD} for production or {@link ListenerSettings#DEMO}.
   */
  public static Application create(Config config, Store store, Map<String, String> listenerDefaults)
      throws IOException {
    return builder(config, store, listenerDefaults).build();
  }

  public static Builder builder(Config config, Store store, Map<String, String> listenerDefaults) {
    return new Builder(config, store, listenerDefaults);
  }

  /**
   * Starts reading (or, the first time, making) the TLS certificate of a checked configuration on a thread of its
   * own, for {@link Builder#tls}: checking the key against the certificate and setting up the JDK's TLS take a
   * good part of start-up, and need nothing the store has, so a server start does them while the store opens.
   */
  public static Future<TlsProvider> loadTls(Config config) {
    ConfigSection root = config.root();
    String hostname = hostname(root);
    Path dataDir = root.path("data_dir", config.resolve("data"));
    FutureTask<TlsProvider> task = new FutureTask<>(() -> TlsSettings.from(config.section("tls")).open(dataDir,
        hostname));
    Thread.ofPlatform().daemon().name("tls-load").start(task);
    return task;
  }

  /**
   * Starts setting up the web library on a thread of its own when the configuration has a web listener, for
   * {@link Builder#webPrepared}: a server start does it while the store opens. Answers a finished future otherwise.
   */
  public static Future<Void> prepareWeb(Config config, Map<String, String> listenerDefaults) {
    ListenerSettings listeners = ListenerSettings.from(config.section("listeners"), listenerDefaults);
    if (listeners.get("http") == null && listeners.get("https") == null) {
      return CompletableFuture.completedFuture(null);
    }
    return WebServer.prepareInBackground();
  }

  /** Assembles an {@link Application}; extra checks join the pipeline's lists. */
  public static final class Builder {
    private final Config config;
    private final Store store;
    private final Map<String, String> listenerDefaults;
    private final List<Check> extraChecks = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private UnaryOperator<ImapSettings> imapSettings = UnaryOperator.identity();
    private UnaryOperator<Pop3Settings> pop3Settings = UnaryOperator.identity();
    private Consumer<Routes> webRoutes = routes -> { };
    private BiConsumer<Routes, WebSessions> webPages = (routes, sessions) -> { };
    private Future<TlsProvider> tls;
    private Future<Void> webPrepared = CompletableFuture.completedFuture(null);
    private PasswordHasher passwordHasher = new PasswordHasher();

    private Builder(Config config, Store store, Map<String, String> listenerDefaults) {
      this.config = config;
      this.store = store;
      this.listenerDefaults = listenerDefaults;
    }

    /** Appends {@code check} to the checks of every listener kind, after the standard ones. */
    public Builder check(Check check) {
      extraChecks.add(check);
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /**
     * Adjusts the IMAP settings read from the configuration. For embedding: the configuration file keeps the RFC's
     * floors (such as the 30-minute autologout), a program that embeds the server may set any value.
     */
    public Builder imapSettings(UnaryOperator<ImapSettings> adjust) {
      this.imapSettings = adjust;
      return this;
    }

    /** The TLS certificate {@link Application#loadTls} is reading for this configuration. */
    public Builder tls(Future<TlsProvider> loading) {
      this.tls = loading;
      return this;
    }

    /** The web library being set up by {@link Application#prepareWeb}; the build waits for it before its first use. */
    public Builder webPrepared(Future<Void> preparing) {
      this.webPrepared = preparing;
      return this;
    }

    /** Adjusts the POP3 settings read from the configuration, as {@link #imapSettings} does for IMAP. */
    public Builder pop3Settings(UnaryOperator<Pop3Settings> adjust) {
      this.pop3Settings = adjust;
      return this;
    }

    /** Registers more pages and endpoints on the web listeners, after the standard ones (embedding, tests). */
    public Builder webRoutes(Consumer<Routes> register) {
      this.webRoutes = this.webRoutes.andThen(register);
      return this;
    }

    /**
     * Registers more pages that need the web door's sessions (a logged-in user, the admin role, CSRF), after the
     * door's own (embedding, tests).
     */
    public Builder webPages(BiConsumer<Routes, WebSessions> register) {
      this.webPages = this.webPages.andThen(register);
      return this;
    }

    /** The hasher of passwords set through the web door (tests use cheap parameters). */
    public Builder passwordHasher(PasswordHasher hasher) {
      this.passwordHasher = hasher;
      return this;
    }

    public Application build() throws IOException {
      // the whole file first, as every command checks it, before anything is opened or created
      ConfigurationCheck.check(config, listenerDefaults);
      ConfigSection root = config.root();
      String hostname = hostname(root);
      Path dataDir = root.path("data_dir", config.resolve("data"));
      TlsSettings tlsSettings = TlsSettings.from(config.section("tls"));
      TlsProvider tls = this.tls == null ? tlsSettings.open(dataDir, hostname)
          : outcome(this.tls, "reading the TLS certificate");
      AuthSettings authSettings = AuthSettings.from(config.section("auth"));
      AuthService auth = new AuthService(store, authSettings, clock);
      ServerContext ctx = new ServerContext(config, hostname, dataDir, store, tls, tlsSettings.handshakeTimeout(), auth,
          clock);
      ListenerSettings listeners = ListenerSettings.from(config.section("listeners"), listenerDefaults);
      List<Service> services = new ArrayList<>();
      services.add(new Housekeeping(store, Housekeeping.Settings.from(config.section("housekeeping")), clock));

      QueueServices queue = new QueueServices(ctx);
      SmtpSettings smtp = SmtpSettings.from(config.section("smtp"));
      Path spool = SmtpServer.tempDir(ctx);
      Checks checks = Checks.standard(new Checks.Settings(smtp.maxMessageSize(), smtp.maxRecipients(),
          store.directory(), auth::isBanned, spool, hostname, clock)).plus(extraChecks);
      Pipeline pipeline = new Pipeline(checks, store, new LocalDelivery(store, clock), queue.outbox(),
          queue.notices(), queue.srs(), hostname, clock, spool, ctx.memoryBudget());
      Courier courier = queue.courier(pipeline);
      services.add(courier);
      // webhooks hear of deliveries and of the queue's outcomes; they never hold either up
      Webhooks webhooks = new Webhooks(store, WebhookSettings.from(config.section("webhooks")), clock);
      pipeline.onDelivery(webhooks);
      courier.onStatus(webhooks);
      services.add(webhooks);

      services.addAll(SmtpServer.services(ctx, listeners, smtp, pipeline));
      services.addAll(ImapServer.services(ctx, listeners,
          imapSettings.apply(ImapSettings.from(config.section("imap")))));
      services.addAll(Pop3Server.services(ctx, listeners,
          pop3Settings.apply(Pop3Settings.from(config.section("pop3")))));
      // the web door: features register their pages and endpoints in these routes
      WebSettings web = WebSettings.from(config.section("web"));
      outcome(webPrepared, "setting up the web library");
      Routes routes = WebServer.standardRoutes(ctx);
      // made at the first page that needs it: a server nobody browses never loads the admin service
      Supplier<AdminService> admin = WebDoor.once(() -> new AdminService(store,
          new PasswordPolicy(authSettings.minPasswordLength()), passwordHasher, clock));
      WebDoor door = new WebDoor(ctx, web, SessionSettings.from(config.section("web")),
          SignupSettings.from(config.section("web")), admin);
      door.register(routes, ctx);
      new Api(ctx, pipeline, admin, web.maxBodySize()).register(routes);
      // the console's status lists the services, complete by the time a page asks
      new Console(admin, new StatusReader(() -> services, tls, dataDir, admin, clock), hostname, clock)
          .register(routes, door.sessions());
      webPages.accept(routes, door.sessions());
      webRoutes.accept(routes);
      services.addAll(WebServer.services(ctx, listeners, web, routes));
      config.rejectUnknownKeys();
      return new Application(ctx, queue, pipeline, new MailServer(ctx, services));
    }
  }

  /**
   * The outcome of work started on a thread of its own ({@link #loadTls}, {@link #prepareWeb}): its value, or its
   * error as the work would have thrown it on this thread.
   */
  private static <T> T outcome(Future<T> work, String what) {
    try {
      return work.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  public MailServer server() {
    return server;
  }

  public ServerContext context() {
    return context;
  }

  /** The outbound side: queue store, DKIM keys, resolver, courier. */
  public QueueServices queue() {
    return queue;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  /**
   * The configured {@code hostname}, or else the machine's name as the system's resolver gives it. Only looked up when
   * not configured: the lookup (a forward and a reverse one) can wait on the network, and the first one of a process
   * also searches every jar for a resolver.
   */
  private static String hostname(ConfigSection root) {
    String configured = root.string("hostname", null);
    if (configured != null) {
      return configured;
    }
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
