package io.chat.gateway.connection;

import io.chat.gateway.framing.LineFramer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP client connection with newline-delimited frames ({@link LineFramer}): the last handler
 * of its Netty pipeline ({@link TcpListener} builds it), passing what it reads and notices to the
 * connection on the context of the gateway instance that accepted it, and writing for it.
 *
 * <p>A client that shuts down its sending side ({@code printf ... | nc -q 1}) still gets the
 * replies it is owed: the channel allows half-closure, and the end of input is reported as such
 * (after a last line that did not end in {@code \n}, as a frame of its own).
 * What is written in one event-loop turn leaves in one packet ({@code LoopEndFlush}, next to the
 * socket).
 */
public final class TcpTransport extends ChannelInboundHandlerAdapter implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

  private final ContextInternal context;
  private final int frameLimit;
  private final Handler<TcpTransport> accepted;
  private Channel channel;
  private String remoteAddress;
  private LineFramer framer;
  private Listener listener;

  /** @param accepted told of the connection once it is open, on the context */
  TcpTransport(ContextInternal context, int frameLimit, Handler<TcpTransport> accepted) {
    this.context = context;
    this.frameLimit = frameLimit;
    this.accepted = accepted;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    remoteAddress = ((InetSocketAddress) channel.remoteAddress()).getAddress().getHostAddress();
    context.emit(this, accepted);
    ctx.fireChannelActive();
  }

  @Override
  public void start(Listener started) {
    listener = started;
    framer = new LineFramer(frameLimit, new LineFramer.Sink() {
      @Override
      public void line(byte[] line) {
        started.frame(line);
      }

      @Override
      public void oversized() {
        started.oversized();
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf chunk = (ByteBuf) msg;
    try {
      if (framer != null) {
        context.emit(chunk, framer::feed);
      }
    } finally {
      chunk.release();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent && listener != null) {
      context.emit(null, v -> {
        framer.end();
        listener.inputEnded();
      });
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (listener != null) {
      context.emit(null, v -> listener.closed());
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection {}: {}", remoteAddress, cause.toString());
    ctx.close();
  }

  @Override
  public Future<Void> write(Buffer frame) {
    PromiseInternal<Void> written = context.promise();
    channel.writeAndFlush(((BufferInternal) frame).getByteBuf()).addListener(written);
    return written.future();
  }

  @Override
  public void send(Buffer frame) {
    channel.writeAndFlush(((BufferInternal) frame).getByteBuf(), channel.voidPromise());
  }

  @Override
  public boolean writeQueueFull() {
    return !channel.isWritable();
  }

  @Override
  public void pause() {
    channel.config().setAutoRead(false);
  }

  @Override
  public void resume() {
    channel.config().setAutoRead(true);
  }

  /** Closes once everything written so far has reached the socket. */
  @Override
  public void close() {
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void cutOff() {
    // Netty fails the writes still queued; the cursor of a message among them does not move.
    channel.close();
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }
}
