package io.mailcove.testing;

import io.mailcove.admin.AdminService;
import io.mailcove.app.Application;
import io.mailcove.store.Account;
import io.mailcove.store.Store;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestServer} for a whole test class: started before the class's own {@code @BeforeAll} methods (so
 * they can seed accounts) and closed after its {@code @AfterAll} methods.
 *
 * <pre>{@code @RegisterExtension static final TestServerExtension server = new TestServerExtension();}</pre>
 */
public final class TestServerExtension implements BeforeAllCallback, AfterAllCallback {
  private final String extraToml;
  private final Consumer<Application.Builder> customize;
  private TestServer server;

  public TestServerExtension() {
    this("");
  }

  /** {@code extraToml} is appended to the generated configuration, as in {@link TestServer#start(String)}. */
  public TestServerExtension(String extraToml) {
    this(extraToml, b -> { });
  }

  /** With {@code customize} applied to the application's builder, as in {@link TestServer#start(String, Consumer)}. */
  public TestServerExtension(String extraToml, Consumer<Application.Builder> customize) {
    this.extraToml = extraToml;
    this.customize = customize;
  }

  /** The web door's tests: the default configuration (http on) with the quick password hasher. */
  public static TestServerExtension web() {
    return new TestServerExtension("", b -> b.passwordHasher(TestServer.FAST_HASHER));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = TestServer.start(extraToml, customize);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The running server, for helpers that take a {@link TestServer}. */
  public TestServer get() {
    if (server == null) {
      throw new IllegalStateException("the test server runs only between beforeAll and afterAll");
    }
    return server;
  }

  public int port(String service) {
    return get().port(service);
  }

  public Store store() {
    return get().store();
  }

  public Account createAccount(String address, String password) {
    return get().createAccount(address, password);
  }

  public Account account(String address) {
    return get().account(address);
  }

  public Application app() {
    return get().app();
  }

  public AdminService admin() {
    return get().admin();
  }

  /** The web door's address: {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port("http");
  }
}
