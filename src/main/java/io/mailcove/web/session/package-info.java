/**
 * Who is logged in on the web: server-side sessions in the store, login and logout through the shared
 * authenticator, and CSRF protection. A page registers through
 * {@link io.mailcove.web.session.WebSessions#open}, {@link io.mailcove.web.session.WebSessions#requireUser} or
 * {@link io.mailcove.web.session.WebSessions#requireAdmin}; its {@link io.mailcove.web.session.PageHandler} gets a
 * {@link io.mailcove.web.session.WebRequest} with the {@link io.mailcove.web.session.WebUser} (address, admin role
 * read at this request, {@code actor()} for the admin service) after the CSRF token of a state-changing request was
 * checked.
 */
package io.mailcove.web.session;
