package io.mailcove.web.account;

import gg.jte.Content;
import io.mailcove.web.session.WebRequest;

/**
 * A section of the account page contributed by another part of the door (two-factor login, app passwords, API
 * tokens): it renders its own template for the logged-in user of the request, usually with
 * {@link io.mailcove.web.view.View#fragment}. Its forms post to its own paths, with the page's CSRF token.
 */
@FunctionalInterface
public interface AccountSection {
  Content render(WebRequest request);
}
