// Network CSV read on several threads (read_options::threads): the network,
// and every error, must be exactly what one thread reads, wherever the file
// is split.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "netvet/generate/generator.h"
#include "netvet/io/reader.h"

namespace netvet::io {
namespace {

namespace fs = std::filesystem;

std::string write_dir(const std::string& name, const std::string& elements, const std::string& links) {
  const auto p = fs::path(testing::TempDir()) / ("netvet-par-" + name);
  fs::remove_all(p);
  fs::create_directories(p);
  std::ofstream(p / "elements.csv", std::ios::binary) << elements;
  if (!links.empty()) {
    std::ofstream(p / "links.csv", std::ios::binary) << links;
  }
  return p.string();
}

read_options with_threads(std::size_t threads) {
  read_options o;
  o.threads = threads;
  o.parallel_bytes = 64;  // split even small files
  o.max_errors = 1000;
  return o;
}

// Everything a reader can tell apart: rows as the writer writes them, the
// vendors and the spellings in order.
std::string fingerprint(const model::network& net) {
  std::string out = write_elements_csv(net) + write_links_csv(net);
  for (const auto& v : net.vendors()) {
    out += v.name + (v.known() ? "|known\n" : "|unknown\n");
  }
  for (const auto& s : net.spellings()) {
    out += s.spelling + "|" + std::to_string(s.vendor) + "|" + std::to_string(s.elements) + "\n";
  }
  // Interned ids: the same order within a column (what grouping and sorting
  // by id see), as dense ranks; the pool may number across columns apart.
  for (const auto id_of : {&model::network::site_id, &model::network::region_id, &model::network::model_id}) {
    std::vector<string_id> ids;
    for (model::element_index e = 0; e < net.element_count(); ++e) {
      ids.push_back((net.*id_of)(e));
    }
    std::vector<string_id> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (const string_id id : ids) {
      out += std::to_string(std::lower_bound(sorted.begin(), sorted.end(), id) - sorted.begin()) + ",";
    }
    out += "\n";
  }
  return out;
}

std::string outcome(const std::string& dir, std::size_t threads) {
  auto r = read_network_csv(dir, with_threads(threads));
  return r ? fingerprint(*r) : "error: " + r.err().to_string();
}

// Where two outcomes first differ, with a little context.
std::string first_difference(const std::string& a, const std::string& b) {
  const auto at = static_cast<std::size_t>(std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
  const std::size_t from = at > 80 ? at - 80 : 0;
  return "at byte " + std::to_string(at) + ":\n  one thread: " + a.substr(from, 200) +
         "\n  parallel:   " + b.substr(from, 200);
}

void expect_same_for_all_thread_counts(const std::string& dir) {
  const std::string one = outcome(dir, 1);
  for (const std::size_t t : {2, 3, 5, 8}) {
    const std::string many = outcome(dir, t);
    EXPECT_TRUE(many == one) << t << " threads differ " << first_difference(one, many);
  }
}

generate::texts generated(std::uint64_t sites, bool export_shape) {
  generate::options o;
  o.sites = sites;
  o.seed = 11;
  o.export_attributes = export_shape;
  return std::move(generate_texts(o)).value();
}

TEST(ParallelCsv, GeneratedNetworksReadTheSameOnAnyThreadCount) {
  for (const bool export_shape : {false, true}) {
    const auto t = generated(3000, export_shape);
    const auto dir = write_dir(export_shape ? "gen-export" : "gen-plain", t.elements_csv, t.links_csv);
    const std::string one = outcome(dir, 1);
    ASSERT_EQ(one.rfind("error", 0), std::string::npos) << one;
    expect_same_for_all_thread_counts(dir);
  }
}

// Rows whose fields hold line ends inside quotes, everywhere: some splits
// fall inside a quoted field, and the result must not change.
// Counts how often elements.csv is opened: a parallel read of 2 parts opens
// it 3 times (one look for the split, one reader per part), and a fallback to
// one thread once more.
class counting_fs final : public file_system {
 public:
  result<file_status> status_of(const std::string& path) override { return base_.status_of(path); }
  result<std::unique_ptr<sequential_file>> open_sequential(const std::string& path) override {
    opens_ += path.ends_with("elements.csv") ? 1 : 0;
    return base_.open_sequential(path);
  }
  result<std::vector<std::string>> list_directory(const std::string& path) override {
    return base_.list_directory(path);
  }
  status write_file_atomic(const std::string& path, std::string_view text) override {
    return base_.write_file_atomic(path, text);
  }
  status create_directories(const std::string& path) override { return base_.create_directories(path); }
  [[nodiscard]] int opens() const { return opens_; }

 private:
  file_system& base_ = local_file_system();
  int opens_ = 0;
};

TEST(ParallelCsv, TwoThreadsReadInTwoPartsWithoutFallingBack) {
  const auto t = generated(3000, true);
  const auto dir = write_dir("opens", t.elements_csv, t.links_csv);
  counting_fs fs;
  auto o = with_threads(2);
  o.fs = &fs;
  ASSERT_TRUE(read_network_csv(dir, o));
  EXPECT_EQ(fs.opens(), 3);
  // A problem in a row: the parallel read gives way to one reader, which
  // reports it with its line.
  counting_fs fs2;
  o.fs = &fs2;
  const auto bad = write_dir("opens-bad", t.elements_csv + "z,toaster,Nokia,,,,,,,,,,,,,\n", t.links_csv);
  auto r = read_network_csv(bad, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(fs2.opens(), 4);
  EXPECT_NE(r.err().to_string().find("unknown function 'toaster'"), std::string::npos) << r.err().to_string();
}

TEST(ParallelCsv, QuotedLineEndsNearEverySplit) {
  std::string elements = "id,function,vendor,site,note\n";
  std::string links = "a,b,memo\n";
  for (int i = 0; i < 400; ++i) {
    const std::string id = "e" + std::to_string(i);
    elements += id + ",router," + (i % 3 == 0 ? "\"Huawei\nTechnologies\"" : "Nokia") + ",S" + std::to_string(i / 4) +
                ",\"line one\nline two, " + std::to_string(i) + "\"\n";
    if (i > 0) {
      links += "e" + std::to_string(i - 1) + "," + id + ",\"a\nb\"\n";
    }
  }
  expect_same_for_all_thread_counts(write_dir("quoted", elements, links));
}

// Attributes sparse in one part and dense in another, values repeated in one
// and unique in another, vendors spelt in different cases across parts.
TEST(ParallelCsv, AttributesAndVendorsAcrossParts) {
  std::string elements = "id,function,vendor,rack,serial,rare\n";
  for (int i = 0; i < 5000; ++i) {
    const std::string vendor = i < 2500 ? (i % 2 == 0 ? "acme networks" : "Ericsson") : "ACME Networks";
    elements += "x" + std::to_string(i) + ",switch," + vendor + ",R" + std::to_string(i % 7) + "," +
                (i < 2500 ? "" : "SN" + std::to_string(i * 7919)) + "," + (i % 997 == 0 ? "yes" : "") + "\n";
  }
  expect_same_for_all_thread_counts(write_dir("attrs", elements, "a,b\nx1,x4999\n"));
}

// Late in the file, a text first seen in another column, then two new
// spellings in the other order than their texts were first seen: the
// spellings keep the order of their first rows.
TEST(ParallelCsv, SpellingsKeepTheOrderOfTheirFirstRows) {
  std::string elements = "id,function,vendor,model,site\n";
  for (int i = 0; i < 4000; ++i) {
    std::string vendor = "Nokia";
    std::string model = "M" + std::to_string(i % 5);
    std::string site = "S" + std::to_string(i / 3);
    if (i == 3000) {
      model = "\u0421isco";  // Cyrillic С: the text first appears as a model
      site = "SITE-NEW-Y";
    } else if (i == 3001) {
      vendor = "\u0397uawei";  // Greek Η
      site = "SITE-NEW-X";
    } else if (i == 3002) {
      vendor = "\u0421isco";
    } else if (i == 3003) {
      vendor = "SITE-NEW-X";
    }
    elements += "y" + std::to_string(i) + ",router," + vendor + "," + model + "," + site + "\n";
  }
  expect_same_for_all_thread_counts(write_dir("spellings", elements, ""));
}

TEST(ParallelCsv, ErrorsLateInTheFileKeepTheirLines) {
  auto t = generated(2000, false);
  // A bad function near the end, a repeated id across parts, a dangling link end.
  const auto last_row = t.elements_csv.rfind('\n', t.elements_csv.size() - 2) + 1;
  std::string bad = t.elements_csv.substr(0, last_row);
  const std::string first_id = t.elements_csv.substr(t.elements_csv.find('\n') + 1, 7);
  const std::string rest = ",,,,,,,,,,\n";  // the other 10 columns, empty
  bad += first_id + ",router,Nokia" + rest + "late-1,toaster,Nokia" + rest;
  const auto dir = write_dir("errors", bad, t.links_csv + "late-1,nowhere,fiber,1\n");
  const std::string one = outcome(dir, 1);
  EXPECT_NE(one.find("duplicate id"), std::string::npos) << one;
  EXPECT_NE(one.find("unknown function 'toaster'"), std::string::npos) << one;
  expect_same_for_all_thread_counts(dir);

  const auto dangling = write_dir("dangling", t.elements_csv, t.links_csv + "nowhere,also-nowhere,fiber,1\n");
  EXPECT_NE(outcome(dangling, 1).find("dangling link end"), std::string::npos);
  expect_same_for_all_thread_counts(dangling);
}

TEST(ParallelCsv, WithoutLinksAndWithABlankLastLine) {
  const auto t = generated(500, true);
  expect_same_for_all_thread_counts(write_dir("nolinks", t.elements_csv + "\n", ""));
}

}  // namespace
}  // namespace netvet::io
