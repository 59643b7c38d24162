package io.chat.gateway.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Over Netty's in-JVM channel, where every flush reaches the peer as one batch of reads: what
 * the peer sees per batch is what one flush sent.
 */
@DisplayName("Flushing at the end of the loop turn")
class LoopEndFlushTest {

  private static final String CLOSED = "<closed>";

  private EventLoopGroup loop;
  private Channel server;
  private Channel client;
  /** What the client read, one entry per flush that reached it, then CLOSED. */
  private final BlockingQueue<String> batches = new LinkedBlockingQueue<>();

  @BeforeEach
  void connect() throws Exception {
    loop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    LocalAddress address = new LocalAddress("loop-end-flush-" + UUID.randomUUID());
    CompletableFuture<Channel> accepted = new CompletableFuture<>();
    new ServerBootstrap().group(loop).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel channel) {
            channel.pipeline().addFirst(new LoopEndFlush());
            accepted.complete(channel);
          }
        })
        .bind(address).sync();
    client = new Bootstrap().group(loop).channel(LocalChannel.class)
        .handler(new BatchCollector()).connect(address).sync().channel();
    server = accepted.get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void shutDown() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  @DisplayName("sends the writes flushed during one loop turn in one flush, after the turn's tasks")
  void oneFlushPerTurn() throws Exception {
    server.eventLoop().execute(() -> {
      server.writeAndFlush(text("reply "));
      server.writeAndFlush(text("message "));
      // A task queued during the turn runs in it, before the turn's flush.
      server.eventLoop().execute(() -> server.writeAndFlush(text("another")));
    });
    assertEquals("reply message another", batches.poll(5, TimeUnit.SECONDS));
    server.eventLoop().execute(() -> server.writeAndFlush(text("next turn")));
    assertEquals("next turn", batches.poll(5, TimeUnit.SECONDS));
  }

  @Test
  @DisplayName("flushes at once a write that takes the connection over its write limit")
  void flushesOverTheLimit() throws Exception {
    server.config().setWriteBufferWaterMark(new WriteBufferWaterMark(150, 250));
    server.eventLoop().execute(() -> {
      server.writeAndFlush(text("a".repeat(100)));
      server.writeAndFlush(text("b".repeat(100)));
      server.writeAndFlush(text("c".repeat(100)));
      server.writeAndFlush(text("d".repeat(100)));
    });
    assertEquals(List.of("a".repeat(100) + "b".repeat(100) + "c".repeat(100), "d".repeat(100)),
        List.of(batches.poll(5, TimeUnit.SECONDS), batches.poll(5, TimeUnit.SECONDS)));
  }

  @Test
  @DisplayName("completes each write of a turn once the turn's bytes are written, and frees what it copied")
  void completesEachWrite() throws Exception {
    List<ByteBuf> written = List.of(text("reply "), text("message"));
    List<ChannelFuture> outcomes = new ArrayList<>();
    server.eventLoop().submit(() -> written.forEach(bytes -> outcomes.add(server.writeAndFlush(bytes)))).sync();
    assertEquals("reply message", batches.poll(5, TimeUnit.SECONDS));
    for (ChannelFuture outcome : outcomes) {
      assertTrue(outcome.await(5, TimeUnit.SECONDS) && outcome.isSuccess(), "the write succeeded");
    }
    assertEquals(List.of(0, 0), written.stream().map(ByteBuf::refCnt).toList());
  }

  @Test
  @DisplayName("starts a turn's buffer as large as a recent turn took, so a busy connection's buffer is not grown and copied again")
  void sizesBuffersByRecentTurns() throws Exception {
    List<Integer> capacities = new ArrayList<>();
    server.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        capacities.add(((ByteBuf) msg).capacity());
        ctx.write(msg, promise);
      }
    });
    String line = "m".repeat(299) + "\n";
    server.eventLoop().execute(() -> {
      for (int i = 0; i < 10; i++) {
        server.writeAndFlush(text(line));
      }
    });
    assertEquals(line.repeat(10), batches.poll(5, TimeUnit.SECONDS));
    server.eventLoop().execute(() -> server.writeAndFlush(text("small")));
    assertEquals("small", batches.poll(5, TimeUnit.SECONDS));
    int second = server.eventLoop().submit(() -> capacities.get(1)).get(5, TimeUnit.SECONDS);
    assertTrue(second >= 3000, "the second turn's buffer starts at the first one's 3000 bytes, not at "
        + second);
  }

  @Test
  @DisplayName("flushes what is pending before the connection closes")
  void flushesBeforeClose() throws Exception {
    server.eventLoop().execute(() -> {
      server.writeAndFlush(text("bye"));
      server.close();
    });
    assertEquals(List.of("bye", CLOSED), List.of(batches.poll(5, TimeUnit.SECONDS), batches.poll(5, TimeUnit.SECONDS)));
  }

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
  }

  private final class BatchCollector extends ChannelInboundHandlerAdapter {

    private final StringBuilder batch = new StringBuilder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf bytes = (ByteBuf) msg;
      batch.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.release();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (!batch.isEmpty()) {
        batches.add(batch.toString());
        batch.setLength(0);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      channelReadComplete(ctx);
      batches.add(CLOSED);
    }
  }
}
