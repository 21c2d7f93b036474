package dev.simebs.backend.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementCacheTest {

  private static final String INSERT = "INSERT INTO t (k, v) VALUES (?, ?)";
  private static final String SELECT = "SELECT v FROM t WHERE k = ?";

  private Connection raw;
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    raw = DriverManager.getConnection("jdbc:sqlite::memory:");
    try (Statement s = raw.createStatement()) {
      s.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
    }
    c = StatementCache.wrap(raw, 2);
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private void insert(String k, String v) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setString(1, k);
      s.setString(2, v);
      s.executeUpdate();
    }
  }

  /** The statement the cache hands out for {@code sql}, closed again (back in the cache). */
  private PreparedStatement handedOutAndReturned(String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      return s;
    }
  }

  private String select(String k) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT)) {
      s.setString(1, k);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  @Test
  void aStatementIsCompiledOnceAndReusedWithNewParameters() throws SQLException {
    PreparedStatement first = handedOutAndReturned(SELECT);
    insert("a", "1");
    insert("b", "2");

    assertThat(select("a")).isEqualTo("1");
    assertThat(select("b")).isEqualTo("2");
    assertThat(handedOutAndReturned(SELECT)).isSameAs(first);
  }

  @Test
  void closingClearsTheParametersSoNoValueLeaksIntoTheNextUse() throws SQLException {
    insert("a", "1");
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setString(1, "b");
      // closed without running: its parameters must not be there next time
    }
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setString(1, "c");
      s.executeUpdate();
    }

    assertThat(select("c")).isNull();
    assertThat(select("b")).isNull();
  }

  @Test
  void aStatementStillOpenIsNotHandedOutTwice() throws SQLException {
    insert("a", "1");
    insert("b", "2");
    try (PreparedStatement outer = c.prepareStatement(SELECT)) {
      outer.setString(1, "a");
      try (ResultSet rs = outer.executeQuery()) {
        assertThat(select("b")).isEqualTo("2");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("1");
      }
    }
  }

  @Test
  void theLeastRecentlyUsedStatementIsClosedBeyondTheCapacity() throws SQLException {
    PreparedStatement first = handedOutAndReturned(SELECT);
    insert("a", "1");
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM t")) {
      s.execute();
    }

    assertThat(handedOutAndReturned(SELECT)).isNotSameAs(first);
    assertThat(select("a")).isEqualTo("1");
  }

  @Test
  void aReadStatementClosedWithItsRowsLetsTheTransactionCommit() throws SQLException {
    insert("a", "1");
    Database.execute(c, "BEGIN");
    assertThat(select("a")).isEqualTo("1");
    Database.execute(c, "COMMIT");

    assertThat(raw.getAutoCommit()).isTrue();
  }

  @Test
  void closingTheConnectionClosesItsStatements() throws SQLException {
    c.close();

    assertThat(raw.isClosed()).isTrue();
  }
}
