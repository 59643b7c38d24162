package io.chat.gateway.connection;

import io.chat.gateway.framing.LoopEndFlush;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetServerOptions;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;

/**
 * The TCP client port of one gateway instance, on Netty directly rather than through Vert.x's
 * NetServer. Why: a Vert.x NetSocket gives every connection a queue for writes from other
 * threads whose first block holds 1,024 slots (4 KiB) from the start, which was half of what an
 * idle connection cost; our connections are written only from their own event loop, and a node
 * holds mostly idle connections. The rest is as with Vert.x: each gateway instance listens on the
 * port from its own event loop (SO_REUSEPORT with the native transport: the kernel spreads new
 * connections over the instances), a connection lives on the event loop of the instance that
 * accepted it, its events reach the connection on that instance's context, and the socket
 * options come from Vert.x's transport.
 */
public final class TcpListener {

  private final ContextInternal context;
  private final NetServerOptions options;
  private final SslContext tls;
  private final int frameLimit;
  private final int outboundLimit;
  private final Handler<TcpTransport> accepted;
  private Channel server;

  /**
   * @param options host, port and socket options (TLS is given as {@code tls} instead)
   * @param tls the node's TLS context, or null for plain TCP
   * @param outboundLimit bytes waiting to be written past which the client counts as not reading
   * @param accepted told of each new connection, on this instance's context
   */
  public TcpListener(ContextInternal context, NetServerOptions options, SslContext tls, int frameLimit,
      int outboundLimit, Handler<TcpTransport> accepted) {
    this.context = context;
    this.options = options;
    this.tls = tls;
    this.frameLimit = frameLimit;
    this.outboundLimit = outboundLimit;
    this.accepted = accepted;
  }

  /** Listens on this port (0: any free one); completes with the port. */
  public Future<Integer> listen(int port) {
    VertxInternal vertx = context.owner();
    EventLoop loop = context.nettyEventLoop();
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(loop, loop)
        .channelFactory(vertx.transport().serverChannelFactory(false))
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(Math.max(1, outboundLimit / 2), outboundLimit))
        .childHandler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel channel) {
            if (tls != null) {
              channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
            }
            channel.pipeline().addLast("loop-end-flush", new LoopEndFlush())
                .addLast("chat", new TcpTransport(context, frameLimit, accepted));
          }
        });
    vertx.transport().configure(options, false, bootstrap);
    if (!vertx.isNativeTransportEnabled() && options.isReusePort()) {
      // Vert.x sets SO_REUSEPORT for its native transports only; the JDK's sockets have it too.
      bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
    }
    PromiseInternal<Void> bound = context.promise();
    ChannelFuture binding = bootstrap.bind(options.getHost(), port);
    binding.addListener(bound);
    return bound.future().map(v -> {
      server = binding.channel();
      return ((InetSocketAddress) server.localAddress()).getPort();
    });
  }

  /** Stops accepting; open connections stay. */
  public Future<Void> close() {
    if (server == null) {
      return Future.succeededFuture();
    }
    PromiseInternal<Void> closed = context.promise();
    server.close().addListener(closed);
    return closed.future();
  }
}
