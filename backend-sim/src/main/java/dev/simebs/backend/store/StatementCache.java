package dev.simebs.backend.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a connection's prepared statements for reuse. SQLite compiles a statement on every
 * {@code prepareStatement}, which took an eighth of the backend's CPU on the provision path; the
 * same few dozen statements run over and over, so each connection compiles each once.
 *
 * <p>{@link #wrap} hands out the connection behind a proxy: {@code prepareStatement(sql)} answers
 * the statement compiled earlier for that text, and closing it only clears its parameters, so
 * callers keep writing {@code try (PreparedStatement s = c.prepareStatement(...))}. A statement
 * still open (a query run again before its first use is closed) gets a fresh, uncached one. The
 * least recently used statements beyond {@code capacity} are closed. A connection is used by one
 * thread at a time (the pool, the writer thread), so the cache needs no lock.
 */
final class StatementCache implements InvocationHandler {

  private final Connection connection;
  private final Map<String, Cached> statements;

  private StatementCache(Connection connection, int capacity) {
    this.connection = connection;
    this.statements =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            if (size() <= capacity) {
              return false;
            }
            closeQuietly(eldest.getValue().statement);
            return true;
          }
        };
  }

  /** {@code connection} with its prepared statements kept, up to {@code capacity} of them. */
  static Connection wrap(Connection connection, int capacity) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, new StatementCache(connection, capacity));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
      return prepared((String) args[0]);
    }
    if (method.getName().equals("close") && args == null) {
      statements.values().forEach(c -> closeQuietly(c.statement));
      statements.clear();
    }
    return forward(connection, method, args);
  }

  private PreparedStatement prepared(String sql) throws SQLException {
    Cached cached = statements.get(sql);
    if (cached == null) {
      cached = new Cached(connection.prepareStatement(sql));
      statements.put(sql, cached);
    } else if (cached.inUse) {
      return connection.prepareStatement(sql);
    }
    cached.inUse = true;
    return cached.handle;
  }

  /** A compiled statement and the handle callers get, whose close() returns it to the cache. */
  private static final class Cached implements InvocationHandler {
    final PreparedStatement statement;
    final PreparedStatement handle;
    boolean inUse;

    Cached(PreparedStatement statement) {
      this.statement = statement;
      this.handle =
          (PreparedStatement)
              Proxy.newProxyInstance(
                  PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close" -> {
          if (inUse) {
            inUse = false;
            statement.clearParameters();
          }
          return null;
        }
        case "isClosed" -> {
          return !inUse;
        }
        default -> {
          return forward(statement, method, args);
        }
      }
    }
  }

  private static Object forward(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException ignored) {
      // the connection is going away or the statement was already finalized
    }
  }
}
