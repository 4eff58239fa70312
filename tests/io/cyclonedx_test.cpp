// CycloneDX HBOMs in and out (io/cyclonedx.h, issue 14): the bundled example
// read as the README says, CSV -> CycloneDX -> CSV giving the same network
// (the bundled example and a generated one), the writer's determinism and
// serial number, and each refused input with its code and JSON pointer.
#include "netvet/io/cyclonedx.h"

#include <regex>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "netvet/generate/generator.h"
#include "netvet/io/import_report.h"
#include "netvet/io/reader.h"

namespace {

using namespace netvet;
using namespace netvet::io;
using json = nlohmann::json;

const std::string kSource = NETVET_SOURCE_DIR;

bom_options fixed() {
  bom_options o;
  o.timestamp = "2026-01-01T00:00:00Z";
  return o;
}

std::string element_text(const model::network& net, std::string_view id) {
  const auto e = net.find(id);
  return e ? std::string(net.vendor_name(*e)) + "|" + std::string(model::to_string(net.fn(*e))) + "|" +
                 std::string(net.model(*e)) + "|" + std::string(net.site(*e))
           : std::string("absent");
}

std::string attribute(const model::network& net, std::string_view id, std::string_view name) {
  const auto e = net.find(id);
  const auto& names = net.element_attribute_names();
  for (std::size_t a = 0; a < names.size(); ++a) {
    if (names[a] == name && e) {
      return std::string(net.element_attribute(a, *e).view());
    }
  }
  return "<none>";
}

bool linked(const model::network& net, std::string_view x, std::string_view y) {
  for (model::link_index l = 0; l < net.link_count(); ++l) {
    const auto a = net.id(net.link_a(l));
    const auto b = net.id(net.link_b(l));
    if ((a == x && b == y) || (a == y && b == x)) {
      return true;
    }
  }
  return false;
}

TEST(CycloneDx, TheBundledExampleReadsAsItsReadmeSays) {
  const std::string path = kSource + "/examples/hbom/ran-site.cdx.json";
  const auto f = detect_format(path);
  ASSERT_TRUE(f) << f.err().to_string();
  EXPECT_EQ(*f, format::cyclonedx);
  const auto in = import_network(path, std::nullopt, read_options{});
  ASSERT_TRUE(in) << in.err().to_string();
  const model::network& net = in->net;
  EXPECT_EQ(net.element_count(), 5U);
  EXPECT_EQ(element_text(net, "gnb-wlg-017"), "Nokia|gnb|AirScale System Module ASIK|wlg-017");
  EXPECT_EQ(element_text(net, "ru-wlg-017-a"), "Nokia|ru|AirScale Radio Unit AEQE|wlg-017");
  EXPECT_EQ(element_text(net, "csr-wlg-017"), "Cisco|router|NCS 540|wlg-017");              // vendor from supplier
  EXPECT_EQ(element_text(net, "agg-wlg-1"), "Huawei|router|NE40E-X8A|exch-wlg");            // manufacturer
  EXPECT_EQ(element_text(net, "mw-wlg-017"), "Ericsson|microwave|MINI-LINK 6352|wlg-017");  // publisher
  EXPECT_EQ(net.subscribers(*net.find("gnb-wlg-017")), 4200U);
  // nested device with a function: linked to its parent; dependencies between elements: links
  EXPECT_TRUE(linked(net, "gnb-wlg-017", "ru-wlg-017-a"));
  EXPECT_TRUE(linked(net, "gnb-wlg-017", "csr-wlg-017"));
  EXPECT_TRUE(linked(net, "csr-wlg-017", "agg-wlg-1"));
  EXPECT_TRUE(linked(net, "mw-wlg-017", "csr-wlg-017"));
  EXPECT_EQ(net.link_count(), 4U);
  // the rest kept as attributes
  EXPECT_EQ(attribute(net, "gnb-wlg-017", "cdx:components"),
            "AirScale Capacity plug-in card ABIO; 5G RAN software 24R1");
  EXPECT_EQ(attribute(net, "gnb-wlg-017", "cdx:depends_on"), "5G RAN software 24R1");
  EXPECT_EQ(attribute(net, "gnb-wlg-017", "cdx:device:serialNumber"), "NSN-ASIK-0042117");
  EXPECT_EQ(attribute(net, "ru-wlg-017-a", "cdx:device:location"), "sector A mast");
  // what was not mapped, once each
  const auto& notes = in->report.notes;
  ASSERT_EQ(notes.size(), 3U) << ::testing::PrintToString(notes);
  EXPECT_EQ(notes[0], "1 metadata.component (the BOM's subject) is not read as an element");
  EXPECT_EQ(notes[1], "1 top-level components that are not devices (type 'application') are not network elements");
  EXPECT_EQ(notes[2], "1 dependencies of components that are not elements are not read");
}

void expect_round_trip(const model::network& net, const std::string& what) {
  const std::string bom = write_cyclonedx(net, fixed());
  const auto back = read_cyclonedx_text(bom, what + ".cdx.json", read_options{});
  ASSERT_TRUE(back) << what << ": " << back.err().to_string();
  EXPECT_TRUE(back->notes.empty()) << what << ": " << ::testing::PrintToString(back->notes);
  EXPECT_EQ(write_elements_csv(back->net), write_elements_csv(net)) << what;
  EXPECT_EQ(write_links_csv(back->net), write_links_csv(net)) << what;
  // and once more: the BOM of the network read back is the same bytes
  EXPECT_EQ(write_cyclonedx(back->net, fixed()), bom) << what;
}

TEST(CycloneDx, CsvToCycloneDxToCsvGivesTheSameNetwork) {
  const auto spark = read_network(kSource + "/examples/spark-2018/network", read_options{});
  ASSERT_TRUE(spark) << spark.err().to_string();
  expect_round_trip(*spark, "spark-2018");
  for (const bool export_shape : {false, true}) {
    generate::options o;
    o.sites = 300;
    o.seed = 7;
    o.export_attributes = export_shape;
    const auto t = generate::generate_texts(o);
    ASSERT_TRUE(t) << t.err().to_string();
    const auto net = read_network_csv_text(t->elements_csv, t->links_csv, "gen", read_options{});
    ASSERT_TRUE(net) << net.err().to_string();
    ASSERT_GT(net->element_count(), 300U);
    expect_round_trip(*net, export_shape ? "generated-export" : "generated");
  }
}

TEST(CycloneDx, TheWriterIsDeterministicAndNamesItsVendorsLegally) {
  const auto spark = read_network(kSource + "/examples/spark-2018/network", read_options{});
  ASSERT_TRUE(spark);
  const std::string a = write_cyclonedx(*spark, fixed());
  EXPECT_EQ(a, write_cyclonedx(*spark, fixed()));
  const json doc = json::parse(a);
  EXPECT_EQ(doc["specVersion"], "1.6");
  EXPECT_EQ(doc["metadata"]["timestamp"], "2026-01-01T00:00:00Z");
  const std::string serial = doc["serialNumber"];
  EXPECT_TRUE(std::regex_match(
      serial, std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << serial;
  // the serial number names the content, not the time
  bom_options later = fixed();
  later.timestamp = "2030-06-01T12:00:00Z";
  EXPECT_EQ(json::parse(write_cyclonedx(*spark, later))["serialNumber"], serial);
  later.metadata.push_back({"netvet:audit:policy", "nz"});
  EXPECT_NE(json::parse(write_cyclonedx(*spark, later))["serialNumber"], serial);
  // one device per element, its vendor's legal name and home country
  ASSERT_EQ(doc["components"].size(), spark->element_count());
  const json& first = doc["components"][0];
  EXPECT_EQ(first["type"], "device");
  EXPECT_EQ(first["bom-ref"], "element:core-rtr-akl-1");
  EXPECT_EQ(first["manufacturer"]["name"], "Cisco Systems, Inc.");
  bool country = false;
  for (const auto& p : first["properties"]) {
    country = country || (p["name"] == "netvet:vendor_country" && p["value"] == "US");
  }
  EXPECT_TRUE(country) << first.dump();
  // no timestamp when none is given
  EXPECT_FALSE(json::parse(write_cyclonedx(*spark, bom_options{}))["metadata"].contains("timestamp"));
}

TEST(CycloneDx, OutputFormatBySuffix) {
  EXPECT_EQ(output_format_for("/tmp/x.cdx.json"), format::cyclonedx);
  EXPECT_EQ(output_format_for("/tmp/x.json"), format::json);
  EXPECT_EQ(parse_format("cyclonedx"), format::cyclonedx);
}

error refused(const std::string& text, read_options o = {}) {
  const auto r = read_cyclonedx_text(text, "bom.json", o);
  EXPECT_FALSE(r) << text;
  return r ? error{} : r.err();
}

TEST(CycloneDx, BadInputIsAClearError) {
  // not CycloneDX
  auto e = refused(R"({"bomFormat": "SPDX", "specVersion": "1.6"})");
  EXPECT_EQ(e.code, error_code::invalid_input);
  EXPECT_EQ(e.where.field, "/bomFormat");
  EXPECT_NE(e.message.find("not a CycloneDX BOM"), std::string::npos) << e.message;
  e = refused(R"([1, 2])");
  EXPECT_EQ(e.code, error_code::invalid_input);
  // unsupported spec version
  e = refused(R"({"bomFormat": "CycloneDX", "specVersion": "1.4", "components": []})");
  EXPECT_EQ(e.code, error_code::unsupported);
  EXPECT_EQ(e.where.field, "/specVersion");
  EXPECT_EQ(e.to_string(),
            "bom.json: field '/specVersion': CycloneDX specVersion \"1.4\" is not supported: netvet "
            "reads 1.5 and 1.6");
  // a device with no manufacturer, supplier nor publisher
  e = refused(R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
      {"type": "device", "bom-ref": "a", "name": "X", "manufacturer": {"name": "Nokia"}},
      {"type": "device", "bom-ref": "b", "name": "Mystery box"}]})");
  EXPECT_EQ(e.code, error_code::invalid_input);
  EXPECT_EQ(e.where.field, "/components/1/manufacturer");
  EXPECT_NE(e.message.find("Mystery box"), std::string::npos) << e.message;
  // a bom-ref used twice (in a nested component too)
  e = refused(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "device", "bom-ref": "a", "name": "X", "manufacturer": {"name": "Nokia"},
       "components": [{"type": "firmware", "bom-ref": "a", "name": "fw"}]}]})");
  EXPECT_EQ(e.code, error_code::invalid_input);
  EXPECT_EQ(e.where.field, "/components/0/components/0/bom-ref");
  EXPECT_NE(e.message.find("used twice (first at /components/0)"), std::string::npos) << e.message;
  // too large: refused before parsing
  read_options small;
  small.max_bom_bytes = 64;
  e = refused(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [], "padding": "0123456789"})", small);
  EXPECT_EQ(e.code, error_code::limit_exceeded);
  EXPECT_EQ(e.where.file, "bom.json");
  // bad netvet values name the property
  e = refused(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "device", "name": "X", "manufacturer": {"name": "Nokia"},
       "properties": [{"name": "netvet:function", "value": "gnb"}, {"name": "netvet:lat", "value": "200"}]}]})");
  EXPECT_EQ(e.where.field, "/components/0/properties/1/value");
}

TEST(CycloneDx, AnEmptyBomIsAnEmptyNetwork) {
  const auto r = read_cyclonedx_text(R"({"bomFormat": "CycloneDX", "specVersion": "1.6"})", "b.json", read_options{});
  ASSERT_TRUE(r) << r.err().to_string();
  EXPECT_EQ(r->net.element_count(), 0U);
}

}  // namespace
