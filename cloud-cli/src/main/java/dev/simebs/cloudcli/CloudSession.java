package dev.simebs.cloudcli;

import dev.simebs.backend.api.AdminGrpc;
import dev.simebs.backend.api.BackendGrpc;
import dev.simebs.backend.api.FileSystemAdminGrpc;
import dev.simebs.backend.api.FileSystemsGrpc;
import dev.simebs.common.backend.BackendConnection;
import dev.simebs.common.grpc.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The connections one CLI command uses: the cloud's API with the driver's token, and the admin
 * API with the admin token, each opened only when the command first calls it (a listing never
 * needs the admin token).
 */
final class CloudSession implements AutoCloseable {

  /** An address and the files that authenticate to it. */
  record Address(Endpoint endpoint, Path tokenFile, Path caFile) {
    BackendConnection connect() {
      try {
        return BackendConnection.fromFiles(endpoint, tokenFile, caFile);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the credentials for " + endpoint + ": " + e.getMessage(), e);
      }
    }
  }

  private final Address api;
  private final Address adminApi;
  private final List<BackendConnection> opened = new ArrayList<>();
  private BackendConnection apiConnection;
  private BackendConnection adminConnection;

  CloudSession(Address api, Address adminApi) {
    this.api = api;
    this.adminApi = adminApi;
  }

  BackendGrpc.BackendBlockingStub backend() {
    return api().backend();
  }

  FileSystemsGrpc.FileSystemsBlockingStub fileSystems() {
    return api().fileSystems();
  }

  AdminGrpc.AdminBlockingStub admin() {
    return adminConnection().admin();
  }

  /** The file systems' admin API (mount targets up or down), served beside the admin API. */
  FileSystemAdminGrpc.FileSystemAdminBlockingStub fileSystemAdmin() {
    return adminConnection().fileSystemAdmin();
  }

  /** Where the cloud's API is, for messages. */
  Endpoint endpoint() {
    return api.endpoint();
  }

  private BackendConnection api() {
    if (apiConnection == null) {
      apiConnection = remember(api.connect());
    }
    return apiConnection;
  }

  private BackendConnection adminConnection() {
    if (adminConnection == null) {
      adminConnection = adminApi.equals(api) ? api() : remember(adminApi.connect());
    }
    return adminConnection;
  }

  private BackendConnection remember(BackendConnection connection) {
    opened.add(connection);
    return connection;
  }

  @Override
  public void close() {
    opened.forEach(BackendConnection::close);
  }
}
