package io.chat.server;

import io.chat.testkit.ClientTransport;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a test once over TCP and once over WebSocket: the protocol is the same on both, only the
 * framing differs. The test takes the {@link ClientTransport} as its first parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "over {0}")
@EnumSource(ClientTransport.class)
@interface OverEachTransport {
}
