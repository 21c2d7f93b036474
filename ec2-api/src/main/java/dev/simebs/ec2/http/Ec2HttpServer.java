package dev.simebs.ec2.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.simebs.ec2.Ec2Service;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.xml.XmlAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The EC2 endpoint over plain HTTP, on the JDK's built-in server (no extra dependency), each
 * request on its own virtual thread since answers wait on the backend.
 */
public final class Ec2HttpServer implements AutoCloseable {

  /** Larger bodies are refused; the biggest EC2 call SimEBS serves is a few KiB. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpServer server;
  private final ExecutorService executor;

  private Ec2HttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static Ec2HttpServer start(InetSocketAddress address, Ec2Service service)
      throws IOException {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and the client's delayed ACK add tens of milliseconds to answers. Read once, at first use.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(address, 64);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(exchange, service));
    server.start();
    return new Ec2HttpServer(server, executor);
  }

  /** The address it listens on (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void handle(HttpExchange exchange, Ec2Service service) throws IOException {
    String requestId = UUID.randomUUID().toString();
    try (exchange) {
      Ec2Service.Answer answer;
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        answer = new Ec2Service.Answer(413, XmlAnswer.error(
            Ec2ErrorCode.INVALID_PARAMETER_VALUE.code(),
            "The request body is larger than " + MAX_BODY_BYTES + " bytes", requestId));
      } else {
        answer = service.answer(call(exchange, body), requestId);
      }
      exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
      exchange.sendResponseHeaders(answer.status(), answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    }
  }

  private static HttpCall call(HttpExchange exchange, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers
        .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
    return new HttpCall(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery(), headers, body);
  }

  /** The whole body, or null when it is over the limit. */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }
}
