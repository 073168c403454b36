/**
 * The web door: the http and https listeners (Jetty, requests on virtual threads), their limits and security
 * headers, and the {@link io.mailcove.web.Routes} table that features register their pages and endpoints in.
 * {@link io.mailcove.web.WebServer} builds the listeners; everything else is internal.
 */
package io.mailcove.web;
