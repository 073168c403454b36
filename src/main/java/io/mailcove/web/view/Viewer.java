package io.mailcove.web.view;

/** The logged-in account as the layout shows it: its address, and whether it sees the admin console link. */
public record Viewer(String address, boolean admin) {}
