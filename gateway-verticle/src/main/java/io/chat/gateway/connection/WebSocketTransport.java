package io.chat.gateway.connection;

import io.chat.gateway.framing.LoopEndFlush;
import io.chat.gateway.framing.MessageFramer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket client connection: each text message is one frame ({@link MessageFramer}), and
 * each frame written is one text message (the line without its {@code \n}).
 *
 * <p>The server's own WebSocket limits are set above the frame limit, so that the connection,
 * not Vert.x, decides about a message over it. A single frame over even those limits is refused
 * by Netty's decoder from its header, before its payload is read; Vert.x would then close the
 * connection at once, without a word. A small Netty handler in front of Vert.x's takes that
 * refusal and reports it as an oversized message instead, so the client gets
 * {@code frame_too_large} and {@code bye} as over TCP. The same handler's place lets
 * {@link #cutOff} close at once, in front of Vert.x (which would otherwise send a close frame and
 * wait for the client's), and {@link LoopEndFlush} goes next to the socket as for TCP.
 */
public final class WebSocketTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);

  private final ServerWebSocket socket;
  private final Context context;
  private final int frameLimit;
  private ChannelHandlerContext nettyFront;

  public WebSocketTransport(ServerWebSocket socket, Context context, int frameLimit, int outboundLimit) {
    this.socket = socket;
    this.context = context;
    this.frameLimit = frameLimit;
    socket.setWriteQueueMaxSize(outboundLimit);
  }

  @Override
  public void start(Listener listener) {
    MessageFramer framer = new MessageFramer(frameLimit, new MessageFramer.Sink() {
      @Override
      public void text(byte[] message) {
        listener.frame(message);
      }

      @Override
      public void binary() {
        listener.notText();
      }

      @Override
      public void oversized() {
        listener.oversized();
      }
    });
    socket.frameHandler(framer::frame);
    socket.closeHandler(v -> listener.closed());
    socket.shutdownHandler(v -> listener.shuttingDown());
    socket.exceptionHandler(e -> LOG.debug("WebSocket {}: {}", socket.remoteAddress(), e.toString()));
    if (socket instanceof WebSocketInternal internal) {
      ChannelHandlerContext netty = internal.channelHandlerContext();
      netty.pipeline().addFirst("chat-loop-end-flush", new LoopEndFlush());
      netty.pipeline().addBefore(netty.name(), "chat-frame-refused", new ChannelInboundHandlerAdapter() {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
          nettyFront = ctx;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
          if (cause instanceof CorruptedWebSocketFrameException refused
              && WebSocketCloseStatus.MESSAGE_TOO_BIG.equals(refused.closeStatus())) {
            // The decoder reads nothing more; the connection answers and closes.
            context.runOnContext(v -> framer.refusedFrame());
          } else {
            ctx.fireExceptionCaught(cause);
          }
        }
      });
    }
  }

  @Override
  public Future<Void> write(Buffer frame) {
    int end = frame.length();
    if (end > 0 && frame.getByte(end - 1) == '\n') {
      end--;
    }
    return socket.writeTextMessage(frame.getString(0, end, StandardCharsets.UTF_8.name()));
  }

  @Override
  public void send(Buffer frame) {
    write(frame);
  }

  @Override
  public boolean writeQueueFull() {
    // Vert.x throws once the socket is closed (also by the client's close frame); nothing waits then.
    return !socket.isClosed() && socket.writeQueueFull();
  }

  @Override
  public void pause() {
    socket.pause();
  }

  @Override
  public void resume() {
    socket.resume();
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public void cutOff() {
    if (nettyFront != null) {
      nettyFront.close();
    } else {
      socket.close();
    }
  }

  @Override
  public String remoteAddress() {
    return socket.remoteAddress().hostAddress();
  }
}
