package io.mailcove.web.session;

import io.mailcove.admin.Actor;
import io.mailcove.web.view.Viewer;

/**
 * The account logged in on a request: its canonical address, whether it has the admin role (read from the directory
 * at this request, so a role taken away or an account disabled counts at once), its session's public id and the
 * session's CSRF token.
 */
public record WebUser(String address, boolean admin, long sessionId, String csrfToken) {
  /** Who asks, for {@link io.mailcove.admin.AdminService} operations. */
  public Actor actor() {
    return Actor.account(address);
  }

  public Viewer viewer() {
    return new Viewer(address, admin);
  }

  @Override
  public String toString() {
    return "WebUser[" + address + (admin ? ", admin" : "") + ", session " + sessionId + "]";
  }
}
