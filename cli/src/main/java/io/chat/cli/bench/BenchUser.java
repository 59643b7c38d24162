package io.chat.cli.bench;

import io.chat.cli.connection.ChatConnection;

/** A bench user set up and connected: its id is -1 when it was not logged in. */
record BenchUser(String name, int id, ChatConnection connection) {
}
