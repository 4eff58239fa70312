-- The PostgreSQL schema of the server store (docs/postgresql.md), run by
-- open_server_store as the owner role (the connecting user) under an advisory
-- lock, when the database has no server_schema row yet. Every statement is
-- idempotent. It is compiled into netvet (pg_schema.h is generated from this
-- file by cmake/embed.cmake).

-- The two tenant roles: never LOGIN, never BYPASSRLS. Roles are cluster-wide,
-- and other databases may be creating them at the same moment.
SET LOCAL client_min_messages = warning;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'netvet_operator_app') THEN
    CREATE ROLE netvet_operator_app NOLOGIN NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'netvet_regulator_app') THEN
    CREATE ROLE netvet_regulator_app NOLOGIN NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
-- The owner may SET ROLE to them (a superuser may already).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'netvet_operator_app', 'MEMBER') THEN
    EXECUTE format('GRANT netvet_operator_app TO %I', current_user);
  END IF;
  IF NOT pg_has_role(current_user, 'netvet_regulator_app', 'MEMBER') THEN
    EXECUTE format('GRANT netvet_regulator_app TO %I', current_user);
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

CREATE TABLE IF NOT EXISTS server_schema (version integer NOT NULL);
CREATE TABLE IF NOT EXISTS org (
  id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, kind text NOT NULL,
  jurisdiction text NOT NULL, created_at bigint NOT NULL);
CREATE TABLE IF NOT EXISTS app_user (
  id bigserial PRIMARY KEY, org_id bigint NOT NULL REFERENCES org(id), name text NOT NULL UNIQUE,
  role text NOT NULL, pw_hash text, disabled integer NOT NULL DEFAULT 0, created_at bigint NOT NULL);
CREATE TABLE IF NOT EXISTS token (
  id text PRIMARY KEY, user_id bigint NOT NULL REFERENCES app_user(id), secret_sha256 text NOT NULL,
  created_at bigint NOT NULL, last_used_at bigint, expires_at bigint NOT NULL,
  read_only integer NOT NULL, revoked_at bigint);
-- UNIQUE (org_id, name), not UNIQUE (name): a global constraint would tell
-- one tenant that another uses a name (SERVER.md section 4, case 6).
CREATE TABLE IF NOT EXISTS network (
  id bigserial PRIMARY KEY, org_id bigint NOT NULL REFERENCES org(id), jurisdiction text NOT NULL,
  name text NOT NULL, created_at bigint NOT NULL, elements bigint NOT NULL,
  links bigint NOT NULL, content_hash text NOT NULL, UNIQUE (org_id, name));
-- A network's content: its netvet CSV pair, each file in parts of at most 64 MiB.
CREATE TABLE IF NOT EXISTS network_chunk (
  network_id bigint NOT NULL REFERENCES network(id) ON DELETE CASCADE,
  file text NOT NULL CHECK (file IN ('elements', 'links')), part integer NOT NULL,
  data bytea NOT NULL CHECK (octet_length(data) <= 67108864),
  PRIMARY KEY (network_id, file, part));
CREATE TABLE IF NOT EXISTS proposal (
  id bigserial PRIMARY KEY, org_id bigint NOT NULL REFERENCES org(id), jurisdiction text NOT NULL,
  network_id bigint NOT NULL REFERENCES network(id), version integer NOT NULL, supersedes bigint,
  state text NOT NULL, body text NOT NULL, recommendation text NOT NULL, assessment text NOT NULL,
  pack_id text NOT NULL, pack_version text NOT NULL, pack_sha256 text NOT NULL,
  created_at bigint NOT NULL, submitted_at bigint, updated_at bigint NOT NULL,
  requests text NOT NULL DEFAULT '[]', decision text);
-- seq orders the log's pages (SQLite's rowid).
CREATE TABLE IF NOT EXISTS log_entry (
  seq bigserial UNIQUE, chain text NOT NULL, idx bigint NOT NULL, org_id bigint, at bigint NOT NULL,
  actor text NOT NULL, kind text NOT NULL, subject text NOT NULL, body text NOT NULL, hash text NOT NULL,
  leaf text, PRIMARY KEY (chain, idx));
-- Schema 2: the entry's Merkle leaf hash (NULL for entries written before).
ALTER TABLE log_entry ADD COLUMN IF NOT EXISTS leaf text;
CREATE TABLE IF NOT EXISTS session (
  id_sha256 text PRIMARY KEY, user_id bigint NOT NULL REFERENCES app_user(id), csrf text NOT NULL,
  created_at bigint NOT NULL, seen_at bigint NOT NULL, expires_at bigint NOT NULL);
CREATE TABLE IF NOT EXISTS login_failure (key text PRIMARY KEY, count integer NOT NULL, last_at bigint NOT NULL);
-- Schema 3: one-time password-reset codes (their SHA-256), the owner's alone.
CREATE TABLE IF NOT EXISTS password_reset (
  user_id bigint PRIMARY KEY REFERENCES app_user(id), code_sha256 text NOT NULL, created_at bigint NOT NULL,
  expires_at bigint NOT NULL);
CREATE TABLE IF NOT EXISTS waiver (
  id bigserial PRIMARY KEY, network_id bigint NOT NULL REFERENCES network(id), org_id bigint NOT NULL,
  jurisdiction text NOT NULL, pack text NOT NULL, rule text NOT NULL, elements text NOT NULL,
  justification text NOT NULL, expires text NOT NULL, granted_by text NOT NULL, created_at bigint NOT NULL,
  revoked_at bigint);
CREATE TABLE IF NOT EXISTS checkpoint (
  chain text NOT NULL, count bigint NOT NULL, hash text NOT NULL, key_id text NOT NULL,
  signature text NOT NULL, at bigint NOT NULL, root text NOT NULL DEFAULT '', PRIMARY KEY (chain, count));
ALTER TABLE checkpoint ADD COLUMN IF NOT EXISTS root text NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS signing_key (
  key_id text PRIMARY KEY, public_key text NOT NULL, created_at bigint NOT NULL, retired_at bigint);

-- The log is append-only: no UPDATE, DELETE or TRUNCATE grant, and a trigger
-- for whoever holds the table anyway.
CREATE OR REPLACE FUNCTION netvet_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE TRIGGER log_entry_no_change BEFORE UPDATE OR DELETE ON log_entry
  FOR EACH ROW EXECUTE FUNCTION netvet_log_append_only();
CREATE OR REPLACE TRIGGER log_entry_no_truncate BEFORE TRUNCATE ON log_entry
  FOR EACH STATEMENT EXECUTE FUNCTION netvet_log_append_only();

-- The head of a chain for the one who appends to it: a tenant role sees only
-- its own entries, and the next idx follows the chain's last entry, whoever
-- wrote it. Called after pg_advisory_xact_lock on the chain.
CREATE OR REPLACE FUNCTION netvet_log_head(c text, OUT idx bigint, OUT hash text)
  RETURNS SETOF record LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT l.idx, l.hash FROM log_entry l WHERE l.chain = c ORDER BY l.idx DESC LIMIT 1
$$;
REVOKE ALL ON FUNCTION netvet_log_head(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION netvet_log_head(text) TO netvet_operator_app, netvet_regulator_app;

-- The Merkle leaves of a chain's first n entries, with their chain hashes,
-- for checkpoints and proofs: the whole chain, whoever asks (a tree's root
-- covers every entry; the leaves are hashes, not bodies). An entry written
-- before the tree has its leaf computed from its body.
CREATE OR REPLACE FUNCTION netvet_log_leaves(c text, n bigint, OUT idx bigint, OUT hash text, OUT leaf text)
  RETURNS SETOF record LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT l.idx, l.hash, coalesce(l.leaf, encode(sha256(decode('00', 'hex') || convert_to(l.body, 'UTF8')), 'hex'))
  FROM log_entry l WHERE l.chain = c AND l.idx < n ORDER BY l.idx
$$;
REVOKE ALL ON FUNCTION netvet_log_leaves(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION netvet_log_leaves(text, bigint) TO netvet_operator_app, netvet_regulator_app;

-- Row-level security on every tenant table, forced on the owner too.
ALTER TABLE network ENABLE ROW LEVEL SECURITY;
ALTER TABLE network FORCE ROW LEVEL SECURITY;
ALTER TABLE network_chunk ENABLE ROW LEVEL SECURITY;
ALTER TABLE network_chunk FORCE ROW LEVEL SECURITY;
ALTER TABLE proposal ENABLE ROW LEVEL SECURITY;
ALTER TABLE proposal FORCE ROW LEVEL SECURITY;
ALTER TABLE log_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE log_entry FORCE ROW LEVEL SECURITY;

-- The owner (administration, sign-in, verify) sees every row, by a policy
-- that says so rather than by an implicit bypass.
DROP POLICY IF EXISTS owner_all ON network;
CREATE POLICY owner_all ON network TO CURRENT_USER USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS owner_all ON network_chunk;
CREATE POLICY owner_all ON network_chunk TO CURRENT_USER USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS owner_all ON proposal;
CREATE POLICY owner_all ON proposal TO CURRENT_USER USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS owner_all ON log_entry;
CREATE POLICY owner_all ON log_entry TO CURRENT_USER USING (true) WITH CHECK (true);

-- The tenant settings are read with nullif(..., ''): after a transaction
-- that set them, the session reads '' (SERVER.md section 4, case 8), and an
-- unset tenant must match nothing.
DROP POLICY IF EXISTS op_all ON network;
CREATE POLICY op_all ON network TO netvet_operator_app
  USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::bigint
              AND jurisdiction = nullif(current_setting('app.jurisdiction', true), ''));
DROP POLICY IF EXISTS reg_read ON network;
CREATE POLICY reg_read ON network FOR SELECT TO netvet_regulator_app
  USING (jurisdiction = nullif(current_setting('app.jurisdiction', true), ''));

-- A chunk is visible exactly when its network is (the network's policies apply in the subquery).
DROP POLICY IF EXISTS op_all ON network_chunk;
CREATE POLICY op_all ON network_chunk TO netvet_operator_app
  USING (EXISTS (SELECT 1 FROM network n WHERE n.id = network_id))
  WITH CHECK (EXISTS (SELECT 1 FROM network n WHERE n.id = network_id));
DROP POLICY IF EXISTS reg_read ON network_chunk;
CREATE POLICY reg_read ON network_chunk FOR SELECT TO netvet_regulator_app
  USING (EXISTS (SELECT 1 FROM network n WHERE n.id = network_id));

DROP POLICY IF EXISTS op_all ON proposal;
CREATE POLICY op_all ON proposal TO netvet_operator_app
  USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::bigint
              AND jurisdiction = nullif(current_setting('app.jurisdiction', true), ''));
DROP POLICY IF EXISTS reg_read ON proposal;
CREATE POLICY reg_read ON proposal FOR SELECT TO netvet_regulator_app
  USING (jurisdiction = nullif(current_setting('app.jurisdiction', true), '') AND submitted_at IS NOT NULL);
DROP POLICY IF EXISTS reg_decide ON proposal;
CREATE POLICY reg_decide ON proposal FOR UPDATE TO netvet_regulator_app
  USING (jurisdiction = nullif(current_setting('app.jurisdiction', true), '') AND submitted_at IS NOT NULL)
  WITH CHECK (jurisdiction = nullif(current_setting('app.jurisdiction', true), ''));

-- Waivers: the regulator of the jurisdiction grants and revokes; the
-- operator whose network it is reads them.
ALTER TABLE waiver ENABLE ROW LEVEL SECURITY;
ALTER TABLE waiver FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS owner_all ON waiver;
CREATE POLICY owner_all ON waiver TO CURRENT_USER USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS op_read ON waiver;
CREATE POLICY op_read ON waiver FOR SELECT TO netvet_operator_app
  USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint);
DROP POLICY IF EXISTS reg_all ON waiver;
CREATE POLICY reg_all ON waiver TO netvet_regulator_app
  USING (jurisdiction = nullif(current_setting('app.jurisdiction', true), ''))
  WITH CHECK (jurisdiction = nullif(current_setting('app.jurisdiction', true), ''));

DROP POLICY IF EXISTS op_read ON log_entry;
CREATE POLICY op_read ON log_entry FOR SELECT TO netvet_operator_app
  USING (chain = nullif(current_setting('app.jurisdiction', true), '')
         AND org_id = nullif(current_setting('app.org_id', true), '')::bigint);
DROP POLICY IF EXISTS op_append ON log_entry;
CREATE POLICY op_append ON log_entry FOR INSERT TO netvet_operator_app
  WITH CHECK (chain = nullif(current_setting('app.jurisdiction', true), '')
              AND org_id = nullif(current_setting('app.org_id', true), '')::bigint);
DROP POLICY IF EXISTS reg_read ON log_entry;
CREATE POLICY reg_read ON log_entry FOR SELECT TO netvet_regulator_app
  USING (chain = nullif(current_setting('app.jurisdiction', true), ''));
DROP POLICY IF EXISTS reg_append ON log_entry;
CREATE POLICY reg_append ON log_entry FOR INSERT TO netvet_regulator_app
  WITH CHECK (chain = nullif(current_setting('app.jurisdiction', true), ''));

-- What the tenant roles may touch at all; everything else (people, tokens,
-- keys' administration) only the owner.
REVOKE ALL ON session, login_failure, password_reset, waiver FROM PUBLIC;
GRANT SELECT ON waiver TO netvet_operator_app;
GRANT SELECT, INSERT, UPDATE ON waiver TO netvet_regulator_app;
GRANT USAGE ON SEQUENCE waiver_id_seq TO netvet_regulator_app;
REVOKE ALL ON org, app_user, token, network, network_chunk, proposal, log_entry, checkpoint, signing_key,
  server_schema FROM PUBLIC;
GRANT SELECT ON org, signing_key TO netvet_operator_app, netvet_regulator_app;
GRANT SELECT, INSERT, DELETE ON network, network_chunk TO netvet_operator_app;
GRANT SELECT ON network, network_chunk TO netvet_regulator_app;
GRANT SELECT, INSERT, UPDATE ON proposal TO netvet_operator_app;
GRANT SELECT, UPDATE ON proposal TO netvet_regulator_app;
GRANT SELECT, INSERT ON log_entry, checkpoint TO netvet_operator_app, netvet_regulator_app;
REVOKE UPDATE, DELETE, TRUNCATE ON log_entry FROM netvet_operator_app, netvet_regulator_app;
GRANT USAGE ON SEQUENCE network_id_seq, proposal_id_seq TO netvet_operator_app;
GRANT USAGE ON SEQUENCE log_entry_seq_seq TO netvet_operator_app, netvet_regulator_app;

-- Schema 4: webhooks, their outbox (written in the transaction of each event)
-- and the outbox's attempts. Each organisation sees its own webhooks and
-- deliveries; the delivery worker runs as the owner.
CREATE TABLE IF NOT EXISTS webhook (
  id bigserial PRIMARY KEY, org_id bigint NOT NULL REFERENCES org(id), url text NOT NULL, events text NOT NULL,
  lead_days integer NOT NULL, secret text NOT NULL, previous_secret text, previous_until bigint,
  created_at bigint NOT NULL, created_by text NOT NULL, active integer NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS webhook_outbox (
  seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, webhook_id bigint NOT NULL REFERENCES webhook(id),
  org_id bigint NOT NULL, event text NOT NULL, event_key text NOT NULL, payload text NOT NULL,
  created_at bigint NOT NULL, next_attempt_at bigint NOT NULL, attempts integer NOT NULL DEFAULT 0,
  state text NOT NULL DEFAULT 'pending', last_status integer, last_error text, UNIQUE (webhook_id, event_key));
CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (state, next_attempt_at);
-- Schema 5: a redelivery names the first delivery of its chain.
ALTER TABLE webhook_outbox ADD COLUMN IF NOT EXISTS redelivery_of text;
CREATE TABLE IF NOT EXISTS webhook_attempt (
  delivery_id text NOT NULL REFERENCES webhook_outbox(id), n integer NOT NULL, at bigint NOT NULL,
  status integer NOT NULL, error text NOT NULL, duration_ms bigint NOT NULL, PRIMARY KEY (delivery_id, n));

-- An event's outbox rows, written in the transaction of the event by whoever
-- makes it: an operator's submission reaches the regulators' webhooks too,
-- which its role cannot see. The same targets as the SQLite backend's
-- kWebhookTargets (server_store_internal.h).
CREATE OR REPLACE FUNCTION netvet_webhook_enqueue(p_org bigint, p_jurisdiction text, p_event text, p_key text,
                                                  p_payload text, p_now bigint)
  RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  INSERT INTO webhook_outbox (id, webhook_id, org_id, event, event_key, payload, created_at, next_attempt_at)
  SELECT gen_random_uuid()::text, w.id, w.org_id, p_event, p_key, p_payload, p_now, p_now
  FROM webhook w JOIN org o ON o.id = w.org_id
  WHERE w.active = 1 AND (w.org_id = p_org OR (o.kind = 'regulator' AND o.jurisdiction = p_jurisdiction))
    AND w.events LIKE '%"' || p_event || '"%'
  ON CONFLICT (webhook_id, event_key) DO NOTHING
$$;
REVOKE ALL ON FUNCTION netvet_webhook_enqueue(bigint, text, text, text, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION netvet_webhook_enqueue(bigint, text, text, text, text, bigint)
  TO netvet_operator_app, netvet_regulator_app;

ALTER TABLE webhook ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook FORCE ROW LEVEL SECURITY;
ALTER TABLE webhook_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_outbox FORCE ROW LEVEL SECURITY;
ALTER TABLE webhook_attempt ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_attempt FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS owner_all ON webhook;
CREATE POLICY owner_all ON webhook TO CURRENT_USER USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS owner_all ON webhook_outbox;
CREATE POLICY owner_all ON webhook_outbox TO CURRENT_USER USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS owner_all ON webhook_attempt;
CREATE POLICY owner_all ON webhook_attempt TO CURRENT_USER USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS org_all ON webhook;
CREATE POLICY org_all ON webhook TO netvet_operator_app, netvet_regulator_app
  USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::bigint);
DROP POLICY IF EXISTS org_read ON webhook_outbox;
CREATE POLICY org_read ON webhook_outbox FOR SELECT TO netvet_operator_app, netvet_regulator_app
  USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint);
DROP POLICY IF EXISTS org_update ON webhook_outbox;
CREATE POLICY org_update ON webhook_outbox FOR UPDATE TO netvet_operator_app, netvet_regulator_app
  USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::bigint);
-- Schema 5: an organisation's editor redelivers its own deliveries (a row of its own webhook).
DROP POLICY IF EXISTS org_insert ON webhook_outbox;
CREATE POLICY org_insert ON webhook_outbox FOR INSERT TO netvet_operator_app, netvet_regulator_app
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::bigint
              AND EXISTS (SELECT 1 FROM webhook w WHERE w.id = webhook_id));
DROP POLICY IF EXISTS org_read ON webhook_attempt;
CREATE POLICY org_read ON webhook_attempt FOR SELECT TO netvet_operator_app, netvet_regulator_app
  USING (EXISTS (SELECT 1 FROM webhook_outbox d WHERE d.id = delivery_id));
REVOKE ALL ON webhook, webhook_outbox, webhook_attempt FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON webhook TO netvet_operator_app, netvet_regulator_app;
GRANT USAGE ON SEQUENCE webhook_id_seq TO netvet_operator_app, netvet_regulator_app;
GRANT SELECT, INSERT, UPDATE ON webhook_outbox TO netvet_operator_app, netvet_regulator_app;
GRANT USAGE ON SEQUENCE webhook_outbox_seq_seq TO netvet_operator_app, netvet_regulator_app;
GRANT SELECT ON webhook_attempt TO netvet_operator_app, netvet_regulator_app;

-- Schema 6: the rendered analyses kept across restarts (derived data; they
-- go with their network). A row is visible, and may be written, exactly when
-- its network is to the operator role (the network's policies apply in the
-- subquery). Schema 7: the regulator role has none of it: a row an operator's
-- session may write would otherwise be read as the regulator's own audit, and
-- a regulator (who may not change networks) could plant an operator's.
CREATE TABLE IF NOT EXISTS kept_answer (
  network_id bigint NOT NULL REFERENCES network(id) ON DELETE CASCADE, key_sha256 text NOT NULL,
  generation text NOT NULL, day text NOT NULL, content_type text NOT NULL, headers text NOT NULL,
  body text NOT NULL, created_at bigint NOT NULL, pinned integer NOT NULL DEFAULT 0,
  PRIMARY KEY (network_id, key_sha256));
-- Schema 8: the overview's answers, which the server asks on its own, are
-- pinned: evicted only by one another, never by the questions people ask.
ALTER TABLE kept_answer ADD COLUMN IF NOT EXISTS pinned integer NOT NULL DEFAULT 0;
ALTER TABLE kept_answer ENABLE ROW LEVEL SECURITY;
ALTER TABLE kept_answer FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS owner_all ON kept_answer;
CREATE POLICY owner_all ON kept_answer TO CURRENT_USER USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS net_visible ON kept_answer;
CREATE POLICY net_visible ON kept_answer TO netvet_operator_app
  USING (EXISTS (SELECT 1 FROM network n WHERE n.id = network_id))
  WITH CHECK (EXISTS (SELECT 1 FROM network n WHERE n.id = network_id));
REVOKE ALL ON kept_answer FROM PUBLIC;
REVOKE ALL ON kept_answer FROM netvet_regulator_app;
GRANT SELECT, INSERT, DELETE ON kept_answer TO netvet_operator_app;
