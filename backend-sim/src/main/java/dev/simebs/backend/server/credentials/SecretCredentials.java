package dev.simebs.backend.server.credentials;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.net.HttpURLConnection;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials in Kubernetes Secrets. The backend's own Secret holds every item; it is read when
 * present and created on first start otherwise (if two backends race, the loser reads the
 * winner's). Each client Secret, in the namespaces where the controller and node pods run, holds
 * only {@code token} and {@code ca.crt}, and is kept equal to the backend's.
 *
 * @param client the Kubernetes client
 * @param server namespace and name of the backend's Secret
 * @param clients namespace and name of each Secret the driver pods mount
 */
public record SecretCredentials(KubernetesClient client, SecretName server, List<SecretName> clients)
    implements CredentialStore {

  private static final Logger log = LoggerFactory.getLogger(SecretCredentials.class);
  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** A Secret's namespace and name, parsed from {@code NAMESPACE/NAME}. */
  public record SecretName(String namespace, String name) {
    public static SecretName parse(String text) {
      int slash = text.indexOf('/');
      if (slash <= 0 || slash == text.length() - 1) {
        throw new IllegalArgumentException("expected NAMESPACE/NAME, got " + text);
      }
      return new SecretName(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  @Override
  public ServerCredentials loadOrCreate(List<String> names) {
    ServerCredentials credentials =
        read(server).map(items -> ServerCredentials.fromItems(items, "Secret " + server))
            .orElseGet(() -> create(names));
    for (SecretName target : clients) {
      keep(target, credentials.clientItems());
    }
    return credentials;
  }

  private ServerCredentials create(List<String> names) {
    ServerCredentials fresh = ServerCredentials.generate(names);
    try {
      client.secrets().inNamespace(server.namespace()).resource(secret(server, fresh.items())).create();
      log.info("made new backend credentials in Secret {}", server);
      return fresh;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Another backend made it first: use that one, so every client agrees.
      return ServerCredentials.fromItems(read(server).orElseThrow(() -> e), "Secret " + server);
    }
  }

  /** Creates or updates a client Secret so it holds exactly {@code items}. */
  private void keep(SecretName target, Map<String, String> items) {
    Optional<Map<String, String>> current = read(target);
    if (current.isPresent() && current.get().equals(items)) {
      return;
    }
    client
        .secrets()
        .inNamespace(target.namespace())
        .resource(secret(target, items))
        .createOr(NonDeletingOperation::update);
    log.info("{} client Secret {}", current.isPresent() ? "updated" : "made", target);
  }

  private Optional<Map<String, String>> read(SecretName name) {
    Secret secret = client.secrets().inNamespace(name.namespace()).withName(name.name()).get();
    if (secret == null) {
      return Optional.empty();
    }
    Map<String, String> items = new HashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> items.put(k, new String(Base64.getDecoder().decode(v), UTF_8)));
    }
    if (secret.getStringData() != null) {
      items.putAll(secret.getStringData());
    }
    return Optional.of(items);
  }

  private static Secret secret(SecretName name, Map<String, String> items) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(name.namespace())
        .withName(name.name())
        .addToLabels(MANAGED_BY, "simebs-backend")
        .endMetadata()
        .withType("Opaque")
        .withData(items.entrySet().stream().collect(Collectors.toMap(
            Map.Entry::getKey, e -> Base64.getEncoder().encodeToString(e.getValue().getBytes(UTF_8)))))
        .build();
  }
}
