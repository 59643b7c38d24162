package io.chat.gateway.framing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.PromiseNotifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Flushes a connection once per event-loop iteration instead of once per write, and what was
 * written in the iteration leaves as one buffer. A connection is often written to several times
 * in one iteration (the reply to its own send and a message for it, or several messages); each
 * flush is a packet through the kernel's TCP stack, and on loopback also the receiver's side of
 * it, so these writes leave in one packet. They are also copied into one buffer as they come:
 * Netty would otherwise copy each into a direct buffer of its own and keep an entry for each
 * until the socket took it. The writes of a buffer succeed or fail together.
 *
 * <p>A write waits at most until the loop has run the tasks it holds. Closing flushes what is
 * pending first, and so does a write that takes the connection over its write limit: otherwise a
 * burst written in one turn would count against the limit, and a client that reads would be taken
 * for one that does not (and told {@code bye}, slow consumer).
 */
public final class LoopEndFlush extends ChannelOutboundHandlerAdapter {

  /** The least and the most a gathering buffer starts with. */
  private static final int MIN_START_CAPACITY = 512;
  private static final int MAX_START_CAPACITY = 16_384;

  private ChannelHandlerContext context;
  private boolean pending;
  private final Runnable flushTask = this::flushPending;
  /** The bytes written since the last flush, not passed on yet (null when none). */
  private ByteBuf gathered;
  /**
   * How large the connection's next buffer starts: about the most its recent buffers took (it
   * follows a larger one at once and a smaller one by a 64th a flush), so a connection written
   * several times a turn (a group's messages) does not grow, and copy, its buffer in most turns.
   */
  private int expectedBytes = MIN_START_CAPACITY;
  /** The promises of the writes in {@link #gathered}, completed when it is written. */
  private final List<ChannelPromise> promises = new ArrayList<>();

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
    passGathered();
    ctx.flush();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf bytes)) {
      passGathered();
      ctx.write(msg, promise);
    } else {
      gather(ctx, bytes, promise);
    }
    if (overLimit(ctx)) {
      pending = false;
      passGathered();
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

  /** Whether what Netty holds, with what is gathered, is over the connection's write limit. */
  private boolean overLimit(ChannelHandlerContext ctx) {
    return !ctx.channel().isWritable()
        || (gathered != null && gathered.readableBytes() > ctx.channel().bytesBeforeUnwritable());
  }

  private void gather(ChannelHandlerContext ctx, ByteBuf bytes, ChannelPromise promise) {
    try {
      if (gathered == null) {
        gathered = ctx.alloc().directBuffer(Math.max(expectedBytes, bytes.readableBytes()));
      }
      gathered.writeBytes(bytes, bytes.readerIndex(), bytes.readableBytes());
    } finally {
      bytes.release();
    }
    if (!promise.isVoid()) {
      promises.add(promise);
    }
  }

  private void passGathered() {
    if (gathered == null) {
      return;
    }
    ByteBuf bytes = gathered;
    gathered = null;
    expectedBytes = Math.min(MAX_START_CAPACITY,
        Math.max(MIN_START_CAPACITY, Math.max(bytes.readableBytes(), expectedBytes - expectedBytes / 64)));
    if (promises.isEmpty()) {
      context.write(bytes, context.voidPromise());
      return;
    }
    ChannelPromise written = context.newPromise();
    written.addListener(new PromiseNotifier<>(promises.toArray(ChannelPromise[]::new)));
    promises.clear();
    context.write(bytes, written);
  }

  private void flushPending() {
    if (pending || gathered != null) {
      pending = false;
      passGathered();
      context.flush();
    }
  }
}
