// Network CSV and netvet JSON: every reader error class, and round trips.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "netvet/io/reader.h"

namespace netvet::io {
namespace {

namespace fs = std::filesystem;

const std::string kElements =
    "id,function,vendor,model,site,region,lat,lon,subscribers,installed,status,colour\n"
    "core-amf-1,amf,Ericsson AB,vAMF,AKL-DC1,Auckland,-36.85,174.76,,2018-01-02,active,red\n"
    "gnb-1,gnb,HUAWEI,AAU5613,AKL-001,Auckland,-36.9,174.8,1200,,,\"blue, green\"\n"
    "rtr-1,router,\"Huawei Technologies Co., Ltd.\",NE40E,AKL-001,Auckland,,,0,,planned,\n"
    "odd-1,switch,\"Acme \"\"Widgets\"\"\",,WLG-1,Wellington,,,,,,\n";
const std::string kLinks =
    "a,b,medium,capacity_gbps,circuit\ngnb-1,rtr-1,fiber,10,C-1\nrtr-1,core-amf-1,microwave,2.5,\n";

read_options opts() { return read_options{}; }

result<model::network> parse(const std::string& elements, const std::string& links = kLinks) {
  return read_network_csv_text(elements, links, "net", opts());
}

std::string error_of(const std::string& elements, const std::string& links = kLinks) {
  auto r = parse(elements, links);
  return r ? std::string("(no error)") : r.err().to_string();
}

std::string temp_dir(const std::string& name) {
  const auto p = fs::path(testing::TempDir()) / ("netvet-" + name);
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST(NetworkCsv, ReadsEveryColumnAndKeepsExtrasAsAttributes) {
  auto r = parse(kElements);
  ASSERT_TRUE(r) << r.err().to_string();
  const auto& n = *r;
  ASSERT_EQ(n.element_count(), 4U);
  ASSERT_EQ(n.link_count(), 2U);
  EXPECT_EQ(n.vendor_name(1), "Huawei");
  EXPECT_EQ(n.vendor_name(2), "Huawei");
  EXPECT_EQ(n.vendor_name(0), "Ericsson");
  EXPECT_EQ(n.vendor_name(3), "Acme \"Widgets\"");
  EXPECT_EQ(n.subscribers(1), 1200U);
  EXPECT_DOUBLE_EQ(n.lat(0), -36.85);
  EXPECT_TRUE(std::isnan(n.lat(2)));
  EXPECT_EQ(format_date(*n.installed(0)), "2018-01-02");
  EXPECT_EQ(n.status(2), model::element_status::planned);
  EXPECT_EQ(n.status(1), model::element_status::active);
  ASSERT_EQ(n.element_attribute_names().size(), 1U);
  EXPECT_EQ(n.element_attribute(0, 1).view(), "blue, green");
  ASSERT_EQ(n.link_attribute_names().size(), 1U);
  EXPECT_EQ(n.link_attribute(0, 0).view(), "C-1");
  EXPECT_DOUBLE_EQ(n.capacity_gbps(1), 2.5);
  EXPECT_EQ(n.medium(1), model::link_medium::microwave);
}

TEST(NetworkCsv, ColumnsInAnyOrder) {
  auto r = parse("vendor,id,function\nNokia,e1,enb\n", "b,a\ne1,e1\n");
  ASSERT_TRUE(r) << r.err().to_string();
  EXPECT_EQ(r->id(0), "e1");
  EXPECT_EQ(r->vendor_name(0), "Nokia");
}

TEST(NetworkCsv, CsvJsonCsvGivesTheSameRows) {
  auto r = parse(kElements);
  ASSERT_TRUE(r);
  const std::string e1 = write_elements_csv(*r);
  const std::string l1 = write_links_csv(*r);
  auto j = read_network_json_text(write_network_json(*r), "net.json", opts());
  ASSERT_TRUE(j) << j.err().to_string();
  EXPECT_EQ(write_elements_csv(*j), e1);
  EXPECT_EQ(write_links_csv(*j), l1);
  // And CSV written by netvet reads back to the same CSV.
  auto again = parse(e1, l1);
  ASSERT_TRUE(again);
  EXPECT_EQ(write_elements_csv(*again), e1);
  EXPECT_EQ(write_links_csv(*again), l1);
  EXPECT_NE(e1.find("\"Huawei Technologies Co., Ltd.\""), std::string::npos);
  EXPECT_NE(e1.find("\"Acme \"\"Widgets\"\"\""), std::string::npos);
}

// Attribute columns out of alphabetical order (as NetBox and Zoo exports
// have them) come back in their order: the JSON states it.
TEST(NetworkCsv, CsvJsonCsvKeepsTheAttributeColumnOrder) {
  const std::string elements =
      "id,function,vendor,zone,asset_tag,Rack,serial\nr1,router,Nokia,z1,A1,R9,S1\n"
      "r2,router,Nokia,,A2,,S2\n";
  const std::string links = "a,b,wave,circuit\nr1,r2,7,C-9\n";
  auto r = parse(elements, links);
  ASSERT_TRUE(r) << r.err().to_string();
  const std::string json_text = write_network_json(*r);
  EXPECT_NE(json_text.find("\"element_attributes\""), std::string::npos);
  auto j = read_network_json_text(json_text, "net.json", opts());
  ASSERT_TRUE(j) << j.err().to_string();
  EXPECT_EQ(write_elements_csv(*j), elements);
  EXPECT_EQ(write_links_csv(*j), links);
  // A document that lists names not in its objects keeps them (empty), and
  // one whose objects have names not listed puts those after.
  const std::string doc =
      R"({"element_attributes": ["b", "a"], "elements": [{"id": "x", "function": "router", "vendor": "Nokia",
          "attributes": {"a": "1", "c": "3"}}]})";
  auto k = read_network_json_text(doc, "k.json", opts());
  ASSERT_TRUE(k) << k.err().to_string();
  EXPECT_EQ(k->element_attribute_names(), (std::vector<std::string>{"b", "a", "c"}));
  for (const auto* bad :
       {R"({"element_attributes": "a", "elements": []})", R"({"element_attributes": ["a", "a"], "elements": []})",
        R"({"element_attributes": [1], "elements": []})"}) {
    auto e = read_network_json_text(bad, "bad.json", opts());
    ASSERT_FALSE(e) << bad;
    EXPECT_EQ(e.err().code, error_code::invalid_input);
    EXPECT_NE(e.err().to_string().find("element_attributes"), std::string::npos) << e.err().to_string();
  }
}

TEST(NetworkCsv, WriterKeepsOnlyColumnsThatWerePresent) {
  auto r = parse("id,function,vendor\nx,router,Cisco\n", "a,b\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(write_elements_csv(*r), "id,function,vendor\nx,router,Cisco\n");
  EXPECT_EQ(write_links_csv(*r), "a,b\n");
}

TEST(NetworkCsvErrors, EmptyFile) { EXPECT_NE(error_of("").find("empty file"), std::string::npos); }

TEST(NetworkCsvErrors, MissingHeader) {
  const auto e = error_of("x1,router,Cisco\n");
  EXPECT_NE(e.find("no header row"), std::string::npos) << e;
}

TEST(NetworkCsvErrors, DuplicateHeader) {
  const auto e = error_of("id,function,vendor,site,site\nx,router,Cisco,a,b\n");
  EXPECT_NE(e.find("field 'site': duplicate column"), std::string::npos) << e;
  EXPECT_NE(e.find("net/elements.csv:1:5"), std::string::npos) << e;
}

TEST(NetworkCsvErrors, MissingRequiredColumn) {
  const auto e = error_of("id,function,model\nx,router,ASR\n");
  EXPECT_NE(e.find("missing required column 'vendor'"), std::string::npos) << e;
}

TEST(NetworkCsvErrors, DuplicateId) {
  const auto e = error_of("id,function,vendor\nx,router,Cisco\ny,router,Cisco\nx,switch,Cisco\n", "a,b\n");
  EXPECT_NE(e.find("net/elements.csv:4: field 'id': duplicate id 'x' (first on line 2)"), std::string::npos) << e;
}

TEST(NetworkCsvErrors, EmptyId) {
  const auto e = error_of("id,function,vendor\n,router,Cisco\n", "a,b\n");
  EXPECT_NE(e.find("net/elements.csv:2:1: field 'id': empty id"), std::string::npos) << e;
}

TEST(NetworkCsvErrors, DanglingLinkEnd) {
  const auto e = error_of("id,function,vendor\nx,router,Cisco\n", "a,b\nx,nope\n");
  EXPECT_NE(e.find("net/links.csv:2:2: field 'b': dangling link end: no element with id 'nope'"), std::string::npos)
      << e;
}

TEST(NetworkCsvErrors, UnknownFunctionSuggests) {
  const auto e = error_of("id,function,vendor\nx,ruoter,Cisco\n", "a,b\n");
  EXPECT_NE(e.find("field 'function': unknown function 'ruoter' (did you mean 'router'?)"), std::string::npos) << e;
}

TEST(NetworkCsvErrors, NonNumericSubscribers) {
  const auto e = error_of("id,function,vendor,subscribers\nx,gnb,Nokia,lots\n", "a,b\n");
  EXPECT_NE(e.find("net/elements.csv:2:4: field 'subscribers': not a whole number"), std::string::npos) << e;
  EXPECT_NE(error_of("id,function,vendor,subscribers\nx,gnb,Nokia,-3\n", "a,b\n").find("subscribers"),
            std::string::npos);
}

TEST(NetworkCsvErrors, LatLonOutOfRange) {
  const auto e = error_of("id,function,vendor,lat,lon\nx,gnb,Nokia,91,0\ny,gnb,Nokia,0,-180.5\n", "a,b\n");
  EXPECT_NE(e.find("elements.csv:2:4: field 'lat': latitude 91 is out of range"), std::string::npos) << e;
  EXPECT_NE(e.find("elements.csv:3:5: field 'lon': longitude -180.5 is out of range"), std::string::npos) << e;
}

TEST(NetworkCsvErrors, BadDate) {
  const auto e = error_of("id,function,vendor,installed\nx,gnb,Nokia,2018-02-30\n", "a,b\n");
  EXPECT_NE(e.find("field 'installed': not a date (YYYY-MM-DD): '2018-02-30'"), std::string::npos) << e;
}

TEST(NetworkCsvErrors, BadUtf8) {
  const auto e = error_of("id,function,vendor\nx,gnb,Nok\xe9ia\n", "a,b\n");
  EXPECT_NE(e.find("elements.csv:2:3: invalid UTF-8"), std::string::npos) << e;
}

TEST(NetworkCsvErrors, UnterminatedQuote) {
  const auto e = error_of("id,function,vendor\nx,gnb,\"Nokia\ny,gnb,Nokia\n", "a,b\n");
  EXPECT_NE(e.find("elements.csv:2:3: unterminated quoted field"), std::string::npos) << e;
}

TEST(NetworkCsvErrors, WrongFieldCount) {
  const auto e = error_of("id,function,vendor\nx,gnb\n", "a,b\n");
  EXPECT_NE(e.find("row has 2 fields, the header has 3"), std::string::npos) << e;
}

TEST(NetworkCsvErrors, UnknownStatusAndMedium) {
  EXPECT_NE(error_of("id,function,vendor,status\nx,gnb,Nokia,broken\n", "a,b\n").find("unknown status 'broken'"),
            std::string::npos);
  EXPECT_NE(error_of("id,function,vendor\nx,gnb,Nokia\n", "a,b,medium\nx,x,laser\n").find("unknown medium 'laser'"),
            std::string::npos);
}

TEST(NetworkCsvErrors, CollectedUpToTheLimitThenCounted) {
  std::string text = "id,function,vendor\n";
  for (int i = 0; i < 50; ++i) {
    text += "e" + std::to_string(i) + ",bogus,Nokia\n";
  }
  read_options o;
  o.max_errors = 5;
  auto r = read_network_csv_text(text, "a,b\n", "net", o);
  ASSERT_FALSE(r);
  const auto& m = r.err().message;
  EXPECT_NE(m.find("50 errors"), std::string::npos) << m;
  EXPECT_NE(m.find("and 45 more"), std::string::npos) << m;
  EXPECT_NE(m.find("elements.csv:2:2"), std::string::npos) << m;
}

TEST(NetworkCsvErrors, FolderWithoutElementsCsv) {
  const auto dir = temp_dir("noelements");
  write(dir + "/links.csv", "a,b\n");
  auto r = read_network(dir, opts());
  ASSERT_FALSE(r);
  EXPECT_NE(r.err().message.find("no elements.csv"), std::string::npos) << r.err().to_string();
}

TEST(NetworkCsvErrors, MissingPath) {
  auto r = read_network("/nonexistent/netvet", opts());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().code, error_code::not_found);
}

TEST(NetworkCsvErrors, LineLongerThanTheLimit) {
  const auto dir = temp_dir("longline");
  write(dir + "/elements.csv", "id,function,vendor,note\nx,gnb,Nokia," + std::string(3u << 20, 'n') + "\n");
  auto r = read_network(dir, opts());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().code, error_code::limit_exceeded) << r.err().to_string();
  EXPECT_NE(r.err().to_string().find("elements.csv:2"), std::string::npos) << r.err().to_string();
}

TEST(NetworkCsv, FolderRoundTripThroughFiles) {
  const auto dir = temp_dir("roundtrip");
  write(dir + "/elements.csv", kElements);
  write(dir + "/links.csv", kLinks);
  auto r = read_network(dir, opts());
  ASSERT_TRUE(r) << r.err().to_string();
  const auto out = temp_dir("roundtrip-out");
  ASSERT_TRUE(write_network(*r, out, format::csv));
  const auto json = out + "/net.json";
  ASSERT_TRUE(write_network(*r, json, format::json));
  auto back = read_network(json, opts());
  ASSERT_TRUE(back) << back.err().to_string();
  EXPECT_EQ(write_elements_csv(*back), write_elements_csv(*r));
  EXPECT_EQ(detect_format(json).value(), format::json);
  EXPECT_EQ(detect_format(dir).value(), format::csv);
}

TEST(NetworkJsonErrors, SyntaxErrorHasLineAndColumn) {
  auto r = read_network_json_text("{\n  \"elements\": [\n    {\"id\": \"x\",,}\n  ]\n}\n", "n.json", opts());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().where.line, 3U) << r.err().to_string();
}

TEST(NetworkJsonErrors, FieldErrorsNameTheElement) {
  auto r = read_network_json_text(
      R"({"elements":[{"id":"a","function":"gnb","vendor":"Nokia"},{"id":"b","function":"xx","vendor":"Nokia"},{"id":"c","function":"gnb","vendor":"Nokia","colour":1}],
          "links":[{"a":"a","b":"zz"}]})",
      "n.json", opts());
  ASSERT_FALSE(r);
  const auto& m = r.err().message;
  EXPECT_NE(m.find("elements[1].function"), std::string::npos) << m;
  EXPECT_NE(m.find("elements[2].colour"), std::string::npos) << m;
  EXPECT_NE(m.find("links[0].b"), std::string::npos) << m;
}

}  // namespace
}  // namespace netvet::io
