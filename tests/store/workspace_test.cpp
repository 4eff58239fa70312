// tests/store: the SQLite workspace (netvet/store/workspace.h).
#include "netvet/store/workspace.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "netvet/generate/generator.h"
#include "netvet/io/reader.h"
#include "store/temp_dir.h"

namespace netvet::store {
namespace {

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

std::unique_ptr<workspace> open(const std::string& path, sqlite_options opt = {}) {
  auto ws = make_sqlite_workspace(path, opt);
  EXPECT_TRUE(ws) << (ws ? "" : ws.err().to_string());
  return std::move(ws).value();
}

void expect_same_csv(const model::network& a, const model::network& b) {
  EXPECT_EQ(io::write_elements_csv(a), io::write_elements_csv(b));
  EXPECT_EQ(io::write_links_csv(a), io::write_links_csv(b));
  EXPECT_EQ(io::write_network_json(a), io::write_network_json(b));
}

TEST(timestamp, formats_and_parses) {
  EXPECT_EQ(format_timestamp(timestamp{0}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(timestamp{1714555800}), "2024-05-01T09:30:00Z");
  EXPECT_EQ(parse_timestamp("2024-05-01T09:30:00Z"), timestamp{1714555800});
  EXPECT_FALSE(parse_timestamp("2024-05-01 09:30:00"));
  EXPECT_FALSE(parse_timestamp("2024-13-01T09:30:00Z"));
}

TEST(workspace, round_trip_is_byte_for_byte) {
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

TEST(workspace, round_trip_of_a_network_with_every_column) {
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

TEST(workspace, round_trip_of_a_generated_network) {
  temp_dir dir;
  generate::options g;
  g.sites = 400;
  g.seed = 11;
  auto texts = generate::generate_texts(g);
  ASSERT_TRUE(texts);
  const auto src = parse(texts->elements_csv, texts->links_csv);
  auto ws = open(dir / "ws.db");
  ASSERT_TRUE(ws->import_network(src, named("gen")));
  ws.reset();  // a new connection sees the committed data
  auto back = load_snapshot(dir / "ws.db", "gen", model::vendor_catalog::builtin());
  ASSERT_TRUE(back) << back.err().to_string();
  EXPECT_EQ(io::write_elements_csv(*back), io::write_elements_csv(src));
  EXPECT_EQ(io::write_links_csv(*back), io::write_links_csv(src));
}

TEST(workspace, lists_snapshots_by_name) {
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

TEST(workspace, duplicate_name_is_refused_and_replace_works) {
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

// Imports that fail part-way leave the database file as it was.
TEST(workspace, failed_import_changes_nothing) {
  temp_dir dir;
  const std::string db = dir / "ws.db";
  const auto first = parse(kElements, kLinks);
  {
    auto ws = open(db);
    ASSERT_TRUE(ws->import_network(first, named("a")));
  }
  const std::string before = slurp(db);
  ASSERT_FALSE(before.empty());
  generate::options g;
  g.sites = 300;
  auto texts = generate::generate_texts(g);
  ASSERT_TRUE(texts);
  const auto big = parse(texts->elements_csv, texts->links_csv);
  for (const std::uint64_t fail_after : {0ULL, 3ULL, 500ULL, 1000ULL}) {
    sqlite_options opt;
    opt.fail_after_rows = fail_after;
    {
      auto ws = open(db, opt);
      auto r = ws->import_network(big, named("b"));
      ASSERT_FALSE(r);
      EXPECT_EQ(r.err().code, error_code::storage_error);
      auto r2 = ws->import_network(big, named("a", true));  // a failed --replace
      ASSERT_FALSE(r2);
      auto list = ws->list();
      ASSERT_TRUE(list);
      ASSERT_EQ(list->size(), 1U);
      EXPECT_EQ((*list)[0].name, "a");
      auto kept = ws->load("a", model::vendor_catalog::builtin());
      ASSERT_TRUE(kept);
      expect_same_csv(first, *kept);
    }
    EXPECT_EQ(slurp(db), before) << "after a failure at row " << fail_after;
  }
}

TEST(workspace, newer_schema_is_refused) {
  temp_dir dir;
  const std::string db = dir / "ws.db";
  { open(db); }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE schema_version SET version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto ws = make_sqlite_workspace(db);
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.err().code, error_code::unsupported);
  EXPECT_NE(ws.err().message.find("99"), std::string::npos);
}

TEST(workspace, refuses_a_database_that_is_not_a_workspace) {
  temp_dir dir;
  const std::string db = dir / "other.db";
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE t (x)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto ws = make_sqlite_workspace(db);
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.err().code, error_code::storage_error);

  netvet::testing::spit(dir / "text.db", "this is not a database, just some text that is long enough\n");
  auto ws2 = make_sqlite_workspace(dir / "text.db");
  ASSERT_FALSE(ws2);
  EXPECT_EQ(ws2.err().code, error_code::storage_error);
}

TEST(workspace, missing_snapshot_and_missing_file_are_not_found) {
  temp_dir dir;
  auto ws = open(dir / "ws.db");
  auto l = ws->load("nope", model::vendor_catalog::builtin());
  ASSERT_FALSE(l);
  EXPECT_EQ(l.err().code, error_code::not_found);
  EXPECT_NE(l.err().message.find("nope"), std::string::npos);
  EXPECT_EQ(ws->remove("nope").err().code, error_code::not_found);
  EXPECT_EQ(ws->info("nope").err().code, error_code::not_found);
  auto f = load_snapshot(dir / "missing.db", "a", model::vendor_catalog::builtin());
  ASSERT_FALSE(f);
  EXPECT_EQ(f.err().code, error_code::not_found);
  EXPECT_FALSE(std::filesystem::exists(dir / "missing.db"));
}

TEST(workspace, remove_deletes_rows) {
  temp_dir dir;
  auto ws = open(dir / "ws.db");
  const auto src = parse(kElements, kLinks);
  ASSERT_TRUE(ws->import_network(src, named("a")));
  ASSERT_TRUE(ws->remove("a"));
  EXPECT_TRUE(ws->list()->empty());
  EXPECT_EQ(ws->load("a", model::vendor_catalog::builtin()).err().code, error_code::not_found);
}

TEST(workspace, bad_names_are_invalid_input) {
  temp_dir dir;
  auto ws = open(dir / "ws.db");
  const auto src = parse(kElements, kLinks);
  EXPECT_EQ(ws->import_network(src, named("")).err().code, error_code::invalid_input);
  EXPECT_EQ(ws->import_network(src, named("a\nb")).err().code, error_code::invalid_input);
}

}  // namespace
}  // namespace netvet::store
