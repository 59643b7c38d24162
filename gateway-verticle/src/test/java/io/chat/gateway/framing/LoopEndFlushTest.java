package io.chat.gateway.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.nio.charset.StandardCharsets;
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
    // Netty counts each pending write as its bytes plus about 100 of bookkeeping: the third goes over.
    server.config().setWriteBufferWaterMark(new WriteBufferWaterMark(150, 250));
    server.eventLoop().execute(() -> {
      server.writeAndFlush(text("a"));
      server.writeAndFlush(text("b"));
      server.writeAndFlush(text("c"));
      server.writeAndFlush(text("d"));
    });
    assertEquals(List.of("abc", "d"),
        List.of(batches.poll(5, TimeUnit.SECONDS), batches.poll(5, TimeUnit.SECONDS)));
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
