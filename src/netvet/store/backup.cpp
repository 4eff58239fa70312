// Backups of the server's store (backup.h): SQLite's online backup API, and
// pg_dump / pg_restore for PostgreSQL as subprocesses without a shell.
#include "netvet/store/backup.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include <fcntl.h>
#include <libpq-fe.h>
#include <pqxx/pqxx>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netvet/store/server_store_internal.h"
#include "netvet/store/workspace_internal.h"

extern char** environ;  // NOLINT(readability-redundant-declaration): posix_spawnp's environment

namespace netvet::store {
namespace detail {
std::string_view pg_schema_sql();  // generated from pg_schema.sql
}  // namespace detail

namespace {

using db_handle = std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)>;

error sqlite_error(sqlite3* db, const std::string& what, const std::string& file) {
  return make_error(error_code::storage_error, what + ": " + (db != nullptr ? sqlite3_errmsg(db) : "out of memory"),
                    location{file});
}

result<db_handle> open_sqlite(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  db_handle db(raw, &sqlite3_close_v2);
  if (rc != SQLITE_OK) {
    return sqlite_error(raw, "cannot open", path);
  }
  sqlite3_busy_timeout(raw, 10000);
  return db;
}

// A new, empty file of mode 0600 at `path` (a stale one from a crashed run is
// replaced); the mode holds whatever the umask.
status create_private_file(const std::string& path) {
  ::unlink(path.c_str());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return make_error(error_code::io_error, std::string("cannot create the file: ") + std::strerror(errno),
                      location{path});
  }
  ::fchmod(fd, 0600);
  ::close(fd);
  return {};
}

// Syncs the file at `path`, renames it to `to` and syncs the folder.
status commit_file(const std::string& path, const std::string& to) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) {
      ::close(fd);
    }
    return make_error(error_code::io_error, "cannot sync the copy: " + why, location{path});
  }
  ::close(fd);
  if (::rename(path.c_str(), to.c_str()) != 0) {
    return make_error(error_code::io_error, std::string("cannot rename the copy: ") + std::strerror(errno),
                      location{to});
  }
  std::string folder = std::filesystem::path(to).parent_path().string();
  const int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

// Every page of `from` into `to`, in one step: one read transaction on the
// source (a consistent moment; WAL readers block no writer).
status copy_pages(sqlite3* from, sqlite3* to, const std::string& file) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (b == nullptr) {
    return sqlite_error(to, "cannot start the copy", file);
  }
  int rc = SQLITE_OK;
  for (int tries = 0; tries < 200; ++tries) {
    rc = sqlite3_backup_step(b, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
      break;
    }
    sqlite3_sleep(50);
  }
  const int finished = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE || finished != SQLITE_OK) {
    return make_error(error_code::storage_error,
                      std::string("the copy failed: ") + sqlite3_errstr(rc != SQLITE_DONE ? rc : finished) +
                          (rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? " (is a server using it? stop it first)" : ""),
                      location{file});
  }
  return {};
}

// A single integer from `sql`.
result<std::int64_t> scalar(sqlite3* db, const char* sql, const std::string& file) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
    return sqlite_error(db, "cannot read", file);
  }
  const int rc = sqlite3_step(st);
  const std::int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) {
    return sqlite_error(db, "cannot read", file);
  }
  return v;
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::uint64_t size_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

result<backup_result> sqlite_backup(const std::string& path, const std::string& out) {
  if (!exists(path)) {
    return make_error(error_code::not_found, "no workspace here", location{path});
  }
  NETVET_ASSIGN_OR_RETURN(const auto src, open_sqlite(path, SQLITE_OPEN_READWRITE));
  const std::string partial = out + ".partial";
  NETVET_TRY(create_private_file(partial));
  {
    auto dst = open_sqlite(partial, SQLITE_OPEN_READWRITE);
    status copied = dst ? copy_pages(src.get(), dst->get(), path) : status(dst.err());
    if (copied) {
      // One file, no -wal beside it: the copy is whole on its own.
      copied = sqlite3_exec(dst->get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) == SQLITE_OK
                   ? status()
                   : status(sqlite_error(dst->get(), "cannot finish the copy", partial));
    }
    if (!copied) {
      ::unlink(partial.c_str());
      return copied.err();
    }
  }
  NETVET_TRY(commit_file(partial, out));
  return backup_result{"sqlite3_backup", size_of(out)};
}

// How pg_dump and pg_restore reach the database: libpq's environment
// variables (PGHOST, PGUSER, PGPASSWORD, ...) for every setting of the URI
// that has one, so that no password is on their command line, which every
// user of the machine can read (ps, /proc); the few settings without a
// variable (keepalives, ...) and the database's name, none of them secret, as
// a conninfo string for --dbname. A URI libpq cannot parse is invalid_input.
struct pg_connection_args {
  std::vector<std::string> env;  // NAME=value
  std::string conninfo;          // key='value' ...; empty when none
};

result<pg_connection_args> connection_args(std::string_view uri) {
  char* why = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(std::string(uri).c_str(), &why);
  if (parsed == nullptr) {
    std::string text = why != nullptr ? why : "out of memory";
    PQfreemem(why);
    while (!text.empty() && text.back() == '\n') {
      text.pop_back();
    }
    return make_error(error_code::invalid_input, "not a PostgreSQL connection URI: " + text,
                      location{detail::redact_uri(uri), 0, 0, "--workspace"});
  }
  const std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> hold(parsed, &PQconninfoFree);
  pg_connection_args out;
  for (const PQconninfoOption* o = parsed; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') {
      continue;
    }
    if (o->envvar != nullptr && std::string_view(o->keyword) != "dbname") {
      out.env.push_back(std::string(o->envvar) + "=" + o->val);
      continue;
    }
    std::string quoted;
    for (const char* c = o->val; *c != '\0'; ++c) {
      if (*c == '\'' || *c == '\\') {
        quoted += '\\';
      }
      quoted += *c;
    }
    out.conninfo += (out.conninfo.empty() ? "" : " ") + std::string(o->keyword) + "='" + quoted + "'";
  }
  return out;
}

// This process's environment with `extra` (NAME=value) set over it.
std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const auto name = entry.substr(0, entry.find('=') + 1);
    const bool replaced =
        std::any_of(extra.begin(), extra.end(), [&](const std::string& x) { return x.starts_with(name); });
    if (!replaced) {
      out.emplace_back(entry);
    }
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

std::vector<char*> pointers(const std::vector<std::string>& texts) {
  std::vector<char*> out;
  out.reserve(texts.size() + 1);
  for (const auto& t : texts) {
    out.push_back(const_cast<char*>(t.c_str()));  // NOLINT(cppcoreguidelines-pro-type-const-cast): posix_spawn's type
  }
  out.push_back(nullptr);
  return out;
}

// Runs `argv` (argv[0] looked up in PATH) with `env` set over this process's
// environment, and waits for it: its exit status, or unsupported when it is
// not installed.
result<int> run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env = {}) {
  auto args = pointers(argv);
  const auto environment = environment_with(env);
  auto envp = pointers(environment);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), envp.data());
  if (rc == ENOENT) {
    return make_error(error_code::unsupported,
                      argv[0] +
                          " is not installed (Debian: apt install postgresql-client-15); it is needed for a "
                          "PostgreSQL store");
  }
  if (rc != 0) {
    return make_error(error_code::io_error, "cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0) {
    if (errno != EINTR) {
      return make_error(error_code::io_error, "cannot wait for " + argv[0] + ": " + std::strerror(errno));
    }
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

result<backup_result> pg_backup(std::string_view uri, const std::string& out) {
  NETVET_ASSIGN_OR_RETURN(const pg_connection_args conn, connection_args(uri));
  const std::string partial = out + ".partial";
  NETVET_TRY(create_private_file(partial));
  std::vector<std::string> argv{"pg_dump", "--format=custom", "--no-password", "--file=" + partial};
  if (!conn.conninfo.empty()) {
    argv.push_back("--dbname=" + conn.conninfo);
  }
  auto rc = run_program(argv, conn.env);
  if (!rc || *rc != 0) {
    ::unlink(partial.c_str());
    if (!rc) {
      return rc.err();
    }
    return make_error(error_code::storage_error,
                      "pg_dump exited with status " + std::to_string(*rc) + " (its message is above)",
                      location{detail::redact_uri(uri)});
  }
  NETVET_TRY(commit_file(partial, out));
  return backup_result{"pg_dump", size_of(out)};
}

// The store's log, checked after a restore.
result<std::vector<log_verdict>> verify_restored(std::string_view uri) {
  server_store_options so;
  so.read_only = true;
  NETVET_ASSIGN_OR_RETURN(auto db, open_server_store(uri, so));
  NETVET_ASSIGN_OR_RETURN(auto verdicts, db->verify_log({}));
  for (const auto& v : verdicts) {
    if (v.first_bad) {
      return make_error(error_code::log_tampered,
                        "the restored log does not verify: chain " + v.chain + ", entry " +
                            std::to_string(*v.first_bad) + ": " + v.why,
                        location{detail::redact_uri(uri)});
    }
  }
  return verdicts;
}

result<std::vector<log_verdict>> sqlite_restore(const std::string& backup, const std::string& path, bool force) {
  if (!exists(backup)) {
    return make_error(error_code::not_found, "no backup here", location{backup});
  }
  NETVET_ASSIGN_OR_RETURN(const auto src, open_sqlite(backup, SQLITE_OPEN_READONLY));
  const auto tables = scalar(src.get(), "SELECT count(*) FROM sqlite_master WHERE name = 'log_entry'", backup);
  if (!tables || *tables == 0) {
    return make_error(error_code::invalid_input, "not a backup of a netvet server's SQLite workspace",
                      location{backup});
  }
  if (!exists(path)) {
    NETVET_TRY(create_private_file(path));
  }
  NETVET_ASSIGN_OR_RETURN(const auto dst, open_sqlite(path, SQLITE_OPEN_READWRITE));
  NETVET_ASSIGN_OR_RETURN(const std::int64_t held, scalar(dst.get(), "SELECT count(*) FROM sqlite_master", path));
  if (held > 0 && !force) {
    return make_error(error_code::already_exists,
                      "the workspace is not empty; give --force to replace it with the backup", location{path});
  }
  NETVET_TRY(copy_pages(src.get(), dst.get(), path));
  return verify_restored(path);
}

// The tenant roles the dump's grants and policies name: cluster-wide, so a
// fresh cluster lacks them (the same statements as pg_schema.sql's start).
constexpr std::string_view kPgRoles = R"sql(
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'netvet_operator_app') THEN
    CREATE ROLE netvet_operator_app NOLOGIN NOBYPASSRLS; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'netvet_regulator_app') THEN
    CREATE ROLE netvet_regulator_app NOLOGIN NOBYPASSRLS; END IF;
  IF NOT pg_has_role(current_user, 'netvet_operator_app', 'MEMBER') THEN
    EXECUTE format('GRANT netvet_operator_app TO %I', current_user); END IF;
  IF NOT pg_has_role(current_user, 'netvet_regulator_app', 'MEMBER') THEN
    EXECUTE format('GRANT netvet_regulator_app TO %I', current_user); END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
)sql";

// How many tables the database's public schema holds (after making the roles).
result<std::int64_t> pg_prepare_target(std::string_view uri) {
  try {
    pqxx::connection conn{std::string(uri)};
    pqxx::work tx(conn);
    tx.exec(std::string(kPgRoles));
    const auto r = tx.exec("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
    tx.commit();
    return r[0][0].as<std::int64_t>();
  } catch (const std::exception& e) {
    return make_error(error_code::storage_error, std::string("cannot prepare the database: ") + e.what(),
                      location{detail::redact_uri(uri)});
  }
}

// The dump's table of contents (pg_restore --list) without the policies that
// give the dumped database's owner its own rows: they name that role, which
// the target's cluster may not have (a fresh machine's owner is another
// role). With --no-owner and --no-privileges the restored objects belong to
// the target's owner; grant_to_the_target then gives back the grants and the
// owner's policies. Returns the list's path (a private file; the caller
// removes it).
result<std::string> contents_without_owner_policies(const std::string& backup, const pg_connection_args& conn) {
  std::string path = (std::filesystem::temp_directory_path() / "netvet-restore-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return make_error(error_code::io_error, std::string("cannot create the restore's list: ") + std::strerror(errno),
                      location{path});
  }
  ::close(fd);
  const auto rc = run_program({"pg_restore", "--list", "--file=" + path, backup}, conn.env);
  if (!rc || *rc != 0) {
    ::unlink(path.c_str());
    if (!rc) {
      return rc.err();
    }
    return make_error(error_code::invalid_input,
                      "pg_restore cannot read the backup's contents (status " + std::to_string(*rc) +
                          "; its message is above): is it a netvet PostgreSQL backup?",
                      location{backup});
  }
  std::string kept;
  {
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
      if (line.find(" POLICY ") != std::string::npos && line.find(" owner_all ") != std::string::npos) {
        continue;
      }
      kept += line + "\n";
    }
  }
  std::ofstream out(path, std::ios::trunc);
  out << kept;
  out.close();
  if (!out) {
    ::unlink(path.c_str());
    return make_error(error_code::io_error, "cannot write the restore's list", location{path});
  }
  return path;
}

// The schema's statements (idempotent) run again in the restored database:
// the tenant roles' grants and the owner's policies, for the target's owner.
status grant_to_the_target(std::string_view uri) {
  try {
    pqxx::connection c{std::string(uri)};
    pqxx::work tx(c);
    tx.exec(std::string(detail::pg_schema_sql()));
    tx.commit();
    return {};
  } catch (const std::exception& e) {
    return make_error(
        error_code::storage_error,
        std::string("the backup was restored, but its grants and policies could not be made: ") + e.what(),
        location{detail::redact_uri(uri)});
  }
}

result<std::vector<log_verdict>> pg_restore(const std::string& backup, std::string_view uri, bool force) {
  if (!exists(backup)) {
    return make_error(error_code::not_found, "no backup here", location{backup});
  }
  NETVET_ASSIGN_OR_RETURN(const std::int64_t tables, pg_prepare_target(uri));
  if (tables > 0 && !force) {
    return make_error(error_code::already_exists,
                      "the database is not empty; give --force to replace it with the backup",
                      location{detail::redact_uri(uri)});
  }
  NETVET_ASSIGN_OR_RETURN(const pg_connection_args conn, connection_args(uri));
  NETVET_ASSIGN_OR_RETURN(const std::string list, contents_without_owner_policies(backup, conn));
  std::vector<std::string> argv{"pg_restore", "--exit-on-error", "--single-transaction", "--no-password",
                                "--no-owner", "--no-privileges", "--use-list=" + list};
  // pg_restore needs --dbname to restore into a database (else it prints the
  // SQL); "postgresql://" takes every setting from the environment.
  argv.push_back("--dbname=" + (conn.conninfo.empty() ? std::string("postgresql://") : conn.conninfo));
  if (tables > 0) {
    argv.emplace_back("--clean");
    argv.emplace_back("--if-exists");
  }
  argv.push_back(backup);
  const auto rc = run_program(argv, conn.env);
  ::unlink(list.c_str());
  NETVET_TRY(rc);
  if (*rc != 0) {
    return make_error(error_code::storage_error,
                      "pg_restore exited with status " + std::to_string(*rc) +
                          " (its message is above; nothing was restored: one transaction)",
                      location{backup});
  }
  NETVET_TRY(grant_to_the_target(uri));
  return verify_restored(uri);
}

}  // namespace

result<backup_result> backup_store(std::string_view uri, const std::string& out) {
  if (exists(out)) {
    return make_error(error_code::already_exists, "the backup file exists; give another name", location{out});
  }
  if (detail::is_postgres_uri(uri)) {
    return pg_backup(uri, out);
  }
  NETVET_ASSIGN_OR_RETURN(const std::string path, sqlite_path_of(uri));
  return sqlite_backup(path, out);
}

result<std::vector<log_verdict>> restore_store(const std::string& backup, std::string_view uri, bool force) {
  if (detail::is_postgres_uri(uri)) {
    return pg_restore(backup, uri, force);
  }
  NETVET_ASSIGN_OR_RETURN(const std::string path, sqlite_path_of(uri));
  return sqlite_restore(backup, path, force);
}

}  // namespace netvet::store
