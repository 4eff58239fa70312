// tests/store: the workspace (netvet/store/workspace.h) and its SQLite
// backend (netvet/store/sqlite_workspace.h).
#include "netvet/store/workspace.h"

#include <array>
#include <filesystem>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "netvet/generate/generator.h"
#include "netvet/io/reader.h"
#include "netvet/store/sqlite_workspace.h"
#include "store/fault_vfs.h"
#include "support/temp_dir.h"

namespace netvet::store {
namespace {

using netvet::testing::fault_vfs;
using netvet::testing::slurp;
using netvet::testing::temp_dir;

// Attributes, quoted fields (commas, quotes, line breaks), a messy and an
// unknown vendor, no subscribers/managed_by/status columns, -0 and empty
// coordinates, link attributes without capacity.
constexpr const char* kElements =
    "id,function,vendor,model,software,site,region,lat,lon,installed,rack,\"owner, team\"\n"
    "r1,router,\"Cisco Systems, Inc.\",\"NCS 540, rev \"\"B\"\"\",7.9.2,AKL-1,Auckland,-36.8485,174.7633,2019-05-01,"
    "R1,\"ops, north\"\n"
    "g1,gnb,HUAWEI,BBU5900,SRAN19.1,AKL-1,Auckland,-0,0,,,\n"
    "e1,enb,Acme Widgets Ltd,X1,\"multi\nline\",AKL-2,Auckland,,,2011-01-31,R9,\n"
    "amf1,amf,ericsson ab,,,DC1,Wellington,-41.28,174.77,,,\"q\"\"uote\"\n";
constexpr const char* kLinks =
    "a,b,medium,label\n"
    "r1,g1,fiber,\"core, 1\"\n"
    "r1,e1,,\n"
    "g1,amf1,microwave,x\n";

model::network parse(std::string_view elements, std::string_view links) {
  auto n = io::read_network_csv_text(elements, links, "test", io::read_options{});
  EXPECT_TRUE(n) << (n ? "" : n.err().to_string());
  return std::move(n).value();
}

import_options named(std::string name, bool replace = false) {
  import_options o;
  o.name = std::move(name);
  o.source = "test/" + o.name;
  o.imported_at = timestamp{1714555800};  // 2024-05-01T09:30:00Z
  o.replace = replace;
  return o;
}

std::unique_ptr<workspace> open(const std::string& path, const sqlite_options& opt = {}) {
  auto ws = make_sqlite_workspace(path, opt);
  EXPECT_TRUE(ws) << (ws ? "" : ws.err().to_string());
  return std::move(ws).value();
}

// What a command that reads `--workspace FILE --name NAME` does.
result<model::network> load_snapshot(const std::string& uri, std::string_view name) {
  NETVET_ASSIGN_OR_RETURN(auto ws, open_workspace(uri, {.create_if_missing = false, .read_only = true}));
  return ws->load(name, model::vendor_catalog::builtin());
}

// Runs `sql` on `db` with SQLite directly (behind the workspace's back).
void run_sql(const std::string& db, const char* sql) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  sqlite3_close(raw);
}

model::network generated(std::uint32_t sites, std::uint64_t seed) {
  generate::options g;
  g.sites = sites;
  g.seed = seed;
  auto texts = generate::generate_texts(g);
  EXPECT_TRUE(texts);
  return parse(texts->elements_csv, texts->links_csv);
}

void expect_same_csv(const model::network& a, const model::network& b) {
  EXPECT_EQ(io::write_elements_csv(a), io::write_elements_csv(b));
  EXPECT_EQ(io::write_links_csv(a), io::write_links_csv(b));
  EXPECT_EQ(io::write_network_json(a), io::write_network_json(b));
}

TEST(Timestamp, formats_and_parses) {
  EXPECT_EQ(format_timestamp(timestamp{0}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(timestamp{1714555800}), "2024-05-01T09:30:00Z");
  EXPECT_EQ(parse_timestamp("2024-05-01T09:30:00Z"), timestamp{1714555800});
  EXPECT_FALSE(parse_timestamp("2024-05-01 09:30:00"));
  EXPECT_FALSE(parse_timestamp("2024-13-01T09:30:00Z"));
}

TEST(Workspace, round_trip_is_byte_for_byte) {
  temp_dir dir;
  const auto src = parse(kElements, kLinks);
  auto ws = open(dir / "ws.db");
  auto info = ws->import_network(src, named("a"));
  ASSERT_TRUE(info) << info.err().to_string();
  EXPECT_EQ(info->elements, 4U);
  EXPECT_EQ(info->links, 3U);
  EXPECT_EQ(info->content_hash, content_hash(src));
  auto back = ws->load("a", model::vendor_catalog::builtin());
  ASSERT_TRUE(back) << back.err().to_string();
  expect_same_csv(src, *back);
  EXPECT_EQ(content_hash(*back), info->content_hash);
  // The vendor is kept as spelled and resolved again on load.
  EXPECT_EQ(back->vendor_spelling_of(1), "HUAWEI");
  EXPECT_EQ(back->vendor_name(1), "Huawei");
  EXPECT_FALSE(back->vendors()[back->vendor(2)].known());
  EXPECT_TRUE(std::signbit(back->lat(1)));
}

TEST(Workspace, round_trip_of_a_network_with_every_column) {
  temp_dir dir;
  const auto src = parse(
      "id,function,vendor,model,software,site,region,lat,lon,subscribers,installed,managed_by,status\n"
      "a,gnb,Nokia,AirScale,24R1,S1,Otago,-45.1,170.5,1234,2020-02-29,Nokia Managed Services,planned\n"
      "b,router,Juniper,MX304,23.2,S1,Otago,-45.1,170.5,0,,,offline\n",
      "a,b,medium,capacity_gbps\na,b,fiber,2.5\nb,a,copper,\n");
  auto ws = open(dir / "ws.db");
  ASSERT_TRUE(ws->import_network(src, named("full")));
  auto back = ws->load("full", model::vendor_catalog::builtin());
  ASSERT_TRUE(back) << back.err().to_string();
  expect_same_csv(src, *back);
}

constexpr const char* kGenerations =
    "id,function,vendor,generation\nr1,ru,Nokia,4g\nr2,ru,Nokia,\na1,antenna,Nokia,any\ng1,gnb,Nokia,5g\n";

TEST(Workspace, round_trip_keeps_the_stated_generation) {
  temp_dir dir;
  const auto src = parse(kGenerations, "a,b\n");
  auto ws = open(dir / "ws.db");
  ASSERT_TRUE(ws->import_network(src, named("gen")));
  auto back = ws->load("gen", model::vendor_catalog::builtin());
  ASSERT_TRUE(back) << back.err().to_string();
  expect_same_csv(src, *back);
  EXPECT_EQ(back->generations(0), model::generation_set::of(model::generation::g4));
  EXPECT_EQ(back->generations(1), model::generation_set::of(model::generation::g5));  // ru: 5G unless stated
}

TEST(Workspace, version_1_file_reads_and_upgrades_on_import) {
  temp_dir dir;
  const auto old = parse(kElements, kLinks);
  {
    auto ws = open(dir / "ws.db");
    ASSERT_TRUE(ws->import_network(old, named("old")));
  }
  // What netvet before element.generation wrote.
  run_sql(dir / "ws.db", "ALTER TABLE element DROP COLUMN generation; UPDATE schema_version SET version = 1");
  auto back = load_snapshot(dir / "ws.db", "old");
  ASSERT_TRUE(back) << back.err().to_string();
  expect_same_csv(old, *back);
  {
    auto ws = open(dir / "ws.db");
    ASSERT_TRUE(ws->import_network(parse(kGenerations, "a,b\n"), named("new")));
  }
  auto upgraded = load_snapshot(dir / "ws.db", "new");
  ASSERT_TRUE(upgraded) << upgraded.err().to_string();
  EXPECT_EQ(upgraded->generations(0), model::generation_set::of(model::generation::g4));
  auto still = load_snapshot(dir / "ws.db", "old");
  ASSERT_TRUE(still) << still.err().to_string();
  expect_same_csv(old, *still);
}

TEST(Workspace, round_trip_of_a_generated_network) {
  temp_dir dir;
  const auto src = generated(400, 11);
  auto ws = open(dir / "ws.db");
  ASSERT_TRUE(ws->import_network(src, named("gen")));
  ws.reset();  // a new connection sees the committed data
  auto back = load_snapshot(dir / "ws.db", "gen");
  ASSERT_TRUE(back) << back.err().to_string();
  EXPECT_EQ(io::write_elements_csv(*back), io::write_elements_csv(src));
  EXPECT_EQ(io::write_links_csv(*back), io::write_links_csv(src));
}

TEST(Workspace, lists_snapshots_by_name) {
  temp_dir dir;
  const auto src = parse(kElements, kLinks);
  auto ws = open(dir / "ws.db");
  ASSERT_TRUE(ws->import_network(src, named("zeta")));
  ASSERT_TRUE(ws->import_network(src, named("alpha")));
  auto list = ws->list();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2U);
  EXPECT_EQ((*list)[0].name, "alpha");
  EXPECT_EQ((*list)[1].name, "zeta");
  EXPECT_EQ((*list)[0].imported_at, timestamp{1714555800});
  EXPECT_EQ((*list)[0].source, "test/alpha");
  EXPECT_EQ((*list)[0].elements, 4U);
  EXPECT_EQ((*list)[0].links, 3U);
}

TEST(Workspace, duplicate_name_is_refused_and_replace_works) {
  temp_dir dir;
  const auto first = parse(kElements, kLinks);
  const auto second = parse("id,function,vendor\nx,router,Cisco\n", "");
  auto ws = open(dir / "ws.db");
  ASSERT_TRUE(ws->import_network(first, named("a")));
  auto again = ws->import_network(second, named("a"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.err().code, error_code::already_exists);
  EXPECT_EQ(exit_status(again.err().code), 5);
  auto kept = ws->load("a", model::vendor_catalog::builtin());
  ASSERT_TRUE(kept);
  expect_same_csv(first, *kept);

  auto replaced = ws->import_network(second, named("a", true));
  ASSERT_TRUE(replaced) << replaced.err().to_string();
  auto now = ws->load("a", model::vendor_catalog::builtin());
  ASSERT_TRUE(now);
  expect_same_csv(second, *now);
  EXPECT_EQ(ws->list()->size(), 1U);
}

// The writes a successful import of `net` under `opt` makes, counted by the
// fault VFS, into a copy of `db` (so that `db` itself stays as it is).
std::uint64_t writes_of_import(const std::string& db, const model::network& net, const import_options& opt) {
  const std::string copy = db + ".probe-" + opt.name;
  std::filesystem::copy_file(db, copy);
  sqlite_options so;
  so.vfs = fault_vfs::kName;
  auto ws = open(copy, so);
  fault_vfs::reset_counts();
  EXPECT_TRUE(ws->import_network(net, opt));
  return fault_vfs::writes();
}

// Where to fail an import of `writes` writes: the first, the second, one in
// the middle and the last (the WAL frame that commits).
std::array<std::uint64_t, 4> fail_points(std::uint64_t writes) { return {0, 1, writes / 2, writes - 1}; }

// Imports `net` under `opt` into `ws` (opened on `db` through the fault VFS)
// with writes failing after `fail_after`: the fault fires, and the import
// fails with storage_error naming the file.
void expect_import_fails(workspace& ws, const std::string& db, const model::network& net, const import_options& opt,
                         std::uint64_t fail_after) {
  fault_vfs::fail_writes_after(fail_after);
  auto r = ws.import_network(net, opt);
  fault_vfs::disarm();
  EXPECT_GE(fault_vfs::failures(), 1U) << "the fault did not fire at write " << fail_after;
  ASSERT_FALSE(r) << "import of " << opt.name << " with a write failing after " << fail_after;
  EXPECT_EQ(r.err().code, error_code::storage_error);
  EXPECT_EQ(r.err().where.file, db);
}

// `ws` holds snapshot "a" only, equal to `first`.
void expect_only_first(workspace& ws, const model::network& first) {
  auto list = ws.list();
  ASSERT_TRUE(list) << list.err().to_string();
  ASSERT_EQ(list->size(), 1U);
  EXPECT_EQ((*list)[0].name, "a");
  auto kept = ws.load("a", model::vendor_catalog::builtin());
  ASSERT_TRUE(kept) << kept.err().to_string();
  expect_same_csv(first, *kept);
}

// An import that fails part-way, because the disk refuses a write, leaves
// the database file as it was, byte for byte; the error names the file. The
// fault VFS fails a write of the import transaction itself (fail_points).
TEST(Workspace, failed_import_changes_nothing) {
  ASSERT_TRUE(fault_vfs::install());
  temp_dir dir;
  const std::string db = dir / "ws.db";
  const auto first = parse(kElements, kLinks);
  ASSERT_TRUE(open(db)->import_network(first, named("a")));
  const std::string before = slurp(db);
  ASSERT_FALSE(before.empty());
  const auto big = generated(300, 1);
  const auto new_points = fail_points(writes_of_import(db, big, named("b")));
  const auto replace_points = fail_points(writes_of_import(db, big, named("a", true)));
  ASSERT_GT(new_points[2], 5U) << "the import should write many pages";
  sqlite_options opt;
  opt.vfs = fault_vfs::kName;
  for (std::size_t i = 0; i < new_points.size(); ++i) {
    {
      auto ws = open(db, opt);
      expect_import_fails(*ws, db, big, named("b"), new_points[i]);
      expect_import_fails(*ws, db, big, named("a", true), replace_points[i]);  // a failed --replace
      expect_only_first(*ws, first);
    }
    const std::string after = slurp(db);
    EXPECT_TRUE(after == before) << "after failures at writes " << new_points[i] << " and " << replace_points[i]
                                 << ": the file changed";
  }
}

TEST(Workspace, fault_vfs_passes_everything_through_until_armed) {
  ASSERT_TRUE(fault_vfs::install());
  temp_dir dir;
  sqlite_options opt;
  opt.vfs = fault_vfs::kName;
  const auto src = generated(50, 3);
  auto ws = open(dir / "ws.db", opt);
  fault_vfs::reset_counts();
  ASSERT_TRUE(ws->import_network(src, named("a")));
  EXPECT_GT(fault_vfs::writes(), 0U);
  EXPECT_EQ(fault_vfs::failures(), 0U);
  auto back = ws->load("a", model::vendor_catalog::builtin());
  ASSERT_TRUE(back);
  expect_same_csv(src, *back);
}

TEST(Workspace, unknown_vfs_is_a_storage_error) {
  temp_dir dir;
  sqlite_options opt;
  opt.vfs = "no-such-vfs";
  auto ws = make_sqlite_workspace(dir / "ws.db", opt);
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.err().code, error_code::storage_error);
  EXPECT_EQ(ws.err().where.file, dir / "ws.db");
  EXPECT_NE(ws.err().message.find("no-such-vfs"), std::string::npos) << ws.err().message;
}

TEST(Workspace, newer_schema_is_refused) {
  temp_dir dir;
  const std::string db = dir / "ws.db";
  { open(db); }
  run_sql(db, "UPDATE schema_version SET version = 99");
  auto ws = open_workspace(db);
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.err().code, error_code::unsupported);
  EXPECT_NE(ws.err().message.find("99"), std::string::npos);
}

TEST(Workspace, refuses_a_database_that_is_not_a_workspace) {
  temp_dir dir;
  const std::string db = dir / "other.db";
  run_sql(db, "CREATE TABLE t (x)");
  auto ws = open_workspace(db);
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.err().code, error_code::storage_error);

  netvet::testing::spit(dir / "text.db", "this is not a database, just some text that is long enough\n");
  auto ws2 = open_workspace(dir / "text.db");
  ASSERT_FALSE(ws2);
  EXPECT_EQ(ws2.err().code, error_code::storage_error);
}

TEST(Workspace, missing_snapshot_and_missing_file_are_not_found) {
  temp_dir dir;
  auto ws = open(dir / "ws.db");
  auto l = ws->load("nope", model::vendor_catalog::builtin());
  ASSERT_FALSE(l);
  EXPECT_EQ(l.err().code, error_code::not_found);
  EXPECT_NE(l.err().message.find("nope"), std::string::npos);
  EXPECT_EQ(ws->remove("nope").err().code, error_code::not_found);
  EXPECT_EQ(ws->info("nope").err().code, error_code::not_found);
  auto f = load_snapshot(dir / "missing.db", "a");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.err().code, error_code::not_found);
  EXPECT_FALSE(std::filesystem::exists(dir / "missing.db"));
}

TEST(Workspace, remove_deletes_rows) {
  temp_dir dir;
  auto ws = open(dir / "ws.db");
  const auto src = parse(kElements, kLinks);
  ASSERT_TRUE(ws->import_network(src, named("a")));
  ASSERT_TRUE(ws->remove("a"));
  EXPECT_TRUE(ws->list()->empty());
  EXPECT_EQ(ws->load("a", model::vendor_catalog::builtin()).err().code, error_code::not_found);
}

TEST(Workspace, bad_names_are_invalid_input) {
  temp_dir dir;
  auto ws = open(dir / "ws.db");
  const auto src = parse(kElements, kLinks);
  EXPECT_EQ(ws->import_network(src, named("")).err().code, error_code::invalid_input);
  EXPECT_EQ(ws->import_network(src, named("a\nb")).err().code, error_code::invalid_input);
}

TEST(Workspace, read_only_reads_and_refuses_writes) {
  temp_dir dir;
  const std::string db = dir / "ws.db";
  const auto src = parse(kElements, kLinks);
  ASSERT_TRUE(open(db)->import_network(src, named("a")));
  const std::string before = slurp(db);
  auto ws = open_workspace(db, {.create_if_missing = false, .read_only = true});
  ASSERT_TRUE(ws) << ws.err().to_string();
  auto back = (*ws)->load("a", model::vendor_catalog::builtin());
  ASSERT_TRUE(back) << back.err().to_string();
  expect_same_csv(src, *back);
  auto r = (*ws)->import_network(src, named("b"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().code, error_code::storage_error);
  EXPECT_EQ((*ws)->remove("a").err().code, error_code::storage_error);
  ws->reset();  // closes the read-only connection
  EXPECT_EQ(slurp(db), before);
  // Reading leaves no WAL files behind (as the last connection, it removes them).
  EXPECT_FALSE(std::filesystem::exists(db + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(db + "-shm"));
  // read_only never creates the file, whatever create_if_missing says.
  auto missing = open_workspace(dir / "missing.db", {.create_if_missing = true, .read_only = true});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.err().code, error_code::not_found);
  EXPECT_FALSE(std::filesystem::exists(dir / "missing.db"));
}

TEST(Workspace, opens_sqlite_by_uri_or_path) {
  temp_dir dir;
  const std::string abs = std::filesystem::absolute(dir.path()).string();
  const auto src = parse(kElements, kLinks);
  const std::vector<std::pair<std::string, std::string>> forms = {
      {"sqlite:" + abs + "/a.db", abs + "/a.db"},
      {"file:" + abs + "/b.db", abs + "/b.db"},
      {abs + "/c.db", abs + "/c.db"},
      {"file://" + abs + "/d.db", abs + "/d.db"},
      {"sqlite://localhost" + abs + "/e.db", abs + "/e.db"},
      {abs + "/with:colon.db", abs + "/with:colon.db"},
  };
  for (const auto& [uri, file] : forms) {
    auto ws = open_workspace(uri);
    ASSERT_TRUE(ws) << uri << ": " << ws.err().to_string();
    ASSERT_TRUE((*ws)->import_network(src, named("a"))) << uri;
    EXPECT_TRUE(std::filesystem::is_regular_file(file)) << uri;
    auto back = load_snapshot(uri, "a");
    ASSERT_TRUE(back) << uri;
    expect_same_csv(src, *back);
  }
}

TEST(Workspace, postgres_is_unsupported_in_this_build) {
  for (const std::string uri : {"postgresql://netvet@db.example/nz", "postgres://db.example/nz"}) {
    auto ws = open_workspace(uri);
    ASSERT_FALSE(ws) << uri;
    EXPECT_EQ(ws.err().code, error_code::unsupported) << uri;
    EXPECT_NE(ws.err().message.find("without PostgreSQL"), std::string::npos) << ws.err().message;
    EXPECT_EQ(ws.err().where.file, uri);
  }
}

TEST(Workspace, unknown_schemes_and_remote_files_are_invalid_input) {
  for (const std::string uri : {"mysql://db.example/nz", "file://otherhost/nz.db", "sqlite://host"}) {
    auto ws = open_workspace(uri);
    ASSERT_FALSE(ws) << uri;
    EXPECT_EQ(ws.err().code, error_code::invalid_input) << uri;
    EXPECT_EQ(ws.err().where.file, uri);
  }
}

}  // namespace
}  // namespace netvet::store
