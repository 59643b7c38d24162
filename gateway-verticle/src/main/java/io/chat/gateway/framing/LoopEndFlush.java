package io.chat.gateway.framing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SingleThreadEventLoop;
import java.util.concurrent.RejectedExecutionException;

/**
 * Flushes a connection once per event-loop iteration instead of once per write. A connection
 * is often written to several times in one iteration (the reply to its own send and a message
 * for it, or several messages); each flush is a packet through the kernel's TCP stack, and on
 * loopback also the receiver's side of it, so these writes leave in one packet. A write waits at
 * most until the loop has run the tasks it holds. Closing flushes what is pending first, and so
 * does a write that takes the connection over its write limit: otherwise a burst written in one
 * turn would count against the limit, and a client that reads would be taken for one that does
 * not (and told {@code bye}, slow consumer).
 */
public final class LoopEndFlush extends ChannelOutboundHandlerAdapter {

  private ChannelHandlerContext context;
  private boolean pending;
  private final Runnable flushTask = this::flushPending;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (pending) {
      return;
    }
    // Netty marks the after-iteration queue as unstable API; without it (another loop, or one
    // shutting down) the flush is made at once.
    if (ctx.channel().eventLoop() instanceof SingleThreadEventLoop loop) {
      try {
        loop.executeAfterEventLoopIteration(flushTask);
        pending = true;
        return;
      } catch (RejectedExecutionException shuttingDown) {
        // flushed below
      }
    }
    ctx.flush();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ctx.write(msg, promise);
    if (!ctx.channel().isWritable()) {
      pending = false;
      ctx.flush();
    }
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    flushPending();
    ctx.close(promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    flushPending();
    ctx.disconnect(promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    flushPending();
  }

  private void flushPending() {
    if (pending) {
      pending = false;
      context.flush();
    }
  }
}
