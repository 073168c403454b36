package io.mailcove.store;

public enum Role { USER, ADMIN }
