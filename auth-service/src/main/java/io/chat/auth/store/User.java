package io.chat.auth.store;

/** An account as stored: the hash is the self-describing password hash. */
public record User(int id, String name, String passwordHash) {
}
