/**
 * How the web door's pages are drawn: {@link io.mailcove.web.view.View} renders the JTE templates of
 * {@code src/main/jte} (compiled at build time; each extends {@code layout.jte}) with a
 * {@link io.mailcove.web.view.Page} (strings of the chosen {@link io.mailcove.web.view.Language}, theme, logged-in
 * viewer, CSRF token); {@link io.mailcove.web.view.StaticFiles} serves {@code /static/};
 * {@link io.mailcove.web.view.Preferences} is the language and theme switch.
 */
package io.mailcove.web.view;
