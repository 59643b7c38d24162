package io.chat.message.presence;

/**
 * What a session's open or close did to its user's presence.
 *
 * @param crossed true when the user came online (first session) or went offline (last one)
 * @param version the change's version from the registry: a user's later change has the greater
 *     one, whichever node made it
 */
public record StateChange(boolean crossed, long version) {
}
