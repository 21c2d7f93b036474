package dev.simebs.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's HTTP side: {@code /metrics} in the Prometheus text format (written by the Prometheus
 * client's own writer) and {@code /healthz}, 200 while the process is ready and 503 otherwise, for
 * kubelet's probes. Served by the JDK's HTTP server on virtual threads.
 */
public final class HttpEndpoint implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Serves {@code registry} and {@code healthy} at {@code address} (port 0 picks a free port). */
  public static HttpEndpoint start(
      InetSocketAddress address, PrometheusRegistry registry, BooleanSupplier healthy)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new IOException("cannot serve HTTP on " + address + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    server.createContext(
        "/metrics",
        exchange -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          writer.write(body, registry.scrape());
          answer(exchange, 200, writer.getContentType(), body.toByteArray());
        });
    server.createContext(
        "/healthz",
        exchange -> {
          boolean ok = healthy.getAsBoolean();
          answer(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", (ok ? "ok\n" : "not ready\n").getBytes(StandardCharsets.UTF_8));
        });
    server.createContext(
        "/", exchange -> answer(exchange, 404, "text/plain; charset=utf-8", "try /metrics or /healthz\n".getBytes(StandardCharsets.UTF_8)));
    server.setExecutor(executor);
    server.start();
    HttpEndpoint endpoint = new HttpEndpoint(server, executor);
    log.info(
        "serving /metrics and /healthz on http://{}:{}",
        endpoint.address().getHostString(),
        endpoint.address().getPort());
    return endpoint;
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }

  private static void answer(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", contentType);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
