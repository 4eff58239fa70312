// The SQLite workspace backend (docs/workspace.md has the schema and why).
#include "netvet/store/sqlite_workspace.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netvet/store/workspace_internal.h"

namespace netvet::store {
namespace {

using model::element_column;
using model::element_index;
using model::link_column;
using model::link_index;
using model::network;

// The schema of version 2 (version 1 had no element.generation: it is added
// last, as ALTER TABLE adds it to a version-1 file). Elements and links are keyed by (snapshot, ord):
// ord is the 0-based position in the input, so rows come back in order by
// the primary key alone; links name their ends by element ord. lat, lon and
// capacity_gbps have no declared type on purpose: REAL affinity stores
// integral doubles as integers and so turns -0 into 0, which would change the
// exported CSV; without affinity the double is kept bit for bit.
constexpr const char* kSchema = R"sql(
CREATE TABLE schema_version (
  version INTEGER NOT NULL
);
CREATE TABLE snapshot (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  imported_at TEXT NOT NULL,
  source TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  element_count INTEGER NOT NULL,
  link_count INTEGER NOT NULL,
  element_columns TEXT NOT NULL,
  link_columns TEXT NOT NULL
);
CREATE TABLE attribute_name (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('element', 'link')),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, kind, position)
) WITHOUT ROWID;
CREATE TABLE element (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  id TEXT NOT NULL,
  function TEXT NOT NULL,
  vendor TEXT NOT NULL,
  model TEXT,
  software TEXT,
  site TEXT,
  region TEXT,
  lat,
  lon,
  subscribers INTEGER NOT NULL,
  installed TEXT,
  managed_by TEXT,
  status TEXT NOT NULL,
  attributes TEXT,
  generation TEXT,
  PRIMARY KEY (snapshot_id, ord)
) WITHOUT ROWID;
CREATE TABLE link (
  snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  medium TEXT,
  capacity_gbps,
  attributes TEXT,
  PRIMARY KEY (snapshot_id, ord)
) WITHOUT ROWID;
CREATE VIEW link_by_id AS
  SELECT l.snapshot_id, l.ord, ea.id AS a, eb.id AS b, l.medium, l.capacity_gbps, l.attributes
  FROM link l
  JOIN element ea ON ea.snapshot_id = l.snapshot_id AND ea.ord = l.a
  JOIN element eb ON eb.snapshot_id = l.snapshot_id AND eb.ord = l.b;
)sql";

constexpr int kElementParams = 17;
constexpr int kLinkParams = 7;
constexpr std::size_t kBatchRows = 64;
constexpr std::uint64_t kProgressEvery = 65536;  // rows between progress calls

constexpr const char* kElementColumnsSql =
    "snapshot_id, ord, id, function, vendor, model, software, site, region, lat, lon, subscribers, installed, "
    "managed_by, status, attributes, generation";
// What a version-1 file is read with: no generation stated.
constexpr const char* kElementColumnsV1Sql =
    "snapshot_id, ord, id, function, vendor, model, software, site, region, lat, lon, subscribers, installed, "
    "managed_by, status, attributes, NULL";
constexpr const char* kLinkColumnsSql = "snapshot_id, ord, a, b, medium, capacity_gbps, attributes";
constexpr const char* kInfoSelect =
    "SELECT name, imported_at, source, content_hash, element_count, link_count FROM snapshot";

// What a writing command gets on a workspace it may not write.
error read_only_file(const std::string& path) {
  return make_error(error_code::storage_error,
                    "the workspace is read-only (no write permission on the file or its folder); nothing was "
                    "changed",
                    location{path});
}

struct stmt_deleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using stmt_ptr = std::unique_ptr<sqlite3_stmt, stmt_deleter>;

std::string insert_sql(const char* table, const char* columns, int params, std::size_t rows) {
  std::string one = "(";
  for (int i = 0; i < params; ++i) {
    one += i == 0 ? "?" : ",?";
  }
  one += ')';
  std::string sql = std::string("INSERT INTO ") + table + " (" + columns + ") VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "" : ",";
    sql += one;
  }
  return sql;
}

std::string select_rows_sql(const char* table, const char* columns) {
  return std::string("SELECT ") + columns + " FROM " + table + " WHERE snapshot_id = ? ORDER BY ord";
}

// {"rack":"R1","owner":"x"}: the non-empty attributes of one row, or "".
template <typename Get>
std::string attributes_json(const std::vector<std::string>& names, Get get) {
  std::string out;
  for (std::size_t a = 0; a < names.size(); ++a) {
    const model::attribute_text text = get(a);  // holds the bytes `v` views
    const std::string_view v = text.view();
    if (v.empty()) {
      continue;
    }
    out += out.empty() ? "{" : ",";
    append_json_string(out, names[a]);
    out += ':';
    append_json_string(out, v);
  }
  if (!out.empty()) {
    out += '}';
  }
  return out;
}

// "model,site,lat": the optional columns the source had, in network-csv order.
template <typename Column, typename Columns>
std::string columns_text(const network& net, const Columns& columns) {
  std::string out;
  for (const Column c : columns) {
    if (net.has_column(c)) {
      out += out.empty() ? "" : ",";
      out += model::to_string(c);
    }
  }
  return out;
}

std::string element_columns_text(const network& net) {
  std::array<element_column, model::kElementColumnCount> all{};
  for (std::size_t c = 0; c < all.size(); ++c) {
    all[c] = static_cast<element_column>(c);
  }
  return columns_text<element_column>(net, all);
}

std::string link_columns_text(const network& net) {
  return columns_text<link_column>(net, std::array{link_column::medium, link_column::capacity_gbps});
}

std::vector<std::string_view> split_list(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    const auto comma = s.find(',');
    out.push_back(s.substr(0, comma));
    if (comma == std::string_view::npos) {
      break;
    }
    s.remove_prefix(comma + 1);
  }
  return out;
}

// Binding and reading values. Empty strings are stored as NULL (the model
// has no difference), and so is a missing number (NaN).
void bind_text(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
void bind_text_or_null(sqlite3_stmt* s, int i, std::string_view v) {
  if (v.empty()) {
    sqlite3_bind_null(s, i);
  } else {
    bind_text(s, i, v);
  }
}
// For a temporary string: SQLite keeps its own copy.
void bind_text_copy(sqlite3_stmt* s, int i, std::string_view v) {
  if (v.empty()) {
    sqlite3_bind_null(s, i);
  } else {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
}
void bind_number(sqlite3_stmt* s, int i, double v) {
  if (std::isnan(v)) {
    sqlite3_bind_null(s, i);
  } else {
    sqlite3_bind_double(s, i, v);
  }
}
std::string_view column_text(sqlite3_stmt* s, int i) {
  const auto* p = sqlite3_column_text(s, i);
  if (p == nullptr) {
    return {};
  }
  return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s, i))};
}
double column_number(sqlite3_stmt* s, int i) {
  return sqlite3_column_type(s, i) == SQLITE_NULL ? model::kNoValue : sqlite3_column_double(s, i);
}

// Parameters p .. p + kElementParams - 1 of an element row. `date` holds the
// installed date text until the statement runs (bound without a copy).
void bind_element(sqlite3_stmt* s, int p, std::int64_t sid, const network& net, element_index e,
                  std::array<char, 16>& date) {
  sqlite3_bind_int64(s, p, sid);
  sqlite3_bind_int64(s, p + 1, static_cast<std::int64_t>(e));
  bind_text(s, p + 2, net.id(e));
  bind_text(s, p + 3, model::to_string(net.fn(e)));
  bind_text(s, p + 4, net.vendor_spelling_of(e));
  bind_text_or_null(s, p + 5, net.model(e));
  bind_text_or_null(s, p + 6, net.software(e));
  bind_text_or_null(s, p + 7, net.site(e));
  bind_text_or_null(s, p + 8, net.region(e));
  bind_number(s, p + 9, net.lat(e));
  bind_number(s, p + 10, net.lon(e));
  sqlite3_bind_int64(s, p + 11, net.subscribers(e));
  if (auto d = net.installed(e)) {
    const std::string t = format_date(*d);
    const std::size_t len = std::min(t.size(), date.size());
    std::memcpy(date.data(), t.data(), len);
    sqlite3_bind_text(s, p + 12, date.data(), static_cast<int>(len), SQLITE_STATIC);
  } else {
    sqlite3_bind_null(s, p + 12);
  }
  bind_text_or_null(s, p + 13, net.managed_by(e));
  bind_text(s, p + 14, model::to_string(net.status(e)));
  const auto& names = net.element_attribute_names();
  if (names.empty()) {
    sqlite3_bind_null(s, p + 15);
  } else {
    bind_text_copy(s, p + 15, attributes_json(names, [&](std::size_t a) { return net.element_attribute(a, e); }));
  }
  bind_text_or_null(s, p + 16, model::to_string(net.stated_generations(e)));
}

// Parameters p .. p + kLinkParams - 1 of a link row.
void bind_link(sqlite3_stmt* s, int p, std::int64_t sid, const network& net, link_index l) {
  sqlite3_bind_int64(s, p, sid);
  sqlite3_bind_int64(s, p + 1, static_cast<std::int64_t>(l));
  sqlite3_bind_int64(s, p + 2, net.link_a(l));
  sqlite3_bind_int64(s, p + 3, net.link_b(l));
  if (net.has_column(link_column::medium)) {
    bind_text(s, p + 4, model::to_string(net.medium(l)));
  } else {
    sqlite3_bind_null(s, p + 4);
  }
  bind_number(s, p + 5, net.capacity_gbps(l));
  const auto& names = net.link_attribute_names();
  if (names.empty()) {
    sqlite3_bind_null(s, p + 6);
  } else {
    bind_text_copy(s, p + 6, attributes_json(names, [&](std::size_t a) { return net.link_attribute(a, l); }));
  }
}

// Counts rows written or read and calls `progress` every kProgressEvery.
class row_counter {
 public:
  row_counter(const progress_fn& progress, std::uint64_t total) : progress_(progress), total_(total) {}
  void count() {
    ++done_;
    if (progress_ && done_ % kProgressEvery == 0) {
      progress_(done_, total_);
    }
  }

 private:
  const progress_fn& progress_;
  std::uint64_t total_;
  std::uint64_t done_ = 0;
};

// The attributes of stored rows: a row's JSON object back into one value
// per name, by position (views stay valid until the next parse).
class attribute_parser {
 public:
  explicit attribute_parser(const std::vector<std::string>& names) : storage_(names.size()), values_(names.size()) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      slot_.emplace(names[i], i);
    }
  }
  // An empty string, or what is wrong with `text`.
  std::string parse(std::string_view text) {
    std::fill(values_.begin(), values_.end(), std::string_view{});
    if (text.empty()) {
      return {};
    }
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return "bad attributes of ";
    }
    for (const auto& [k, v] : j.items()) {
      const auto it = slot_.find(k);
      if (it == slot_.end() || !v.is_string()) {
        return "unknown or non-text attribute '" + k + "' of ";
      }
      storage_[it->second] = v.get<std::string>();
      values_[it->second] = storage_[it->second];
    }
    return {};
  }
  [[nodiscard]] std::span<const std::string_view> values() const { return values_; }

 private:
  std::unordered_map<std::string, std::size_t> slot_;
  std::vector<std::string> storage_;
  std::vector<std::string_view> values_;
};

class sqlite_workspace final : public workspace {
 public:
  sqlite_workspace(sqlite3* db, std::string path, bool read_only)
      : db_(db), path_(std::move(path)), read_only_(read_only) {}
  ~sqlite_workspace() override { sqlite3_close_v2(db_); }
  sqlite_workspace(const sqlite_workspace&) = delete;
  sqlite_workspace& operator=(const sqlite_workspace&) = delete;

  // Sets the connection up; creates the schema in a new file, else checks it.
  // The file is known to be a netvet workspace before anything is written
  // (WAL mode included), so a foreign file is left as it was.
  status open() {
    auto opened = set_up();
    if (!opened && (sqlite3_extended_errcode(db_) & 0xff) == SQLITE_NOTADB) {
      return make_error(error_code::storage_error, "not a netvet workspace (not a SQLite database)", location{path_});
    }
    return opened;
  }

 private:
  status set_up() {
    sqlite3_busy_timeout(db_, 5000);
    NETVET_TRY(exec("PRAGMA foreign_keys=ON"));
    if (read_only_) {
      NETVET_TRY(exec("PRAGMA query_only=ON"));
    } else if (sqlite3_db_readonly(db_, "main") == 1) {
      return read_only_file(path_);
    }
    NETVET_TRY(exec("PRAGMA cache_size=-65536"));
    NETVET_TRY(create_or_check_schema());
    if (read_only_) {
      return {};
    }
    NETVET_TRY(exec("PRAGMA journal_mode=WAL"));
    return exec("PRAGMA synchronous=NORMAL");
  }

  status create_or_check_schema() {
    NETVET_ASSIGN_OR_RETURN(
        const std::int64_t has_version,
        scalar_int("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'"));
    return has_version == 0 ? create_schema() : check_schema_version();
  }

 public:
  result<snapshot_info> import_network(const network& net, const import_options& opt) override {
    NETVET_TRY(check_snapshot_name(opt.name));
    if (net.element_count() > std::numeric_limits<std::uint32_t>::max()) {
      return make_error(error_code::limit_exceeded, "too many elements");
    }
    const std::int64_t version = version_;
    auto imported = in_transaction("BEGIN IMMEDIATE", [&] { return import_in_transaction(net, opt); });
    if (!imported) {
      version_ = version;  // rolled back: an upgrade with it
    }
    return imported;
  }

  result<std::vector<snapshot_info>> list() override {
    NETVET_ASSIGN_OR_RETURN(const stmt_ptr st, prepare(std::string(kInfoSelect) + " ORDER BY name"));
    std::vector<snapshot_info> out;
    NETVET_TRY(each_row(st.get(), "listing snapshots", [&](sqlite3_stmt* s) -> status {
      NETVET_ASSIGN_OR_RETURN(snapshot_info info, info_from_row(s));
      out.push_back(std::move(info));
      return {};
    }));
    return out;
  }

  result<snapshot_info> info(std::string_view name) override {
    NETVET_ASSIGN_OR_RETURN(const stmt_ptr st, prepare(std::string(kInfoSelect) + " WHERE name = ?"));
    bind_text(st.get(), 1, name);
    const int rc = sqlite3_step(st.get());
    if (rc == SQLITE_DONE) {
      return not_found(name);
    }
    if (rc != SQLITE_ROW) {
      return db_error("reading a snapshot");
    }
    return info_from_row(st.get());
  }

  result<network> load(std::string_view name, const model::vendor_catalog& catalog,
                       const progress_fn& progress) override {
    // One read transaction: a concurrent --replace cannot mix two versions.
    return in_transaction("BEGIN", [&] { return load_in_transaction(name, catalog, progress); });
  }

  status remove(std::string_view name) override {
    return in_transaction("BEGIN IMMEDIATE", [&]() -> status {
      NETVET_ASSIGN_OR_RETURN(const std::int64_t sid, existing_id(name));
      return delete_rows(sid);
    });
  }

 private:
  // Runs `body` between `begin` and COMMIT; rolls back if it (or the
  // commit) fails, so that a failed import leaves the file as it was.
  template <typename Body>
  auto in_transaction(const char* begin, Body body) -> decltype(body()) {
    NETVET_TRY(exec(begin));
    auto r = body();
    if (r) {
      auto committed = exec("COMMIT");
      if (committed) {
        return r;
      }
      r = committed.take_error();
    }
    // After some errors (an I/O error at commit) SQLite has rolled back
    // already, and this ROLLBACK fails harmlessly.
    (void)exec("ROLLBACK");
    return r;
  }

  error db_error(std::string_view what) const {
    const int code = sqlite3_extended_errcode(db_);
    std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
      msg += " (another process holds the workspace; try again)";
    }
    return make_error(error_code::storage_error, std::move(msg), location{path_});
  }

  error not_found(std::string_view name) const {
    return make_error(error_code::not_found, "no snapshot named '" + std::string(name) + "' in the workspace",
                      location{path_});
  }

  error corrupt(std::string msg) const {
    return make_error(error_code::storage_error, "corrupt workspace: " + std::move(msg), location{path_});
  }

  status exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string m = msg != nullptr ? msg : sqlite3_errmsg(db_);
      sqlite3_free(msg);
      return make_error(error_code::storage_error, m, location{path_});
    }
    return {};
  }

  result<stmt_ptr> prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size() + 1), &s, nullptr) != SQLITE_OK) {
      return db_error("preparing a statement");
    }
    return stmt_ptr(s);
  }

  result<std::int64_t> scalar_int(const std::string& sql) {
    NETVET_ASSIGN_OR_RETURN(const stmt_ptr st, prepare(sql));
    if (sqlite3_step(st.get()) != SQLITE_ROW) {
      return db_error("reading the workspace");
    }
    return sqlite3_column_int64(st.get(), 0);
  }

  // Runs `s` (an INSERT, UPDATE or DELETE) and resets it for the next run.
  status step_done(sqlite3_stmt* s) {
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
      return db_error("writing the workspace");
    }
    return {};
  }

  // Calls `row(s)` for each result row of `s`; storage_error "`what`: ..."
  // if stepping fails.
  template <typename Row>
  status each_row(sqlite3_stmt* s, std::string_view what, Row row) {
    int rc = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      NETVET_TRY(row(s));
    }
    if (rc != SQLITE_DONE) {
      return db_error(what);
    }
    return {};
  }

  // The schema of a new (empty) file, in one transaction.
  status create_schema() {
    NETVET_ASSIGN_OR_RETURN(const std::int64_t tables, scalar_int("SELECT count(*) FROM sqlite_master"));
    if (tables != 0) {
      return make_error(error_code::storage_error,
                        "not a netvet workspace: the database has tables but no schema_version", location{path_});
    }
    if (read_only_) {
      return make_error(error_code::storage_error, "not a netvet workspace (an empty database)", location{path_});
    }
    return in_transaction("BEGIN IMMEDIATE", [&]() -> status {
      NETVET_TRY(exec(kSchema));
      version_ = kSchemaVersion;
      return exec("INSERT INTO schema_version (version) VALUES (" + std::to_string(kSchemaVersion) + ")");
    });
  }

  status check_schema_version() {
    NETVET_ASSIGN_OR_RETURN(const std::int64_t version, scalar_int("SELECT max(version) FROM schema_version"));
    if (version > kSchemaVersion) {
      return make_error(error_code::unsupported,
                        "the workspace has schema version " + std::to_string(version) +
                            ", newer than this netvet understands (" + std::to_string(kSchemaVersion) +
                            "): upgrade netvet",
                        location{path_});
    }
    if (version < 1) {
      return make_error(error_code::storage_error, "bad schema version " + std::to_string(version), location{path_});
    }
    version_ = version;
    return {};
  }

  // A version-1 file gains element.generation (inside the caller's transaction).
  status upgrade_schema() {
    if (version_ >= kSchemaVersion) {
      return {};
    }
    NETVET_TRY(exec("ALTER TABLE element ADD COLUMN generation TEXT"));
    NETVET_TRY(exec("UPDATE schema_version SET version = " + std::to_string(kSchemaVersion)));
    version_ = kSchemaVersion;
    return {};
  }

  result<std::optional<std::int64_t>> find_id(std::string_view name) {
    NETVET_ASSIGN_OR_RETURN(const stmt_ptr st, prepare("SELECT id FROM snapshot WHERE name = ?"));
    bind_text(st.get(), 1, name);
    const int rc = sqlite3_step(st.get());
    if (rc == SQLITE_ROW) {
      return std::optional<std::int64_t>(sqlite3_column_int64(st.get(), 0));
    }
    if (rc != SQLITE_DONE) {
      return db_error("finding a snapshot");
    }
    return std::optional<std::int64_t>();
  }

  // The id of snapshot `name`, or not_found.
  result<std::int64_t> existing_id(std::string_view name) {
    NETVET_ASSIGN_OR_RETURN(const std::optional<std::int64_t> id, find_id(name));
    if (!id) {
      return not_found(name);
    }
    return *id;
  }

  status delete_rows(std::int64_t sid) {
    // Range deletes by primary key prefix, then the snapshot row.
    for (const char* sql : {"DELETE FROM link WHERE snapshot_id = ?", "DELETE FROM element WHERE snapshot_id = ?",
                            "DELETE FROM attribute_name WHERE snapshot_id = ?", "DELETE FROM snapshot WHERE id = ?"}) {
      NETVET_ASSIGN_OR_RETURN(const stmt_ptr st, prepare(sql));
      sqlite3_bind_int64(st.get(), 1, sid);
      NETVET_TRY(step_done(st.get()));
    }
    return {};
  }

  result<snapshot_info> import_in_transaction(const network& net, const import_options& opt) {
    NETVET_TRY(upgrade_schema());
    NETVET_ASSIGN_OR_RETURN(const std::optional<std::int64_t> existing, find_id(opt.name));
    if (existing) {
      if (!opt.replace) {
        return make_error(error_code::already_exists,
                          "a snapshot named '" + opt.name + "' exists (use --replace to replace it)", location{path_});
      }
      NETVET_TRY(delete_rows(*existing));
    }
    snapshot_info info;
    info.name = opt.name;
    info.imported_at = opt.imported_at;
    info.source = opt.source;
    info.elements = net.element_count();
    info.links = net.link_count();
    NETVET_ASSIGN_OR_RETURN(const std::int64_t sid, insert_snapshot_row(net, info));
    NETVET_ASSIGN_OR_RETURN(info.content_hash, insert_contents(sid, net, opt.progress));
    NETVET_ASSIGN_OR_RETURN(const stmt_ptr st, prepare("UPDATE snapshot SET content_hash = ? WHERE id = ?"));
    bind_text(st.get(), 1, info.content_hash);
    sqlite3_bind_int64(st.get(), 2, sid);
    NETVET_TRY(step_done(st.get()));
    return info;
  }

  // The snapshot row (its hash filled in at the end); returns its id.
  result<std::int64_t> insert_snapshot_row(const network& net, const snapshot_info& info) {
    NETVET_ASSIGN_OR_RETURN(const stmt_ptr st,
                            prepare("INSERT INTO snapshot (name, imported_at, source, content_hash, element_count, "
                                    "link_count, element_columns, link_columns) VALUES (?, ?, ?, '', ?, ?, ?, ?)"));
    sqlite3_stmt* s = st.get();
    const std::string at = format_timestamp(info.imported_at);
    const std::string ecols = element_columns_text(net);
    const std::string lcols = link_columns_text(net);
    bind_text(s, 1, info.name);
    bind_text(s, 2, at);
    bind_text(s, 3, info.source);
    sqlite3_bind_int64(s, 4, static_cast<std::int64_t>(info.elements));
    sqlite3_bind_int64(s, 5, static_cast<std::int64_t>(info.links));
    bind_text(s, 6, ecols);
    bind_text(s, 7, lcols);
    NETVET_TRY(step_done(s));
    return sqlite3_last_insert_rowid(db_);
  }

  // Attribute names, elements and links of snapshot `sid`; returns the
  // content hash of what it wrote.
  result<std::string> insert_contents(std::int64_t sid, const network& net, const progress_fn& progress) {
    NETVET_TRY(insert_attribute_names(sid, "element", net.element_attribute_names()));
    NETVET_TRY(insert_attribute_names(sid, "link", net.link_attribute_names()));
    content_hasher hasher;
    hash_header(hasher, net);
    row_counter counter(progress, std::uint64_t{net.element_count()} + net.link_count());
    std::vector<std::array<char, 16>> dates(kBatchRows);
    NETVET_TRY(insert_rows("element", kElementColumnsSql, kElementParams, net.element_count(), counter,
                           [&](sqlite3_stmt* s, int p, std::size_t row, std::size_t slot) {
                             const auto e = static_cast<element_index>(row);
                             hash_element(hasher, net, e);
                             bind_element(s, p, sid, net, e, dates[slot]);
                           }));
    NETVET_TRY(insert_rows("link", kLinkColumnsSql, kLinkParams, net.link_count(), counter,
                           [&](sqlite3_stmt* s, int p, std::size_t row, std::size_t) {
                             const auto l = static_cast<link_index>(row);
                             hash_link(hasher, net, l);
                             bind_link(s, p, sid, net, l);
                           }));
    return hasher.hex();
  }

  status insert_attribute_names(std::int64_t sid, const char* kind, const std::vector<std::string>& names) {
    NETVET_ASSIGN_OR_RETURN(
        const stmt_ptr st,
        prepare("INSERT INTO attribute_name (snapshot_id, kind, position, name) VALUES (?, ?, ?, ?)"));
    for (std::size_t i = 0; i < names.size(); ++i) {
      sqlite3_bind_int64(st.get(), 1, sid);
      bind_text(st.get(), 2, kind);
      sqlite3_bind_int64(st.get(), 3, static_cast<std::int64_t>(i));
      bind_text(st.get(), 4, names[i]);
      NETVET_TRY(step_done(st.get()));
    }
    return {};
  }

  // Writes rows [0, count) through `bind(stmt, first_param, row, slot)`:
  // batches of kBatchRows through one multi-row INSERT (slot is the row's
  // place in the batch), the rest one by one.
  template <typename Bind>
  status insert_rows(const char* table, const char* columns, int params, std::size_t count, row_counter& counter,
                     Bind bind) {
    NETVET_ASSIGN_OR_RETURN(const stmt_ptr batch, prepare(insert_sql(table, columns, params, kBatchRows)));
    NETVET_ASSIGN_OR_RETURN(const stmt_ptr single, prepare(insert_sql(table, columns, params, 1)));
    std::size_t row = 0;
    while (row < count) {
      const bool full = count - row >= kBatchRows;
      sqlite3_stmt* s = full ? batch.get() : single.get();
      const std::size_t n = full ? kBatchRows : 1;
      for (std::size_t k = 0; k < n; ++k) {
        counter.count();
        bind(s, static_cast<int>(k) * params + 1, row + k, k);
      }
      NETVET_TRY(step_done(s));
      sqlite3_clear_bindings(s);
      row += n;
    }
    return {};
  }

  result<snapshot_info> info_from_row(sqlite3_stmt* s) const {
    snapshot_info info;
    info.name = std::string(column_text(s, 0));
    const auto at = parse_timestamp(column_text(s, 1));
    if (!at) {
      return corrupt("snapshot '" + info.name + "' has a bad imported_at '" + std::string(column_text(s, 1)) + "'");
    }
    info.imported_at = *at;
    info.source = std::string(column_text(s, 2));
    info.content_hash = std::string(column_text(s, 3));
    info.elements = static_cast<std::uint64_t>(sqlite3_column_int64(s, 4));
    info.links = static_cast<std::uint64_t>(sqlite3_column_int64(s, 5));
    return info;
  }

  result<std::vector<std::string>> attribute_names(std::int64_t sid, const char* kind) {
    NETVET_ASSIGN_OR_RETURN(
        const stmt_ptr st,
        prepare("SELECT name FROM attribute_name WHERE snapshot_id = ? AND kind = ? ORDER BY position"));
    sqlite3_bind_int64(st.get(), 1, sid);
    bind_text(st.get(), 2, kind);
    std::vector<std::string> out;
    NETVET_TRY(each_row(st.get(), "reading attribute names", [&](sqlite3_stmt* s) -> status {
      out.emplace_back(column_text(s, 0));
      return {};
    }));
    return out;
  }

  // Marks the optional columns listed in the snapshot row.
  status mark_columns(model::network_builder& builder, std::string_view element_columns,
                      std::string_view link_columns) const {
    for (const auto part : split_list(element_columns)) {
      const auto c = model::parse_element_column(part);
      if (!c) {
        return corrupt("unknown element column '" + std::string(part) + "'");
      }
      builder.mark_column(*c);
    }
    for (const auto part : split_list(link_columns)) {
      if (part == model::to_string(link_column::medium)) {
        builder.mark_column(link_column::medium);
      } else if (part == model::to_string(link_column::capacity_gbps)) {
        builder.mark_column(link_column::capacity_gbps);
      } else {
        return corrupt("unknown link column '" + std::string(part) + "'");
      }
    }
    return {};
  }

  result<network> load_in_transaction(std::string_view name, const model::vendor_catalog& catalog,
                                      const progress_fn& progress) {
    NETVET_ASSIGN_OR_RETURN(const std::int64_t sid, existing_id(name));
    NETVET_ASSIGN_OR_RETURN(
        const stmt_ptr st,
        prepare("SELECT element_count, link_count, element_columns, link_columns FROM snapshot WHERE id = ?"));
    sqlite3_bind_int64(st.get(), 1, sid);
    if (sqlite3_step(st.get()) != SQLITE_ROW) {
      return db_error("reading a snapshot");
    }
    const auto n_elements = static_cast<std::uint64_t>(sqlite3_column_int64(st.get(), 0));
    const auto n_links = static_cast<std::uint64_t>(sqlite3_column_int64(st.get(), 1));
    model::network_builder builder(catalog);
    NETVET_TRY(mark_columns(builder, column_text(st.get(), 2), column_text(st.get(), 3)));
    NETVET_ASSIGN_OR_RETURN(const std::vector<std::string> enames, attribute_names(sid, "element"));
    NETVET_ASSIGN_OR_RETURN(const std::vector<std::string> lnames, attribute_names(sid, "link"));
    builder.set_element_attributes(enames);
    builder.set_link_attributes(lnames);
    builder.reserve(n_elements, n_links);
    row_counter counter(progress, n_elements + n_links);
    NETVET_TRY(load_elements(sid, enames, builder, counter));
    NETVET_TRY(load_links(sid, lnames, builder, counter));
    if (builder.element_count() != n_elements || builder.link_count() != n_links) {
      return corrupt("snapshot '" + std::string(name) + "' lists " + std::to_string(n_elements) + " elements and " +
                     std::to_string(n_links) + " links but holds " + std::to_string(builder.element_count()) + " and " +
                     std::to_string(builder.link_count()));
    }
    return std::move(builder).finish();
  }

  // Reads the rows of `table` of snapshot `sid` in order through
  // `row(stmt, ord)`, checking that ord counts up from 0 (`have` rows read).
  template <typename Row>
  status load_rows(const char* table, const char* columns, std::int64_t sid, row_counter& counter, Row row) {
    NETVET_ASSIGN_OR_RETURN(const stmt_ptr st, prepare(select_rows_sql(table, columns)));
    sqlite3_bind_int64(st.get(), 1, sid);
    std::uint64_t expected = 0;
    const std::string what = std::string("reading ") + table + "s";
    return each_row(st.get(), what, [&](sqlite3_stmt* s) -> status {
      const auto ord = static_cast<std::uint64_t>(sqlite3_column_int64(s, 1));
      if (ord != expected) {
        return corrupt(std::string(table) + " rows out of order at " + std::to_string(ord));
      }
      NETVET_TRY(row(s, ord));
      ++expected;
      counter.count();
      return {};
    });
  }

  // The element of row `ord` without its attributes.
  result<model::element_record> element_from_row(sqlite3_stmt* s, std::uint64_t ord) const {
    model::element_record r;
    r.id = column_text(s, 2);
    const auto fn = model::parse_function(column_text(s, 3));
    const auto stat = model::parse_status(column_text(s, 14));
    if (!fn || !stat || r.id.empty()) {
      return corrupt("bad element row " + std::to_string(ord));
    }
    r.fn = *fn;
    r.status = *stat;
    r.vendor = column_text(s, 4);
    r.model = column_text(s, 5);
    r.software = column_text(s, 6);
    r.site = column_text(s, 7);
    r.region = column_text(s, 8);
    r.lat = column_number(s, 9);
    r.lon = column_number(s, 10);
    const std::int64_t subs = sqlite3_column_int64(s, 11);
    if (subs < 0 || subs > std::numeric_limits<std::uint32_t>::max()) {
      return corrupt("bad subscribers in element row " + std::to_string(ord));
    }
    r.subscribers = static_cast<std::uint32_t>(subs);
    if (sqlite3_column_type(s, 12) != SQLITE_NULL) {
      const auto d = parse_date(column_text(s, 12));
      if (!d) {
        return corrupt("bad installed date in element row " + std::to_string(ord));
      }
      r.installed = d->days;
    }
    r.managed_by = column_text(s, 13);
    if (sqlite3_column_type(s, 16) != SQLITE_NULL) {
      const auto g = model::parse_generation(column_text(s, 16));
      if (!g || !model::generation_fits(r.fn, model::generation_set::of(*g))) {
        return corrupt("bad generation in element row " + std::to_string(ord));
      }
      r.generation = model::generation_set::of(*g);
    }
    return r;
  }

  // The link of row `ord` without its attributes; `elements` were read.
  result<model::link_record> link_from_row(sqlite3_stmt* s, std::uint64_t ord, std::int64_t elements) const {
    const std::int64_t a = sqlite3_column_int64(s, 2);
    const std::int64_t b = sqlite3_column_int64(s, 3);
    if (a < 0 || a >= elements || b < 0 || b >= elements) {
      return corrupt("link row " + std::to_string(ord) + " names a missing element");
    }
    model::link_record r;
    r.a = static_cast<element_index>(a);
    r.b = static_cast<element_index>(b);
    if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
      const auto m = model::parse_medium(column_text(s, 4));
      if (!m) {
        return corrupt("bad medium in link row " + std::to_string(ord));
      }
      r.medium = *m;
    }
    r.capacity_gbps = column_number(s, 5);
    return r;
  }

  status load_elements(std::int64_t sid, const std::vector<std::string>& names, model::network_builder& builder,
                       row_counter& counter) {
    attribute_parser attributes(names);
    const char* columns = version_ < 2 ? kElementColumnsV1Sql : kElementColumnsSql;
    return load_rows("element", columns, sid, counter, [&](sqlite3_stmt* s, std::uint64_t ord) -> status {
      NETVET_ASSIGN_OR_RETURN(model::element_record r, element_from_row(s, ord));
      if (!names.empty()) {
        if (auto bad = attributes.parse(column_text(s, 15)); !bad.empty()) {
          return corrupt(bad + std::string(r.id));
        }
        r.attributes = attributes.values();
      }
      if (builder.add_element(r) == model::kNoElement) {
        return corrupt("duplicate element id '" + std::string(r.id) + "'");
      }
      return {};
    });
  }

  status load_links(std::int64_t sid, const std::vector<std::string>& names, model::network_builder& builder,
                    row_counter& counter) {
    attribute_parser attributes(names);
    const auto elements = static_cast<std::int64_t>(builder.element_count());
    return load_rows("link", kLinkColumnsSql, sid, counter, [&](sqlite3_stmt* s, std::uint64_t ord) -> status {
      NETVET_ASSIGN_OR_RETURN(model::link_record r, link_from_row(s, ord, elements));
      if (!names.empty()) {
        if (auto bad = attributes.parse(column_text(s, 6)); !bad.empty()) {
          return corrupt(bad + "link " + std::to_string(ord));
        }
        r.attributes = attributes.values();
      }
      builder.add_link(r);
      return {};
    });
  }

  sqlite3* db_;
  std::string path_;
  bool read_only_;
  std::int64_t version_ = 0;  // the file's schema version, once open
};

// How a workspace file is opened (see sqlite_workspace.h): the name given
// to sqlite3_open_v2 and its flags.
struct open_plan {
  std::string name;
  int flags = 0;
};

// %XX for every byte of `path` but letters, digits, "-._~/": a file: URI path.
std::string uri_path(const std::string& path) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || std::strchr("-._~/", ch) != nullptr) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

bool can_write(const std::string& path) { return ::access(path.c_str(), W_OK) == 0; }

std::string folder_of(const std::string& path) {
  const auto folder = std::filesystem::path(path).parent_path();
  return folder.empty() ? std::string(".") : folder.string();
}

open_plan plan_open(const std::string& path, bool read_only) {
  if (!read_only) {
    return {path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE};
  }
  if (can_write(path) && can_write(folder_of(path))) {
    return {path, SQLITE_OPEN_READWRITE};
  }
  // A write-protected file or folder: SQLite's read-only mode. A WAL file
  // beside it holds commits not yet in the file, so it must be read (SQLite
  // needs the -shm too, or a folder it may create it in); without one the
  // file is complete, and immutable=1 reads it creating nothing beside it.
  std::error_code ec;
  const bool wal = std::filesystem::exists(path + "-wal", ec);
  return {"file:" + uri_path(path) + (wal ? "?mode=ro" : "?mode=ro&immutable=1"),
          SQLITE_OPEN_READONLY | SQLITE_OPEN_URI};
}

}  // namespace

status check_snapshot_name(std::string_view name) {
  if (name.empty() || name.size() > 200) {
    return make_error(error_code::invalid_input, "a snapshot name is 1 to 200 bytes", location{"", 0, 0, "--name"});
  }
  for (const char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return make_error(error_code::invalid_input, "a snapshot name has no control characters",
                        location{"", 0, 0, "--name"});
    }
  }
  return {};
}

result<std::unique_ptr<workspace>> make_sqlite_workspace(const std::string& path, const sqlite_options& options) {
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && (!options.create_if_missing || options.read_only)) {
    return make_error(error_code::not_found, "no such workspace file", location{path});
  }
  if (exists && S_ISDIR(st.st_mode)) {
    return make_error(error_code::invalid_input, "a workspace is a file, not a folder", location{path});
  }
  const bool may_create = options.create_if_missing && !options.read_only;
  if (exists && st.st_size == 0 && !may_create) {
    return make_error(error_code::storage_error, "not a netvet workspace (an empty file)", location{path});
  }
  if (exists && !options.read_only && (!can_write(path) || !can_write(folder_of(path)))) {
    return read_only_file(path);
  }
  if (!exists) {
    // Readable by this user only, whatever the umask: SQLite gives the -wal and
    // -shm files it makes beside it the same mode.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
    }
  }
  sqlite3* db = nullptr;
  const open_plan plan = plan_open(path, options.read_only);
  const char* vfs = options.vfs.empty() ? nullptr : options.vfs.c_str();
  const int rc = sqlite3_open_v2(plan.name.c_str(), &db, plan.flags | SQLITE_OPEN_NOMUTEX, vfs);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return make_error(error_code::storage_error, "cannot open the workspace: " + msg, location{path});
  }
  auto ws = std::make_unique<sqlite_workspace>(db, path, options.read_only);
  NETVET_TRY(ws->open());
  return std::unique_ptr<workspace>(std::move(ws));
}

}  // namespace netvet::store
