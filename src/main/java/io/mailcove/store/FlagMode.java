package io.mailcove.store;

/** STORE FLAGS / +FLAGS / -FLAGS. */
public enum FlagMode { REPLACE, ADD, REMOVE }
