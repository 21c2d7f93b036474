package dev.simebs.backend.server.credentials;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.server.credentials.SecretCredentials.SecretName;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Credentials in Secrets, against fabric8's mock API server. */
@EnableKubernetesMockClient(crud = true)
class SecretCredentialsTest {

  private static final SecretName SERVER = new SecretName("simebs-system", "simebs-backend-credentials");
  private static final SecretName CONTROLLER = new SecretName("simebs-system", "simebs-backend-client");
  private static final SecretName NODE = new SecretName("simebs-node", "simebs-backend-client");

  KubernetesClient client;

  @Test
  void firstStartMakesTheSecretAndOnlyTokenAndCaReachTheClients() throws Exception {
    ServerCredentials made = store().loadOrCreate(List.of("simebs-backend.simebs-system.svc"));

    assertThat(items(SERVER)).containsOnlyKeys(ServerCredentials.ITEM_NAMES)
        .containsEntry("token", made.token());
    for (SecretName client : List.of(CONTROLLER, NODE)) {
      assertThat(items(client)).isEqualTo(Map.of("token", made.token(), "ca.crt", made.certificatePem()));
    }
  }

  @Test
  void laterStartsReuseTheSecretAndRepairClientSecrets() throws Exception {
    ServerCredentials first = store().loadOrCreate(List.of("a"));
    client.secrets().inNamespace(NODE.namespace()).withName(NODE.name()).delete();

    ServerCredentials second = store().loadOrCreate(List.of("a"));

    assertThat(second).isEqualTo(first);
    assertThat(items(NODE)).containsEntry("token", first.token());
  }

  private SecretCredentials store() {
    return new SecretCredentials(client, SERVER, List.of(CONTROLLER, NODE));
  }

  private Map<String, String> items(SecretName name) {
    Secret secret = client.secrets().inNamespace(name.namespace()).withName(name.name()).get();
    assertThat(secret).as(name.toString()).isNotNull();
    if (secret.getData() == null) {
      return secret.getStringData();
    }
    return secret.getData().entrySet().stream().collect(Collectors.toMap(
        Map.Entry::getKey, e -> new String(Base64.getDecoder().decode(e.getValue()), UTF_8)));
  }
}
