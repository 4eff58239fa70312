// netvet admin (init, add-org, add-user, revoke-token) and netvet log verify:
// the server's store from the command line (store/server_store.h).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include <sys/stat.h>  // umask

#include "cli.h"
#include "commands.h"
#include "netvet/store/backup.h"
#include "netvet/store/server_store.h"

namespace netvet::cli {
namespace {

struct admin_config {
  std::string workspace;
  std::string key;
  std::string name;
  std::string admin = "admin";
  std::string kind;
  std::string jurisdiction;
  std::string org;
  std::string role;
  std::string token_id;
  std::string adopt_org;
  std::vector<std::string> checkpoints;
  std::vector<std::string> proofs;
  std::string keys;
  std::string file;  // backup, restore: the copy
  int token_days = 90;
  int valid_hours = 24;  // reset-code
  bool read_only = false;
  bool force = false;
};

}  // namespace

std::string signing_key_path(const std::string& workspace, const std::string& given) {
  if (!given.empty()) {
    return given;
  }
  if (workspace.starts_with("postgresql://") || workspace.starts_with("postgres://")) {
    fail(make_error(error_code::invalid_input,
                    "a PostgreSQL workspace has no file to put the signing key beside: give --signing-key PATH",
                    location{"", 0, 0, "--signing-key"}));
  }
  return store::default_key_path(workspace);
}

namespace {

store::timestamp now() { return {static_cast<std::int64_t>(std::time(nullptr))}; }

std::string key_path(const admin_config& c) { return signing_key_path(c.workspace, c.key); }

void add_store_options(CLI::App& cmd, admin_config& c) {
  cmd.add_option("--workspace", c.workspace, "The server's workspace (a SQLite file)")->required();
  cmd.add_option("--signing-key", c.key, "The log's Ed25519 signing key (default: WORKSPACE.key)");
}

// The store, opened with the signing key (read only: without it).
std::unique_ptr<store::server_store> open_store(const admin_config& c, const crypto::signing_key* key,
                                                bool read_only = false) {
  store::server_store_options so;
  so.key = key;
  so.read_only = read_only;
  return unwrap(store::open_server_store(c.workspace, so));
}

store::timestamp expiry(const admin_config& c) {
  if (c.token_days < 1 || c.token_days > 366) {
    fail(make_error(error_code::invalid_input, "--token-days is 1..366", location{"", 0, 0, "--token-days"}));
  }
  return {now().unix_seconds + std::int64_t{c.token_days} * 86400};
}

void add_init(CLI::App& admin) {
  auto c = std::make_shared<admin_config>();
  auto* cmd = admin.add_subcommand("init", "Initialise a server: its administrator, signing key and log");
  add_store_options(*cmd, *c);
  cmd->add_option("--admin", c->admin, "The first administrator's user name")->capture_default_str();
  cmd->add_option("--adopt-org", c->adopt_org,
                  "Create this operator organisation and make the workspace's snapshots its networks");
  cmd->add_option("--jurisdiction", c->jurisdiction, "The adopting organisation's jurisdiction (pack id)");
  cmd->add_option("--token-days", c->token_days, "Days until the administrator's token expires")->capture_default_str();
  cmd->footer(
      "Creates the signing key (mode 0600) and prints the administrator's token once, as the only line on stdout.\n"
      "Exit status 5 if the server is initialised already or the key file exists.");
  cmd->callback([c] {
    if (!c->adopt_org.empty() && c->jurisdiction.empty()) {
      fail(make_error(error_code::invalid_input, "--adopt-org needs --jurisdiction",
                      location{"", 0, 0, "--jurisdiction"}));
    }
    const auto key = unwrap(store::create_signing_key(key_path(*c)));
    const auto db = open_store(*c, &key);
    store::server_store::init_request r;
    r.admin_name = c->admin;
    r.now = now();
    r.token_expires = expiry(*c);
    if (!c->adopt_org.empty()) {
      r.adopt_org = store::org_info{0, c->adopt_org, store::org_kind::operator_org, c->jurisdiction, r.now};
    }
    const auto token = unwrap(db->init(r));
    std::printf("%s\n", token.text.c_str());
    std::fprintf(stderr, "initialised %s; signing key %s\n", c->workspace.c_str(), key_path(*c).c_str());
  });
}

void add_org(CLI::App& admin) {
  auto c = std::make_shared<admin_config>();
  auto* cmd = admin.add_subcommand("add-org", "Add an operator or regulator organisation");
  add_store_options(*cmd, *c);
  cmd->add_option("--name", c->name, "The organisation's name")->required();
  cmd->add_option("--kind", c->kind, "operator or regulator")->required();
  cmd->add_option("--jurisdiction", c->jurisdiction, "Its jurisdiction (a pack id: nz, gb, ...)")->required();
  cmd->callback([c] {
    const auto kind = store::parse_org_kind(c->kind);
    if (!kind || *kind == store::org_kind::system) {
      fail(make_error(error_code::invalid_input, "--kind is operator or regulator", location{"", 0, 0, "--kind"}));
    }
    const auto key = unwrap(store::read_signing_key(key_path(*c)));
    const auto db = open_store(*c, &key);
    const auto by = unwrap(db->local_admin());
    const auto org = unwrap(db->create_org(by, {0, c->name, *kind, c->jurisdiction, {}}, now()));
    std::fprintf(stderr, "added %s organisation '%s' (%s), id %lld\n", c->kind.c_str(), org.name.c_str(),
                 org.jurisdiction.c_str(), static_cast<long long>(org.id));
  });
}

void add_user(CLI::App& admin) {
  auto c = std::make_shared<admin_config>();
  auto* cmd = admin.add_subcommand("add-user", "Add a person to an organisation and print their token once");
  add_store_options(*cmd, *c);
  cmd->add_option("--org", c->org, "The organisation's name")->required();
  cmd->add_option("--name", c->name, "The sign-in name (unique across the server)")->required();
  cmd->add_option("--role", c->role, "admin, operator_editor, operator_viewer, regulator_assessor or regulator_viewer")
      ->required();
  cmd->add_flag("--read-only", c->read_only, "Issue a read-only token");
  cmd->add_option("--token-days", c->token_days, "Days until the token expires")->capture_default_str();
  cmd->callback([c] {
    const auto who = store::parse_role(c->role);
    if (!who) {
      fail(make_error(error_code::invalid_input,
                      "--role is admin, operator_editor, operator_viewer, regulator_assessor or regulator_viewer",
                      location{"", 0, 0, "--role"}));
    }
    const auto key = unwrap(store::read_signing_key(key_path(*c)));
    const auto db = open_store(*c, &key);
    const auto by = unwrap(db->local_admin());
    const auto org = unwrap(db->find_org(by, c->org));
    const auto user = unwrap(db->create_user(by, org.id, c->name, *who, now()));
    const auto token = unwrap(db->issue_token(by, {user.id, c->read_only, expiry(*c)}, now()));
    std::printf("%s\n", token.text.c_str());
    std::fprintf(stderr, "added %s to '%s' as %s, user id %lld\n", user.name.c_str(), org.name.c_str(), c->role.c_str(),
                 static_cast<long long>(user.id));
  });
}

void add_password(CLI::App& admin) {
  auto c = std::make_shared<admin_config>();
  auto* cmd = admin.add_subcommand("set-password", "Set a person's password for the dashboard, read from stdin");
  add_store_options(*cmd, *c);
  cmd->add_option("--name", c->name, "The user's sign-in name")->required();
  cmd->footer(
      "The password is the first line of standard input, never an argument:\n"
      "  netvet admin set-password --workspace nz.db --name analyst < secret.txt\n"
      "At least 12 characters, not containing the user name, not a common password (exit 3 otherwise).");
  cmd->callback([c] {
    std::string password;
    if (!std::getline(std::cin, password)) {
      fail(make_error(error_code::invalid_input, "give the password on standard input", location{"", 0, 0, "stdin"}));
    }
    if (!password.empty() && password.back() == '\r') {
      password.pop_back();
    }
    const auto key = unwrap(store::read_signing_key(key_path(*c)));
    const auto db = open_store(*c, &key);
    const auto by = unwrap(db->local_admin());
    unwrap(db->set_password(by, c->name, password, now()));
    std::fprintf(stderr, "set the password of %s\n", c->name.c_str());
  });
}

void add_reset_code(CLI::App& admin) {
  auto c = std::make_shared<admin_config>();
  auto* cmd = admin.add_subcommand("reset-code", "Issue a one-time code with which a person sets their own password");
  add_store_options(*cmd, *c);
  cmd->add_option("--name", c->name, "The person's sign-in name")->required();
  cmd->add_option("--valid-hours", c->valid_hours, "How long the code may be used (1..168)")
      ->default_val(24)
      ->check(CLI::Range(1, 168));
  cmd->footer(
      "Prints the code, once; the store keeps only its SHA-256 and a new code replaces the last. The person\n"
      "redeems it on the dashboard's sign-in page (or POST /api/v1/password/reset) and chooses the password\n"
      "there: you never see it. Logged as user.reset_code_issued. Exit status 4 for an unknown name, 13 for a\n"
      "deactivated one.\n"
      "  netvet admin reset-code --workspace nz.db --name analyst --valid-hours 4");
  cmd->callback([c] {
    const auto key = unwrap(store::read_signing_key(key_path(*c)));
    const auto db = open_store(*c, &key);
    const auto by = unwrap(db->local_admin());
    const auto issued = unwrap(db->issue_reset_code(by, c->name, std::int64_t{c->valid_hours} * 3600, now()));
    std::printf("%s\n", issued.code.c_str());
    std::fprintf(stderr, "issued a reset code for %s, valid until %s\n", issued.user.c_str(),
                 store::format_timestamp(issued.expires_at).c_str());
  });
}

void add_revoke(CLI::App& admin) {
  auto c = std::make_shared<admin_config>();
  auto* cmd = admin.add_subcommand("revoke-token", "Revoke a token at once (by its id, the 16 hex digits)");
  add_store_options(*cmd, *c);
  cmd->add_option("--id", c->token_id, "The token's id")->required();
  cmd->callback([c] {
    const auto key = unwrap(store::read_signing_key(key_path(*c)));
    const auto db = open_store(*c, &key);
    const auto by = unwrap(db->local_admin());
    unwrap(db->revoke_token(by, c->token_id, now()));
    std::fprintf(stderr, "revoked token %s\n", c->token_id.c_str());
  });
}

void add_deactivate(CLI::App& admin) {
  auto c = std::make_shared<admin_config>();
  auto* cmd = admin.add_subcommand("deactivate-user", "Deactivate a person: their tokens and sessions stop at once");
  add_store_options(*cmd, *c);
  cmd->add_option("--name", c->name, "The person's sign-in name")->required();
  cmd->footer("Logged as user.deactivated. Exit status 4 for an unknown name, 13 if deactivated already.");
  cmd->callback([c] {
    const auto key = unwrap(store::read_signing_key(key_path(*c)));
    const auto db = open_store(*c, &key);
    const auto by = unwrap(db->local_admin());
    unwrap(db->deactivate_user(by, c->name, now()));
    std::fprintf(stderr, "deactivated %s\n", c->name.c_str());
  });
}

void add_rotate(CLI::App& admin) {
  auto c = std::make_shared<admin_config>();
  auto* cmd = admin.add_subcommand("rotate-key", "Replace the log's signing key; the old public key stays published");
  add_store_options(*cmd, *c);
  cmd->footer(
      "Writes a new Ed25519 key to KEY.new (mode 0600), publishes its public half and retires the old key in the\n"
      "store (a system log entry records it), then renames KEY.new over the key file. A running netvet serve\n"
      "signs with the new key from its next checkpoint on; checkpoints signed with the old key still verify.\n"
      "Prints the new key's id as the only line on stdout.");
  cmd->callback([c] {
    const std::string path = key_path(*c);
    const auto old = unwrap(store::read_signing_key(path));
    const auto next = unwrap(crypto::signing_key::generate());
    const auto db = open_store(*c, &old);
    const auto by = unwrap(db->local_admin());
    const std::string staged = unwrap(store::stage_signing_key(path, next));
    auto published = db->rotate_key(by, next.public_bytes(), now());
    if (!published) {
      std::remove(staged.c_str());
      fail(published.take_error());
    }
    unwrap(store::replace_signing_key(staged, path));
    std::printf("%s\n", published->key_id.c_str());
    std::fprintf(stderr, "rotated the signing key: %s signs from now on (%s)\n", published->key_id.c_str(),
                 path.c_str());
  });
}

// A JSON file, or a failure naming it (not_found, invalid_input).
nlohmann::json read_json(const std::string& f, const char* what) {
  std::ifstream in(f);
  if (!in) {
    fail(make_error(error_code::not_found, std::string("cannot read the ") + what, location{f}));
  }
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded()) {
    fail(make_error(error_code::invalid_input, std::string("the ") + what + " is not JSON", location{f}));
  }
  return j;
}

std::vector<store::signed_checkpoint> read_checkpoints(const std::vector<std::string>& files) {
  std::vector<store::signed_checkpoint> out;
  for (const auto& f : files) {
    const auto j = read_json(f, "checkpoint");
    // A decision's response holds it under "checkpoint"; a saved checkpoint is the object itself.
    const auto& c = j.is_object() && j.contains("checkpoint") ? j["checkpoint"] : j;
    out.push_back(unwrap(store::signed_checkpoint::from_json(c, f)));
  }
  return out;
}

// One proof file checked offline: "" when it holds, else why not.
std::string check_proof_file(const std::string& f, const std::vector<store::signed_checkpoint>& held,
                             const std::vector<store::published_key>& keys) {
  const auto j = read_json(f, "proof");
  if (j.is_object() && j.contains("index")) {
    const auto p = unwrap(store::inclusion_proof_from_json(j, f));
    std::string why = store::check_inclusion(p, keys);
    if (why.empty()) {
      std::printf("%s: entry %llu of %s is in the log of %llu entries\n", f.c_str(),
                  static_cast<unsigned long long>(p.index), p.chain.c_str(), static_cast<unsigned long long>(p.size));
    }
    return why;
  }
  const auto p = unwrap(store::consistency_proof_from_json(j, f));
  const auto old = std::find_if(held.begin(), held.end(), [&](const store::signed_checkpoint& h) {
    return h.chain == p.chain && h.count == p.first;
  });
  if (old == held.end()) {
    fail(make_error(error_code::invalid_input,
                    "no --checkpoint of " + p.chain + " at " + std::to_string(p.first) +
                        " entries to check this consistency proof against",
                    location{f, 0, 0, "first"}));
  }
  std::string why = store::check_consistency(*old, p, keys);
  if (why.empty()) {
    std::printf("%s: %s at %llu entries extends the held checkpoint of %llu entries\n", f.c_str(), p.chain.c_str(),
                static_cast<unsigned long long>(p.second), static_cast<unsigned long long>(p.first));
  }
  return why;
}

// `log verify` without a workspace: the held checkpoints' signatures, and
// each proof, against the published keys.
void verify_offline(const admin_config& c) {
  if (c.keys.empty() || (c.proofs.empty() && c.checkpoints.empty())) {
    fail(make_error(error_code::invalid_input,
                    "without --workspace, give --keys KEYS.json and --proof or --checkpoint files to check",
                    location{"", 0, 0, c.keys.empty() ? "--keys" : "--proof"}));
  }
  const auto keys = unwrap(store::keys_from_json(read_json(c.keys, "keys document"), c.keys));
  const auto held = read_checkpoints(c.checkpoints);
  bool ok = true;
  for (std::size_t i = 0; i < held.size(); ++i) {
    if (!store::signed_by_published_key(held[i], keys)) {
      ok = false;
      std::printf("%s: FAILS: not signed by a published key (key_id %s)\n", c.checkpoints[i].c_str(),
                  held[i].key_id.c_str());
    }
  }
  for (const auto& f : c.proofs) {
    if (const std::string why = check_proof_file(f, held, keys); !why.empty()) {
      ok = false;
      std::printf("%s: FAILS: %s\n", f.c_str(), why.c_str());
    }
  }
  if (!ok) {
    fail(make_error(error_code::log_tampered, "the proofs do not verify",
                    location{c.proofs.empty() ? "" : c.proofs[0]}));
  }
}

void add_verify(CLI::App& log) {
  auto c = std::make_shared<admin_config>();
  auto* cmd = log.add_subcommand("verify", "Recompute the tamper-evident log and name the first entry that fails");
  cmd->add_option("--workspace", c->workspace, "The server's workspace (a SQLite file or postgresql:// URI)");
  cmd->add_option("--checkpoint", c->checkpoints,
                  "A signed checkpoint held since (JSON: a decision's response or GET /api/v1/log/checkpoint)");
  cmd->add_option("--proof", c->proofs,
                  "Without --workspace: a proof from GET /api/v1/log/proof/inclusion or /consistency");
  cmd->add_option("--keys", c->keys, "Without --workspace: the published keys (GET /api/v1/log/keys)");
  cmd->footer(
      "With --workspace: recomputes every chain and its Merkle tree, and checks each held checkpoint against them.\n"
      "Without: checks offline that the checkpoints are signed by published keys, that each inclusion proof puts\n"
      "its entry in the signed tree, and that each consistency proof extends a held checkpoint (same chain and\n"
      "count as its 'first'): the log was not rewritten or cut.\n"
      "Exit status 0 when everything holds, 14 when something does not (naming it), 3 or 4 for a malformed or\n"
      "missing file.");
  cmd->callback([c] {
    if (c->workspace.empty()) {
      verify_offline(*c);
      return;
    }
    const auto held = read_checkpoints(c->checkpoints);
    const auto db = open_store(*c, nullptr, /*read_only=*/true);
    const auto verdicts = unwrap(db->verify_log(held));
    bool ok = true;
    for (const auto& v : verdicts) {
      if (v.first_bad) {
        ok = false;
        std::printf("%s: %llu entries; FAILS at entry %llu: %s\n", v.chain.c_str(),
                    static_cast<unsigned long long>(v.entries), static_cast<unsigned long long>(*v.first_bad),
                    v.why.c_str());
      } else {
        std::printf("%s: %llu entries; verified\n", v.chain.c_str(), static_cast<unsigned long long>(v.entries));
      }
    }
    if (!ok) {
      fail(make_error(error_code::log_tampered, "the log does not verify", location{c->workspace}));
    }
  });
}

void add_backup(CLI::App& admin) {
  auto c = std::make_shared<admin_config>();
  auto* cmd = admin.add_subcommand("backup", "Copy the server's store to a file while the server runs");
  cmd->add_option("--workspace", c->workspace, "The server's workspace (a SQLite file or postgresql:// URI)")
      ->required();
  cmd->add_option("OUT", c->file, "The new backup file (mode 0600; an existing file is never overwritten)")->required();
  cmd->footer(
      "SQLite: SQLite's online backup API, one consistent moment while the server goes on writing.\n"
      "PostgreSQL: pg_dump --format=custom (postgresql-client-15), given the URI's settings through libpq's\n"
      "environment (PGHOST, PGPASSWORD, ...), never on its command line.\n"
      "The signing key is not in the store: keep a copy of its file (mode 0600) with the backup.\n"
      "Exit status 5 if OUT exists, 4 if the workspace does not, 6 without pg_dump, 10 if the database fails.");
  cmd->callback([c] {
    ::umask(077);
    const auto started = std::chrono::steady_clock::now();
    const auto done = unwrap(store::backup_store(c->workspace, c->file));
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "backed up %s to %s (%s, %llu bytes, %.1f s)\n", c->workspace.c_str(), c->file.c_str(),
                 done.method.c_str(), static_cast<unsigned long long>(done.bytes), s);
  });
}

void add_restore(CLI::App& admin) {
  auto c = std::make_shared<admin_config>();
  auto* cmd = admin.add_subcommand("restore", "Restore a backup into a workspace and verify its log");
  cmd->add_option("--workspace", c->workspace, "The workspace to restore into (a SQLite file or postgresql:// URI)")
      ->required();
  cmd->add_option("BACKUP", c->file, "The file `netvet admin backup` wrote")->required();
  cmd->add_flag("--force", c->force, "Replace a workspace that is not empty");
  cmd->footer(
      "Stop the server first. Refuses a workspace that holds anything unless --force. After the restore, every\n"
      "chain of the log, its tree and its stored checkpoints are checked (as `netvet log verify`); checkpoints\n"
      "handed out before the backup can be checked with `netvet log verify --workspace W --checkpoint FILE`.\n"
      "Exit status 5 if the workspace is not empty, 4 if BACKUP does not exist, 3 if it is not a netvet backup,\n"
      "14 if the restored log does not verify, 10 if the database fails.");
  cmd->callback([c] {
    ::umask(077);
    const auto verdicts = unwrap(store::restore_store(c->file, c->workspace, c->force));
    for (const auto& v : verdicts) {
      std::printf("%s: %llu entries; verified\n", v.chain.c_str(), static_cast<unsigned long long>(v.entries));
    }
  });
}

}  // namespace

void add_admin(CLI::App& app) {
  auto* admin = app.add_subcommand("admin", "Administer a netvet server's store");
  admin->require_subcommand(1);
  add_init(*admin);
  add_org(*admin);
  add_user(*admin);
  add_password(*admin);
  add_revoke(*admin);
  add_deactivate(*admin);
  add_reset_code(*admin);
  add_rotate(*admin);
  add_backup(*admin);
  add_restore(*admin);
}

void add_log(CLI::App& app) {
  auto* log = app.add_subcommand("log", "The server's tamper-evident log");
  log->require_subcommand(1);
  add_verify(*log);
}

}  // namespace netvet::cli
