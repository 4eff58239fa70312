// The SQLite workspace backend (docs/workspace.md has the schema and why).
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/stat.h>

#include "netvet/store/workspace.h"
#include "netvet/store/workspace_internal.h"

namespace netvet::store {
namespace {

using model::element_column;
using model::element_index;
using model::link_column;
using model::link_index;
using model::network;

// The schema of version 1. Elements and links are keyed by (snapshot, ord):
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

constexpr int kElementParams = 16;
constexpr int kLinkParams = 7;
constexpr std::size_t kBatchRows = 64;

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

constexpr const char* kElementColumnsSql =
    "snapshot_id, ord, id, function, vendor, model, software, site, region, lat, lon, subscribers, installed, "
    "managed_by, status, attributes";
constexpr const char* kLinkColumnsSql = "snapshot_id, ord, a, b, medium, capacity_gbps, attributes";

// {"rack":"R1","owner":"x"}: the non-empty attributes of one row, or "".
template <typename Get>
std::string attributes_json(const std::vector<std::string>& names, Get get) {
  std::string out;
  for (std::size_t a = 0; a < names.size(); ++a) {
    const std::string_view v = get(a);
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

std::string element_columns_text(const network& net) {
  std::string out;
  for (std::size_t c = 0; c < model::kElementColumnCount; ++c) {
    if (net.has_column(static_cast<element_column>(c))) {
      out += out.empty() ? "" : ",";
      out += model::to_string(static_cast<element_column>(c));
    }
  }
  return out;
}

std::string link_columns_text(const network& net) {
  std::string out;
  for (auto c : {link_column::medium, link_column::capacity_gbps}) {
    if (net.has_column(c)) {
      out += out.empty() ? "" : ",";
      out += model::to_string(c);
    }
  }
  return out;
}

class sqlite_workspace final : public workspace {
 public:
  sqlite_workspace(sqlite3* db, std::string path, sqlite_options options)
      : db_(db), path_(std::move(path)), options_(options) {}
  ~sqlite_workspace() override { sqlite3_close_v2(db_); }
  sqlite_workspace(const sqlite_workspace&) = delete;
  sqlite_workspace& operator=(const sqlite_workspace&) = delete;

  status open() {
    sqlite3_busy_timeout(db_, 5000);
    NETVET_TRY(exec("PRAGMA foreign_keys=ON"));
    if (!options_.read_only) {
      NETVET_TRY(exec("PRAGMA journal_mode=WAL"));
      NETVET_TRY(exec("PRAGMA synchronous=NORMAL"));
    }
    NETVET_TRY(exec("PRAGMA cache_size=-65536"));
    auto has_version = scalar_int("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'");
    if (!has_version) {
      return has_version.take_error();
    }
    if (*has_version == 0) {
      auto tables = scalar_int("SELECT count(*) FROM sqlite_master");
      if (!tables) {
        return tables.take_error();
      }
      if (*tables != 0) {
        return make_error(error_code::storage_error,
                          "not a netvet workspace: the database has tables but no schema_version", location{path_});
      }
      if (options_.read_only) {
        return make_error(error_code::storage_error, "empty database, not a netvet workspace", location{path_});
      }
      NETVET_TRY(exec("BEGIN IMMEDIATE"));
      status s = exec(kSchema);
      if (s) {
        s = exec("INSERT INTO schema_version (version) VALUES (" + std::to_string(kSchemaVersion) + ")");
      }
      if (!s) {
        (void)exec("ROLLBACK");
        return s;
      }
      return exec("COMMIT");
    }
    auto version = scalar_int("SELECT max(version) FROM schema_version");
    if (!version) {
      return version.take_error();
    }
    if (*version > kSchemaVersion) {
      return make_error(error_code::unsupported,
                        "the workspace has schema version " + std::to_string(*version) +
                            ", newer than this netvet understands (" + std::to_string(kSchemaVersion) +
                            "): upgrade netvet",
                        location{path_});
    }
    if (*version < 1) {
      return make_error(error_code::storage_error, "bad schema version " + std::to_string(*version), location{path_});
    }
    return {};
  }

  result<snapshot_info> import_network(const network& net, const import_options& opt) override {
    NETVET_TRY(check_snapshot_name(opt.name));
    if (net.element_count() > std::numeric_limits<std::uint32_t>::max()) {
      return make_error(error_code::limit_exceeded, "too many elements");
    }
    NETVET_TRY(exec("BEGIN IMMEDIATE"));
    transaction_guard guard(*this);
    auto existing = find_id(opt.name);
    if (!existing) {
      return existing.take_error();
    }
    if (existing->has_value()) {
      if (!opt.replace) {
        return make_error(error_code::already_exists,
                          "a snapshot named '" + opt.name + "' exists (use --replace to replace it)", location{path_});
      }
      NETVET_TRY(delete_rows(**existing));
    }
    snapshot_info info;
    info.name = opt.name;
    info.imported_at = opt.imported_at;
    info.source = opt.source;
    info.elements = net.element_count();
    info.links = net.link_count();
    std::int64_t sid = 0;
    {
      auto st = prepare(
          "INSERT INTO snapshot (name, imported_at, source, content_hash, element_count, link_count, "
          "element_columns, link_columns) VALUES (?, ?, ?, '', ?, ?, ?, ?)");
      if (!st) {
        return st.take_error();
      }
      sqlite3_stmt* s = st->get();
      const std::string at = format_timestamp(opt.imported_at);
      const std::string ecols = element_columns_text(net);
      const std::string lcols = link_columns_text(net);
      bind_text(s, 1, opt.name);
      bind_text(s, 2, at);
      bind_text(s, 3, opt.source);
      sqlite3_bind_int64(s, 4, static_cast<std::int64_t>(info.elements));
      sqlite3_bind_int64(s, 5, static_cast<std::int64_t>(info.links));
      bind_text(s, 6, ecols);
      bind_text(s, 7, lcols);
      NETVET_TRY(step_done(s));
      sid = sqlite3_last_insert_rowid(db_);
    }
    NETVET_TRY(insert_attribute_names(sid, "element", net.element_attribute_names()));
    NETVET_TRY(insert_attribute_names(sid, "link", net.link_attribute_names()));

    content_hasher hasher;
    hash_header(hasher, net);
    rows_written_ = 0;
    rows_total_ = info.elements + info.links;
    progress_ = &opt.progress;
    NETVET_TRY(insert_elements(sid, net, hasher));
    NETVET_TRY(insert_links(sid, net, hasher));
    progress_ = nullptr;
    info.content_hash = hasher.hex();
    {
      auto st = prepare("UPDATE snapshot SET content_hash = ? WHERE id = ?");
      if (!st) {
        return st.take_error();
      }
      bind_text(st->get(), 1, info.content_hash);
      sqlite3_bind_int64(st->get(), 2, sid);
      NETVET_TRY(step_done(st->get()));
    }
    NETVET_TRY(exec("COMMIT"));
    guard.release();
    return info;
  }

  result<std::vector<snapshot_info>> list() override {
    auto st = prepare(std::string(kInfoSelect) + " ORDER BY name");
    if (!st) {
      return st.take_error();
    }
    std::vector<snapshot_info> out;
    while (true) {
      const int rc = sqlite3_step(st->get());
      if (rc == SQLITE_DONE) {
        break;
      }
      if (rc != SQLITE_ROW) {
        return db_error("listing snapshots");
      }
      auto info = info_from_row(st->get());
      if (!info) {
        return info.take_error();
      }
      out.push_back(std::move(*info));
    }
    return out;
  }

  result<snapshot_info> info(std::string_view name) override {
    auto st = prepare(std::string(kInfoSelect) + " WHERE name = ?");
    if (!st) {
      return st.take_error();
    }
    bind_text(st->get(), 1, name);
    const int rc = sqlite3_step(st->get());
    if (rc == SQLITE_DONE) {
      return not_found(name);
    }
    if (rc != SQLITE_ROW) {
      return db_error("reading a snapshot");
    }
    return info_from_row(st->get());
  }

  result<network> load(std::string_view name, const model::vendor_catalog& catalog,
                       const progress_fn& progress) override {
    // One read transaction: a concurrent --replace cannot mix two versions.
    NETVET_TRY(exec("BEGIN"));
    transaction_guard guard(*this);
    auto r = load_in_transaction(name, catalog, progress);
    if (r) {
      NETVET_TRY(exec("COMMIT"));
      guard.release();
    }
    return r;
  }

  status remove(std::string_view name) override {
    NETVET_TRY(exec("BEGIN IMMEDIATE"));
    transaction_guard guard(*this);
    auto existing = find_id(name);
    if (!existing) {
      return existing.take_error();
    }
    if (!existing->has_value()) {
      return not_found(name);
    }
    NETVET_TRY(delete_rows(**existing));
    NETVET_TRY(exec("COMMIT"));
    guard.release();
    return {};
  }

 private:
  static constexpr const char* kInfoSelect =
      "SELECT name, imported_at, source, content_hash, element_count, link_count FROM snapshot";

  // Rolls back unless released (every early return of a failed import).
  class transaction_guard {
   public:
    explicit transaction_guard(sqlite_workspace& ws) : ws_(&ws) {}
    ~transaction_guard() {
      if (ws_ != nullptr) {
        (void)ws_->exec("ROLLBACK");
      }
    }
    transaction_guard(const transaction_guard&) = delete;
    transaction_guard& operator=(const transaction_guard&) = delete;
    void release() { ws_ = nullptr; }

   private:
    sqlite_workspace* ws_;
  };

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
    auto st = prepare(sql);
    if (!st) {
      return st.take_error();
    }
    if (sqlite3_step(st->get()) != SQLITE_ROW) {
      return db_error("reading the workspace");
    }
    return sqlite3_column_int64(st->get(), 0);
  }

  status step_done(sqlite3_stmt* s) {
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
      return db_error("writing the workspace");
    }
    return {};
  }

  static void bind_text(sqlite3_stmt* s, int i, std::string_view v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  // Empty strings are stored as NULL (the model has no difference).
  static void bind_text_or_null(sqlite3_stmt* s, int i, std::string_view v) {
    if (v.empty()) {
      sqlite3_bind_null(s, i);
    } else {
      bind_text(s, i, v);
    }
  }
  static void bind_text_copy(sqlite3_stmt* s, int i, std::string_view v) {
    if (v.empty()) {
      sqlite3_bind_null(s, i);
    } else {
      sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
  }
  static void bind_number(sqlite3_stmt* s, int i, double v) {
    if (std::isnan(v)) {
      sqlite3_bind_null(s, i);
    } else {
      sqlite3_bind_double(s, i, v);
    }
  }

  static std::string_view column_text(sqlite3_stmt* s, int i) {
    const auto* p = sqlite3_column_text(s, i);
    if (p == nullptr) {
      return {};
    }
    return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s, i))};
  }
  static double column_number(sqlite3_stmt* s, int i) {
    return sqlite3_column_type(s, i) == SQLITE_NULL ? model::kNoValue : sqlite3_column_double(s, i);
  }

  result<std::optional<std::int64_t>> find_id(std::string_view name) {
    auto st = prepare("SELECT id FROM snapshot WHERE name = ?");
    if (!st) {
      return st.take_error();
    }
    bind_text(st->get(), 1, name);
    const int rc = sqlite3_step(st->get());
    if (rc == SQLITE_ROW) {
      return std::optional<std::int64_t>(sqlite3_column_int64(st->get(), 0));
    }
    if (rc != SQLITE_DONE) {
      return db_error("finding a snapshot");
    }
    return std::optional<std::int64_t>();
  }

  status delete_rows(std::int64_t sid) {
    // Range deletes by primary key prefix, then the snapshot row.
    for (const char* sql : {"DELETE FROM link WHERE snapshot_id = ?", "DELETE FROM element WHERE snapshot_id = ?",
                            "DELETE FROM attribute_name WHERE snapshot_id = ?", "DELETE FROM snapshot WHERE id = ?"}) {
      auto st = prepare(sql);
      if (!st) {
        return st.take_error();
      }
      sqlite3_bind_int64(st->get(), 1, sid);
      NETVET_TRY(step_done(st->get()));
    }
    return {};
  }

  status insert_attribute_names(std::int64_t sid, const char* kind, const std::vector<std::string>& names) {
    auto st = prepare("INSERT INTO attribute_name (snapshot_id, kind, position, name) VALUES (?, ?, ?, ?)");
    if (!st) {
      return st.take_error();
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      sqlite3_bind_int64(st->get(), 1, sid);
      bind_text(st->get(), 2, kind);
      sqlite3_bind_int64(st->get(), 3, static_cast<std::int64_t>(i));
      bind_text(st->get(), 4, names[i]);
      NETVET_TRY(step_done(st->get()));
    }
    return {};
  }

  status count_row() {
    ++rows_written_;
    if (options_.fail_after_rows && rows_written_ > *options_.fail_after_rows) {
      return make_error(error_code::storage_error,
                        "injected failure after " + std::to_string(*options_.fail_after_rows) + " rows",
                        location{path_});
    }
    if (progress_ != nullptr && *progress_ && rows_written_ % 65536 == 0) {
      (*progress_)(rows_written_, rows_total_);
    }
    return {};
  }

  // Writes rows [0, count) through `bind(stmt, first_param, row)`: batches
  // of kBatchRows through one multi-row INSERT, the rest one by one.
  template <typename Bind>
  status insert_rows(const char* table, const char* columns, int params, std::size_t count, Bind bind) {
    auto batch = prepare(insert_sql(table, columns, params, kBatchRows));
    auto single = prepare(insert_sql(table, columns, params, 1));
    if (!batch) {
      return batch.take_error();
    }
    if (!single) {
      return single.take_error();
    }
    std::size_t row = 0;
    while (row < count) {
      const bool full = count - row >= kBatchRows;
      sqlite3_stmt* s = full ? batch->get() : single->get();
      const std::size_t n = full ? kBatchRows : 1;
      for (std::size_t k = 0; k < n; ++k) {
        NETVET_TRY(count_row());
        bind(s, static_cast<int>(k) * params + 1, row + k, k);
      }
      NETVET_TRY(step_done(s));
      sqlite3_clear_bindings(s);
      row += n;
    }
    return {};
  }

  status insert_elements(std::int64_t sid, const network& net, content_hasher& hasher) {
    std::vector<std::array<char, 16>> dates(kBatchRows);
    const auto& names = net.element_attribute_names();
    return insert_rows("element", kElementColumnsSql, kElementParams, net.element_count(),
                       [&](sqlite3_stmt* s, int p, std::size_t row, std::size_t slot) {
                         const auto e = static_cast<element_index>(row);
                         hash_element(hasher, net, e);
                         sqlite3_bind_int64(s, p, sid);
                         sqlite3_bind_int64(s, p + 1, static_cast<std::int64_t>(row));
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
                           auto& buf = dates[slot];
                           const std::size_t len = std::min(t.size(), buf.size());
                           std::memcpy(buf.data(), t.data(), len);
                           sqlite3_bind_text(s, p + 12, buf.data(), static_cast<int>(len), SQLITE_STATIC);
                         } else {
                           sqlite3_bind_null(s, p + 12);
                         }
                         bind_text_or_null(s, p + 13, net.managed_by(e));
                         bind_text(s, p + 14, model::to_string(net.status(e)));
                         if (names.empty()) {
                           sqlite3_bind_null(s, p + 15);
                         } else {
                           bind_text_copy(s, p + 15, attributes_json(names, [&](std::size_t a) {
                                            return net.element_attribute(a, e);
                                          }));
                         }
                       });
  }

  status insert_links(std::int64_t sid, const network& net, content_hasher& hasher) {
    const auto& names = net.link_attribute_names();
    const bool has_medium = net.has_column(link_column::medium);
    return insert_rows(
        "link", kLinkColumnsSql, kLinkParams, net.link_count(),
        [&](sqlite3_stmt* s, int p, std::size_t row, std::size_t) {
          const auto l = static_cast<link_index>(row);
          hash_link(hasher, net, l);
          sqlite3_bind_int64(s, p, sid);
          sqlite3_bind_int64(s, p + 1, static_cast<std::int64_t>(row));
          sqlite3_bind_int64(s, p + 2, net.link_a(l));
          sqlite3_bind_int64(s, p + 3, net.link_b(l));
          if (has_medium) {
            bind_text(s, p + 4, model::to_string(net.medium(l)));
          } else {
            sqlite3_bind_null(s, p + 4);
          }
          bind_number(s, p + 5, net.capacity_gbps(l));
          if (names.empty()) {
            sqlite3_bind_null(s, p + 6);
          } else {
            bind_text_copy(s, p + 6, attributes_json(names, [&](std::size_t a) { return net.link_attribute(a, l); }));
          }
        });
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

  error corrupt(std::string msg) const {
    return make_error(error_code::storage_error, "corrupt workspace: " + std::move(msg), location{path_});
  }

  result<std::vector<std::string>> attribute_names(std::int64_t sid, const char* kind) {
    auto st = prepare("SELECT name FROM attribute_name WHERE snapshot_id = ? AND kind = ? ORDER BY position");
    if (!st) {
      return st.take_error();
    }
    sqlite3_bind_int64(st->get(), 1, sid);
    bind_text(st->get(), 2, kind);
    std::vector<std::string> out;
    int rc = 0;
    while ((rc = sqlite3_step(st->get())) == SQLITE_ROW) {
      out.emplace_back(column_text(st->get(), 0));
    }
    if (rc != SQLITE_DONE) {
      return db_error("reading attribute names");
    }
    return out;
  }

  // Parses a row's attribute JSON into `values` (one per name, by position).
  status parse_attributes(std::string_view text, const std::unordered_map<std::string, std::size_t>& slot,
                          std::vector<std::string>& storage, std::vector<std::string_view>& values,
                          std::string_view what) const {
    std::fill(values.begin(), values.end(), std::string_view{});
    if (text.empty()) {
      return {};
    }
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return corrupt("bad attributes of " + std::string(what));
    }
    for (const auto& [k, v] : j.items()) {
      const auto it = slot.find(k);
      if (it == slot.end() || !v.is_string()) {
        return corrupt("unknown or non-text attribute '" + k + "' of " + std::string(what));
      }
      storage[it->second] = v.get<std::string>();
      values[it->second] = storage[it->second];
    }
    return {};
  }

  result<network> load_in_transaction(std::string_view name, const model::vendor_catalog& catalog,
                                      const progress_fn& progress) {
    auto existing = find_id(name);
    if (!existing) {
      return existing.take_error();
    }
    if (!existing->has_value()) {
      return not_found(name);
    }
    const std::int64_t sid = **existing;
    auto st = prepare("SELECT element_count, link_count, element_columns, link_columns FROM snapshot WHERE id = ?");
    if (!st) {
      return st.take_error();
    }
    sqlite3_bind_int64(st->get(), 1, sid);
    if (sqlite3_step(st->get()) != SQLITE_ROW) {
      return db_error("reading a snapshot");
    }
    const auto n_elements = static_cast<std::uint64_t>(sqlite3_column_int64(st->get(), 0));
    const auto n_links = static_cast<std::uint64_t>(sqlite3_column_int64(st->get(), 1));
    model::network_builder builder(catalog);
    for (const auto part : split_list(column_text(st->get(), 2))) {
      const auto c = model::parse_element_column(part);
      if (!c) {
        return corrupt("unknown element column '" + std::string(part) + "'");
      }
      builder.mark_column(*c);
    }
    for (const auto part : split_list(column_text(st->get(), 3))) {
      if (part == model::to_string(link_column::medium)) {
        builder.mark_column(link_column::medium);
      } else if (part == model::to_string(link_column::capacity_gbps)) {
        builder.mark_column(link_column::capacity_gbps);
      } else {
        return corrupt("unknown link column '" + std::string(part) + "'");
      }
    }
    auto enames = attribute_names(sid, "element");
    if (!enames) {
      return enames.take_error();
    }
    auto lnames = attribute_names(sid, "link");
    if (!lnames) {
      return lnames.take_error();
    }
    builder.set_element_attributes(*enames);
    builder.set_link_attributes(*lnames);
    builder.reserve(n_elements, n_links);
    const std::uint64_t total = n_elements + n_links;
    std::uint64_t done = 0;

    NETVET_TRY(load_elements(sid, *enames, builder, progress, done, total));
    NETVET_TRY(load_links(sid, *lnames, builder, progress, done, total));
    if (builder.element_count() != n_elements || builder.link_count() != n_links) {
      return corrupt("snapshot '" + std::string(name) + "' lists " + std::to_string(n_elements) + " elements and " +
                     std::to_string(n_links) + " links but holds " + std::to_string(builder.element_count()) + " and " +
                     std::to_string(builder.link_count()));
    }
    return std::move(builder).finish();
  }

  static std::vector<std::string_view> split_list(std::string_view s) {
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

  static std::unordered_map<std::string, std::size_t> slots_of(const std::vector<std::string>& names) {
    std::unordered_map<std::string, std::size_t> slot;
    for (std::size_t i = 0; i < names.size(); ++i) {
      slot.emplace(names[i], i);
    }
    return slot;
  }

  status load_elements(std::int64_t sid, const std::vector<std::string>& names, model::network_builder& builder,
                       const progress_fn& progress, std::uint64_t& done, std::uint64_t total) {
    auto st = prepare(std::string("SELECT ") + kElementColumnsSql + " FROM element WHERE snapshot_id = ? ORDER BY ord");
    if (!st) {
      return st.take_error();
    }
    sqlite3_stmt* s = st->get();
    sqlite3_bind_int64(s, 1, sid);
    const auto slot = slots_of(names);
    std::vector<std::string> storage(names.size());
    std::vector<std::string_view> values(names.size());
    int rc = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      const auto ord = static_cast<std::uint64_t>(sqlite3_column_int64(s, 1));
      if (ord != builder.element_count()) {
        return corrupt("element rows out of order at " + std::to_string(ord));
      }
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
      if (!names.empty()) {
        NETVET_TRY(parse_attributes(column_text(s, 15), slot, storage, values, r.id));
        r.attributes = values;
      }
      if (builder.add_element(r) == model::kNoElement) {
        return corrupt("duplicate element id '" + std::string(r.id) + "'");
      }
      if (progress && ++done % 65536 == 0) {
        progress(done, total);
      }
    }
    if (rc != SQLITE_DONE) {
      return db_error("reading elements");
    }
    return {};
  }

  status load_links(std::int64_t sid, const std::vector<std::string>& names, model::network_builder& builder,
                    const progress_fn& progress, std::uint64_t& done, std::uint64_t total) {
    auto st = prepare(std::string("SELECT ") + kLinkColumnsSql + " FROM link WHERE snapshot_id = ? ORDER BY ord");
    if (!st) {
      return st.take_error();
    }
    sqlite3_stmt* s = st->get();
    sqlite3_bind_int64(s, 1, sid);
    const auto slot = slots_of(names);
    std::vector<std::string> storage(names.size());
    std::vector<std::string_view> values(names.size());
    const auto n = static_cast<std::int64_t>(builder.element_count());
    int rc = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      const auto ord = static_cast<std::uint64_t>(sqlite3_column_int64(s, 1));
      if (ord != builder.link_count()) {
        return corrupt("link rows out of order at " + std::to_string(ord));
      }
      const std::int64_t a = sqlite3_column_int64(s, 2);
      const std::int64_t b = sqlite3_column_int64(s, 3);
      if (a < 0 || a >= n || b < 0 || b >= n) {
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
      if (!names.empty()) {
        NETVET_TRY(parse_attributes(column_text(s, 6), slot, storage, values, "link " + std::to_string(ord)));
        r.attributes = values;
      }
      builder.add_link(r);
      if (progress && ++done % 65536 == 0) {
        progress(done, total);
      }
    }
    if (rc != SQLITE_DONE) {
      return db_error("reading links");
    }
    return {};
  }

  sqlite3* db_;
  std::string path_;
  sqlite_options options_;
  std::uint64_t rows_written_ = 0;
  std::uint64_t rows_total_ = 0;
  const progress_fn* progress_ = nullptr;
};

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
  sqlite3* db = nullptr;
  const int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return make_error(error_code::storage_error, "cannot open the workspace: " + msg, location{path});
  }
  auto ws = std::make_unique<sqlite_workspace>(db, path, options);
  NETVET_TRY(ws->open());
  return std::unique_ptr<workspace>(std::move(ws));
}

result<model::network> load_snapshot(const std::string& workspace_path, std::string_view name,
                                     const model::vendor_catalog& catalog, const progress_fn& progress) {
  sqlite_options opt;
  opt.create_if_missing = false;
  auto ws = make_sqlite_workspace(workspace_path, opt);
  if (!ws) {
    return ws.take_error();
  }
  return (*ws)->load(name, catalog, progress);
}

}  // namespace netvet::store
