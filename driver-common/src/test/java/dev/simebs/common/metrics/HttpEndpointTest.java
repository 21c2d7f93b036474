package dev.simebs.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.common.testing.Scrape;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicBoolean ready = new AtomicBoolean(true);
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    endpoint = HttpEndpoint.start(new InetSocketAddress("127.0.0.1", 0), registry, ready::get);
  }

  @AfterEach
  void stop() {
    endpoint.close();
    client.close();
  }

  @Test
  void metricsServesTheRegistryInPrometheusTextFormat() throws Exception {
    Counter.builder().name("simebs_test_things_total").help("things").labelNames("kind").register(registry)
        .labelValues("widget").inc(3);

    HttpResponse<String> response = get("/metrics", "GET");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    assertThat(Scrape.parse(response.body()).value("simebs_test_things_total", "kind", "widget")).hasValue(3);
  }

  @Test
  void healthzFollowsReadiness() throws Exception {
    assertThat(get("/healthz", "GET").statusCode()).isEqualTo(200);
    ready.set(false);
    HttpResponse<String> notReady = get("/healthz", "GET");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("not ready\n");
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    assertThat(get("/other", "GET").statusCode()).isEqualTo(404);
    assertThat(get("/metrics", "POST").statusCode()).isEqualTo(405);
  }

  private HttpResponse<String> get(String path, String method) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path);
    HttpRequest request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
