package io.mailcove.web.console;

import io.mailcove.admin.AdminException;
import java.util.Locale;

/**
 * A refusal as a console page shows it: the i18n key of its kind ({@code console.error.invalid}, ...) and the admin
 * service's own sentence, which names the object concerned.
 */
public record Problem(String kindKey, String detail) {
  static Problem of(AdminException e) {
    return new Problem("console.error." + e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
  }
}
