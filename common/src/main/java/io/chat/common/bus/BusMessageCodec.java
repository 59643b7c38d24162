package io.chat.common.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * How bus records travel: inside one node as themselves (they are immutable, so the receiver
 * gets the sender's object: no JSON is written or read), to another node as their JSON. The
 * receiver of a message from another node gets the JSON object, which the action's reader turns
 * back into the record ({@link ActionRouter}, {@link ServiceClient}).
 */
public final class BusMessageCodec implements MessageCodec<BusMessage, Object> {

  public static final String NAME = "chat-bus-message";

  private static final BusMessageCodec INSTANCE = new BusMessageCodec();

  private BusMessageCodec() {
  }

  /** Registers the codec on this event bus (again is no error). */
  public static void register(EventBus bus) {
    try {
      bus.registerCodec(INSTANCE);
    } catch (IllegalStateException alreadyRegistered) {
      // one registration per event bus is all it takes
    }
  }

  /** Options that send a record with this codec. */
  public static DeliveryOptions options() {
    return new DeliveryOptions().setCodecName(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, BusMessage message) {
    Buffer json = message.toJson().toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.slice(pos + 4, pos + 4 + length));
  }

  @Override
  public Object transform(BusMessage message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
