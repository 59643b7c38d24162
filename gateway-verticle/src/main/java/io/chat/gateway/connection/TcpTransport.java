package io.chat.gateway.connection;

import io.chat.gateway.framing.LineFramer;
import io.chat.gateway.framing.LoopEndFlush;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP client socket with newline-delimited frames ({@link LineFramer}).
 *
 * <p>Vert.x closes a connection as soon as the client shuts down its sending side, which would
 * drop the replies still owed. Netty's half-closure keeps the socket writable instead. Vert.x has
 * no public option for it, so it is set through the internal socket API before any byte is read,
 * and a small Netty handler reports the end of input on the connection's context (passing every
 * event on, so Vert.x still sees its own). The same handler's place in the pipeline lets
 * {@link #cutOff} close at once, in front of Vert.x, which would otherwise wait for the queued
 * writes. Next to the socket goes {@link LoopEndFlush}: what the connection is sent in one loop
 * turn leaves in one packet.
 */
public final class TcpTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

  private final NetSocket socket;
  private final Context context;
  private final int frameLimit;
  private ChannelHandlerContext nettyFront;

  public TcpTransport(NetSocket socket, Context context, int frameLimit, int outboundLimit) {
    this.socket = socket;
    this.context = context;
    this.frameLimit = frameLimit;
    socket.setWriteQueueMaxSize(outboundLimit);
  }

  @Override
  public void start(Listener listener) {
    socket.handler(new LineFramer(frameLimit, new LineFramer.Sink() {
      @Override
      public void line(byte[] line) {
        listener.frame(line);
      }

      @Override
      public void oversized() {
        listener.oversized();
      }
    }));
    socket.closeHandler(v -> listener.closed());
    socket.shutdownHandler(v -> listener.shuttingDown());
    socket.exceptionHandler(e -> LOG.debug("connection {}: {}", socket.remoteAddress(), e.toString()));
    if (socket instanceof NetSocketInternal internal) {
      ChannelHandlerContext netty = internal.channelHandlerContext();
      netty.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
      netty.pipeline().addFirst("chat-loop-end-flush", new LoopEndFlush());
      netty.pipeline().addBefore(netty.name(), "chat-input-end", new ChannelInboundHandlerAdapter() {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
          nettyFront = ctx;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
          if (event instanceof ChannelInputShutdownEvent) {
            context.runOnContext(v -> listener.inputEnded());
          }
          ctx.fireUserEventTriggered(event);
        }
      });
    }
  }

  @Override
  public Future<Void> write(Buffer frame) {
    return socket.write(frame);
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
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
      // Netty fails the writes still queued; the cursor of a message among them does not move.
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
