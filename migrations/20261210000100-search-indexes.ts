import type { Migration } from '../src/platform/migrator.js';

/**
 * The back-office search (src/analytics/search): full-text GIN indexes on the texts it searches
 * (order topics, people's names, order and ticket message bodies), pattern-ops indexes so an email
 * or registration-id prefix is an index range, and a lexicon of the words those texts use
 * (`search_words`, trigram-indexed) from which a typo is corrected to a real word before the
 * full-text search runs again: a trigram match on a million topics that share most trigrams
 * ("Bench order 1", "Bench order 2", …) reads every row, a trigram match on the lexicon reads a few.
 *
 * Triggers keep the lexicon current (words of 3–40 letters, inserted sorted and ON CONFLICT DO
 * NOTHING: only a word never seen before costs a row). The expressions here are the ones the read
 * model (src/analytics/search/read-models/back-office-search.ts) writes: change them together.
 * Plain CREATE INDEX (migrations run in a transaction): on the 1M-order bench database the migration
 * took 47 s on the shared 2-core machine (about 25 s unloaded), during which writes to the indexed
 * tables wait (reads do not).
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    CREATE INDEX orders_topic_fts_idx ON orders USING gin (to_tsvector('english'::regconfig, coalesce(topic, '')));
    CREATE INDEX users_names_fts_idx ON users USING gin (to_tsvector('simple'::regconfig, display_name || ' ' || coalesce(pen_name, '')));
    CREATE INDEX order_messages_body_fts_idx ON order_messages USING gin (to_tsvector('english'::regconfig, body));
    CREATE INDEX ticket_messages_body_fts_idx ON ticket_messages USING gin (to_tsvector('english'::regconfig, body));
    CREATE INDEX users_email_pattern_idx ON users (email varchar_pattern_ops);
    CREATE INDEX users_registration_id_pattern_idx ON users (upper(registration_id) varchar_pattern_ops);
    CREATE INDEX payments_receipt_pattern_idx ON payments (upper(receipt_number) varchar_pattern_ops) WHERE receipt_number IS NOT NULL;

    CREATE TABLE search_words (word VARCHAR(40) PRIMARY KEY);
    CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);

    CREATE FUNCTION search_words_add(body text) RETURNS void LANGUAGE sql AS $fn$
      INSERT INTO search_words (word)
      SELECT DISTINCT lexeme FROM unnest(to_tsvector('simple'::regconfig, coalesce(body, '')))
       WHERE lexeme ~ '^[[:alpha:]]{3,40}$' ORDER BY 1
      ON CONFLICT DO NOTHING
    $fn$;

    CREATE FUNCTION search_words_from_orders() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'INSERT' OR NEW.topic IS DISTINCT FROM OLD.topic THEN PERFORM search_words_add(NEW.topic); END IF;
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER orders_search_words AFTER INSERT OR UPDATE OF topic ON orders
      FOR EACH ROW EXECUTE FUNCTION search_words_from_orders();

    CREATE FUNCTION search_words_from_users() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'INSERT' OR NEW.display_name IS DISTINCT FROM OLD.display_name OR NEW.pen_name IS DISTINCT FROM OLD.pen_name THEN
        PERFORM search_words_add(NEW.display_name || ' ' || coalesce(NEW.pen_name, ''));
      END IF;
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER users_search_words AFTER INSERT OR UPDATE OF display_name, pen_name ON users
      FOR EACH ROW EXECUTE FUNCTION search_words_from_users();

    CREATE FUNCTION search_words_from_body() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'INSERT' OR NEW.body IS DISTINCT FROM OLD.body THEN PERFORM search_words_add(NEW.body); END IF;
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER order_messages_search_words AFTER INSERT OR UPDATE OF body ON order_messages
      FOR EACH ROW EXECUTE FUNCTION search_words_from_body();
    CREATE TRIGGER ticket_messages_search_words AFTER INSERT OR UPDATE OF body ON ticket_messages
      FOR EACH ROW EXECUTE FUNCTION search_words_from_body();

    -- The words already written (ts_stat: a million topics in about 8 s).
    INSERT INTO search_words (word)
    SELECT word FROM (
      SELECT word FROM ts_stat($q$SELECT to_tsvector('simple'::regconfig, topic) FROM orders WHERE topic IS NOT NULL$q$)
      UNION SELECT word FROM ts_stat($q$SELECT to_tsvector('simple'::regconfig, display_name || ' ' || coalesce(pen_name, '')) FROM users$q$)
      UNION SELECT word FROM ts_stat($q$SELECT to_tsvector('simple'::regconfig, body) FROM order_messages$q$)
      UNION SELECT word FROM ts_stat($q$SELECT to_tsvector('simple'::regconfig, body) FROM ticket_messages$q$)
    ) w
    WHERE word ~ '^[[:alpha:]]{3,40}$'
    ON CONFLICT DO NOTHING;
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP TRIGGER IF EXISTS ticket_messages_search_words ON ticket_messages;
    DROP TRIGGER IF EXISTS order_messages_search_words ON order_messages;
    DROP TRIGGER IF EXISTS users_search_words ON users;
    DROP TRIGGER IF EXISTS orders_search_words ON orders;
    DROP FUNCTION IF EXISTS search_words_from_body(), search_words_from_users(), search_words_from_orders(), search_words_add(text);
    DROP TABLE IF EXISTS search_words;
    DROP INDEX IF EXISTS payments_receipt_pattern_idx, users_registration_id_pattern_idx, users_email_pattern_idx,
      ticket_messages_body_fts_idx, order_messages_body_fts_idx, users_names_fts_idx, orders_topic_fts_idx;
  `);
};
