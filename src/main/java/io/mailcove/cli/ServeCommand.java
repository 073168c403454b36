package io.mailcove.cli;

import io.mailcove.config.Config;
import io.mailcove.log.Log;
import io.mailcove.server.ListenerSettings;
import io.mailcove.server.MailServer;
import io.mailcove.store.Store;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mailcove serve -c mailcove.toml}: production, on the standard ports unless the configuration says else. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the mail server (standard ports: 25, 587, 465, 143, 993, 110, 995, 4190, 80, 443).")
final class ServeCommand implements Callable<Integer> {
  private static final Log LOG = Log.of(ServeCommand.class);
  private final CliContext ctx;

  ServeCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    Config config = ctx.loadConfig();
    Path dataDir = CliContext.dataDir(config);
    CliContext.ServerData data = CliContext.openServerData(config, dataDir, ListenerSettings.STANDARD);
    Store store = data.store();
    MailServer server;
    try {
      server = ServerRunner.start(config, data, ListenerSettings.STANDARD);
    } catch (Exception | Error e) {
      store.close();
      throw e;
    }
    ServerRunner.Stopper stopper = ServerRunner.stopOnSignal(server, store);
    LOG.info("server.ready", "hostname", server.context().hostname(), "config", config.file(), "data_dir", dataDir,
        "seconds", ServerRunner.sinceStart());
    stopper.await();
    return Main.OK;
  }
}
