package io.chat.gateway.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request line that is a JSON object: the op when it is a string (else null), the
 * {@code ref} to echo (a String or an integer Number; null when absent or ill-typed), whether
 * the ref was well-typed, and the whole object for the op's fields.
 */
public record Request(String op, Object ref, boolean refValid, ObjectNode fields) {
}
