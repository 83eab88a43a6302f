package dev.vernier.app.security.storage;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import dev.vernier.app.security.Role;
import dev.vernier.app.security.TokenStore;
import dev.vernier.platform.db.Migrations;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * {@link TokenStore} in the application's table {@code api_token}, migrated on open.
 *
 * <p>Successful lookups are cached for {@link #CACHE_MILLIS} by this store's clock. A token revoked
 * through this store is refused on its next use; one revoked by another store on the same database
 * (another process, such as {@code vernier token revoke} beside a running server) is refused once
 * its cache entry has expired, at most {@link #CACHE_MILLIS} later.
 */
public final class SqlTokenStore implements TokenStore {
  private static final Table<Record> TOKEN = table("api_token");
  private static final Field<String> ID = field("id", String.class);
  private static final Field<String> HASH = field("token_hash", String.class);
  private static final Field<String> ROLE = field("role", String.class);
  private static final Field<String> DESCRIPTION = field("description", String.class);
  private static final Field<Long> CREATED = field("created_at", Long.class);
  private static final Field<Long> REVOKED = field("revoked_at", Long.class);

  /** Successful lookups are cached this long: a revocation elsewhere takes effect within it. */
  public static final long CACHE_MILLIS = 10_000;

  private record Cached(TokenInfo info, long until) {}

  private final DSLContext dsl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  /** Bumped by every revocation, so that a lookup that raced one is not cached. */
  private final AtomicLong revocations = new AtomicLong();

  /** A store whose cache entries expire by {@code clock}. */
  public SqlTokenStore(DataSource ds, SQLDialect dialect, Clock clock) {
    this.clock = clock;
    Migrations.run(ds, dialect, "classpath:db/app", "flyway_app_history");
    this.dsl = DSL.using(ds, dialect);
  }

  static String hash(String token) {
    return dev.vernier.platform.secret.Sha256.hex(token);
  }

  @Override
  public String create(Role role, String description, long now) {
    TokenStore.checkDescription(description);
    byte[] b = new byte[32];
    random.nextBytes(b);
    String token =
        "vrn_"
            + role.label().charAt(0)
            + "_"
            + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    dsl.insertInto(TOKEN)
        .set(ID, UUID.randomUUID().toString())
        .set(HASH, hash(token))
        .set(ROLE, role.name())
        .set(DESCRIPTION, description)
        .set(CREATED, now)
        .execute();
    return token;
  }

  @Override
  public Optional<TokenInfo> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    String h = hash(token);
    long now = clock.millis();
    long seen = revocations.get();
    Cached c = cache.get(h);
    if (c != null && c.until() > now) {
      return Optional.of(c.info());
    }
    Optional<TokenInfo> info =
        dsl.select(ID, ROLE, DESCRIPTION, CREATED, REVOKED)
            .from(TOKEN)
            .where(HASH.eq(h).and(REVOKED.isNull()))
            .fetchOptional()
            .map(SqlTokenStore::map);
    if (info.isPresent() && revocations.get() == seen) {
      if (cache.size() > 10_000) {
        cache.clear();
      }
      cache.put(h, new Cached(info.get(), now + CACHE_MILLIS));
      if (revocations.get() != seen) {
        cache.remove(h); // a revocation ran meanwhile; its clear may have come before the put
      }
    } else {
      cache.remove(h);
    }
    return info;
  }

  private static TokenInfo map(Record r) {
    return new TokenInfo(
        r.get(ID), Role.valueOf(r.get(ROLE)), r.get(DESCRIPTION), r.get(CREATED), r.get(REVOKED));
  }

  @Override
  public List<TokenInfo> list() {
    return dsl.select(ID, ROLE, DESCRIPTION, CREATED, REVOKED)
        .from(TOKEN)
        .orderBy(CREATED)
        .fetch(SqlTokenStore::map);
  }

  @Override
  public boolean isEmpty() {
    return dsl.fetchCount(TOKEN) == 0;
  }

  @Override
  public boolean revoke(String id, long now) {
    boolean revoked =
        dsl.update(TOKEN).set(REVOKED, now).where(ID.eq(id).and(REVOKED.isNull())).execute() == 1;
    // after the update: a lookup that read the row before it is not cached (see revocations)
    revocations.incrementAndGet();
    cache.clear();
    return revoked;
  }
}
