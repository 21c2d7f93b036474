package dev.simebs.backend.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on one database connection: a read, or a mutation run inside the writer's transaction. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
