// NetBox dumpdata and REST API page readers, and the role map.
//
// Expected numbers for the sample were computed independently with Python
// over tests/data/netbox-sample/netbox-demo-v3.6-branch-sample.json:
// 28 devices (Cisco 14, APC 7, Panduit 7; roles router 7, access-switch 7,
// pdu 7, patch-panel 7; 7 unnamed patch panels), 42 cables of which 14 join
// two device interfaces (router-switch, 2 per site), 14 are power cables and
// 14 join a router to a circuit whose other end is a provider network.
#include "netvet/io/netbox.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "netvet/io/import_report.h"
#include "netvet/io/netbox_roles.h"
#include "netvet/io/reader.h"
#include "support/temp_dir.h"

namespace netvet::io {
namespace {

using model::function;
using testing::spit;
using testing::temp_dir;

const std::string kData = std::string(NETVET_SOURCE_DIR) + "/tests/data";
const std::string kDump = kData + "/netbox-sample/netbox-demo-v3.6-branch-sample.json";
const std::string kApi = kData + "/netbox-api";

// The value of attribute `name` (one of `names`), or a note that there is none.
std::string named_value(const std::vector<std::string>& names, std::string_view name,
                        const std::function<model::attribute_text(std::size_t)>& value_of) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? "<no attribute " + std::string(name) + ">"
                           : std::string(value_of(static_cast<std::size_t>(it - names.begin())).view());
}

std::string attr(const model::network& n, std::string_view name, model::element_index e) {
  return named_value(n.element_attribute_names(), name, [&](std::size_t i) { return n.element_attribute(i, e); });
}

std::string link_attr(const model::network& n, std::string_view name, model::link_index l) {
  return named_value(n.link_attribute_names(), name, [&](std::size_t i) { return n.link_attribute(i, l); });
}

model::element_index must_find(const model::network& n, std::string_view id) {
  const auto e = n.find(id);
  EXPECT_TRUE(e.has_value()) << "no element " << id;
  return e.value_or(0);
}

// Writes `text` to `name` in the test's folder; returns its path.
std::string write_in(const temp_dir& dir, const std::string& name, const std::string& text) {
  spit(dir / name, text);
  return dir / name;
}

// Unordered device pairs of every link, with their cable id.
std::multiset<std::string> link_set(const model::network& n) {
  std::multiset<std::string> out;
  for (model::link_index l = 0; l < n.link_count(); ++l) {
    std::string a(n.id(n.link_a(l)));
    std::string b(n.id(n.link_b(l)));
    if (b < a) {
      std::swap(a, b);
    }
    out.insert(a + "|" + b + "|" + link_attr(n, "cable_id", l) + "|" + std::string(model::to_string(n.medium(l))));
  }
  return out;
}

TEST(NetBoxDump, SampleCountsMatchAnIndependentCount) {
  auto r = import_netbox_dump(kDump, read_options{});
  ASSERT_TRUE(r) << r.err().to_string();
  const auto& n = r->net;
  EXPECT_EQ(n.element_count(), 28U);
  EXPECT_EQ(n.link_count(), 14U);
  EXPECT_EQ(r->stats.devices, 28U);
  EXPECT_EQ(r->stats.cables, 42U);
  EXPECT_EQ(r->stats.cable_links, 14U);
  EXPECT_EQ(r->stats.power_cables, 14U);
  EXPECT_EQ(r->stats.circuit_links, 0U);
  EXPECT_EQ(r->stats.circuits_open, 14U);  // every circuit ends on a provider network
  EXPECT_EQ(r->stats.self_pairs, 0U);
  EXPECT_EQ(r->stats.renamed_devices, 7U);  // the unnamed patch panels
  EXPECT_EQ(r->stats.pages, 0U);
}

using figures = std::vector<std::pair<std::string, std::size_t>>;

// Cables read, linked, links they gave, not linked, then each reason left.
figures cable_figures(const import_report& report) {
  figures out;
  if (report.cables) {
    const cable_report& c = *report.cables;
    out = {{"cables", c.cables}, {"linked", c.linked}, {"links", c.links}, {"not_linked", c.not_linked()}};
    for (const auto& u : c.unlinked) {
      out.emplace_back(std::string(u.reason), u.cables);
    }
  }
  return out;
}

// Every circuit of the sample ends on a provider network.
const figures kSampleCables = {{"cables", 42},     {"linked", 14}, {"links", 14},
                               {"not_linked", 28}, {"power", 14},  {"circuit_open", 14}};

// Every cable is reported: it became a link, or it did not for a reason
// (issue class 7: power cables and open circuits were counted, never said).
TEST(NetBoxImportReport, EveryCableIsLinkedOrNotForAReason) {
  auto dump = import_network(kDump, std::nullopt, read_options{});
  ASSERT_TRUE(dump) << dump.err().to_string();
  EXPECT_EQ(dump->report.source, format::netbox_dump);
  EXPECT_EQ(cable_figures(dump->report), kSampleCables);
  auto api = import_network(kApi, std::nullopt, read_options{});
  ASSERT_TRUE(api) << api.err().to_string();
  EXPECT_EQ(api->report.source, format::netbox_api);
  EXPECT_EQ(cable_figures(api->report), kSampleCables);
  const auto st = import_netbox_dump(kDump, read_options{});
  ASSERT_TRUE(st);
  const auto& s = st->stats;
  EXPECT_EQ(s.linked_cables + s.circuit_linked_cables + s.power_cables + s.console_cables + s.circuit_open_cables +
                s.non_device_cables + s.open_cables + s.self_cables,
            s.cables);
  auto graphml =
      import_network(NETVET_SOURCE_DIR "/tests/data/topology-zoo/Abilene.graphml", std::nullopt, read_options{});
  ASSERT_TRUE(graphml) << graphml.err().to_string();
  EXPECT_FALSE(graphml->report.cables.has_value());  // no cables in GraphML
}

TEST(NetBoxDump, VendorsResolveThroughTheCatalogue) {
  auto r = read_netbox_dump(kDump, read_options{});
  ASSERT_TRUE(r) << r.err().to_string();
  const auto& n = *r;
  EXPECT_EQ(n.vendors().size(), 3U);
  for (const auto& v : n.vendors()) {
    EXPECT_TRUE(v.known()) << v.name;
  }
  const auto rtr = must_find(n, "dmi01-akron-rtr01");
  EXPECT_EQ(n.vendor_name(rtr), "Cisco");
  EXPECT_EQ(n.model(rtr), "ISR 1111-8P");
  EXPECT_EQ(n.vendor_name(must_find(n, "dmi01-nashua-pdu01")), "APC");
  EXPECT_EQ(n.vendor_name(must_find(n, "device-74")), "Panduit");
  std::map<std::string, int> by_vendor;
  for (model::element_index e = 0; e < n.element_count(); ++e) {
    ++by_vendor[std::string(n.vendor_name(e))];
  }
  EXPECT_EQ(by_vendor, (std::map<std::string, int>{{"APC", 7}, {"Cisco", 14}, {"Panduit", 7}}));
}

TEST(NetBoxDump, RolesSitesRegionsAndAttributes) {
  auto r = read_netbox_dump(kDump, read_options{});
  ASSERT_TRUE(r) << r.err().to_string();
  const auto& n = *r;
  const auto rtr = must_find(n, "dmi01-akron-rtr01");
  const auto sw = must_find(n, "dmi01-albany-sw01");
  const auto pdu = must_find(n, "dmi01-camden-pdu01");
  const auto pp = must_find(n, "device-80");
  EXPECT_EQ(n.fn(rtr), function::router);
  EXPECT_EQ(n.fn(sw), function::switch_);
  EXPECT_EQ(n.fn(pdu), function::nfvi);
  EXPECT_EQ(n.fn(pp), function::optical);
  EXPECT_EQ(attr(n, "role", sw), "access-switch");
  EXPECT_EQ(attr(n, "netbox_id", rtr), "1");
  EXPECT_EQ(attr(n, "netbox_id", pp), "80");
  EXPECT_EQ(attr(n, "netbox_name", pp), "");
  EXPECT_EQ(n.site(rtr), "DM-Akron");
  EXPECT_EQ(n.region(rtr), "Ohio");
  EXPECT_EQ(n.region(sw), "New York");
  EXPECT_EQ(n.site(pp), "DM-Pittsfield");
  EXPECT_EQ(n.region(pp), "Massachusetts");
  EXPECT_EQ(n.status(rtr), model::element_status::active);
  std::map<std::string, int> regions;
  for (model::element_index e = 0; e < n.element_count(); ++e) {
    ++regions[std::string(n.region(e))];
  }
  EXPECT_EQ(regions,
            (std::map<std::string, int>{
                {"Massachusetts", 4}, {"New Hampshire", 4}, {"New Jersey", 4}, {"New York", 12}, {"Ohio", 4}}));
}

TEST(NetBoxDump, LinksJoinEachBranchRouterToItsSwitch) {
  auto r = read_netbox_dump(kDump, read_options{});
  ASSERT_TRUE(r) << r.err().to_string();
  const auto& n = *r;
  std::map<std::string, int> per_site;
  for (model::link_index l = 0; l < n.link_count(); ++l) {
    const auto a = n.link_a(l);
    const auto b = n.link_b(l);
    EXPECT_EQ(n.fn(a), function::router);
    EXPECT_EQ(n.fn(b), function::switch_);
    EXPECT_EQ(n.site(a), n.site(b));
    EXPECT_EQ(n.medium(l), model::link_medium::copper);
    EXPECT_EQ(link_attr(n, "cable_type", l), "cat5e");
    EXPECT_EQ(link_attr(n, "cable_status", l), "connected");
    ++per_site[std::string(n.site(a))];
  }
  EXPECT_EQ(per_site.size(), 7U);
  for (const auto& [site, count] : per_site) {
    EXPECT_EQ(count, 2) << site;
  }
  EXPECT_EQ(link_attr(n, "cable_id", 0), "35");
}

TEST(NetBoxApi, PagesGiveTheSameNetworkAsTheDump) {
  auto dump = read_netbox_dump(kDump, read_options{});
  ASSERT_TRUE(dump) << dump.err().to_string();
  auto api = import_netbox_api(kApi, read_options{});
  ASSERT_TRUE(api) << api.err().to_string();
  const auto& a = api->net;
  const auto& d = *dump;
  EXPECT_EQ(api->stats.pages, 8U);  // 3 device pages + 5 cable pages
  ASSERT_EQ(a.element_count(), d.element_count());
  for (model::element_index e = 0; e < d.element_count(); ++e) {
    const auto id = d.id(e);
    const auto ae = a.find(id);
    ASSERT_TRUE(ae) << id;
    EXPECT_EQ(a.fn(*ae), d.fn(e)) << id;
    EXPECT_EQ(a.vendor_name(*ae), d.vendor_name(e)) << id;
    EXPECT_EQ(a.model(*ae), d.model(e)) << id;
    EXPECT_EQ(a.site(*ae), d.site(e)) << id;
    EXPECT_EQ(a.status(*ae), d.status(e)) << id;
    EXPECT_EQ(attr(a, "netbox_id", *ae), attr(d, "netbox_id", e)) << id;
    EXPECT_EQ(a.region(*ae), "") << "the API's brief site has no region";
  }
  EXPECT_EQ(link_set(a), link_set(d));
  EXPECT_EQ(api->stats.power_cables, 14U);
  EXPECT_EQ(api->stats.circuits_open, 14U);
}

TEST(NetBoxApi, DetectedFromTheFolder) {
  auto f = detect_format(kApi);
  ASSERT_TRUE(f);
  EXPECT_EQ(*f, format::netbox_api);
  auto n = read_network(kApi, read_options{});
  ASSERT_TRUE(n) << n.err().to_string();
  EXPECT_EQ(n->link_count(), 14U);
}

TEST(NetBoxApi, OnePageOfSeveralIsAnError) {
  auto r = read_netbox_api(kApi + "/devices-page1.json", read_options{});
  ASSERT_FALSE(r);
  const std::string msg = r.err().to_string();
  EXPECT_NE(msg.find("devices: count says 28, pages hold 10"), std::string::npos) << msg;
  EXPECT_NE(msg.find("next=https://netbox.example.com/api/dcim/devices/?limit=10&offset=10"), std::string::npos) << msg;
}

TEST(NetBoxApi, MissingMiddlePageIsNamed) {
  const temp_dir s;
  for (const auto& e : std::filesystem::directory_iterator(kApi)) {
    const auto name = e.path().filename().string();
    if (e.path().extension() == ".json" && name != "cables-page3.json") {
      std::filesystem::copy_file(e.path(), s / name);
    }
  }
  auto r = read_netbox_api(s.path(), read_options{});
  ASSERT_FALSE(r);
  const std::string msg = r.err().to_string();
  EXPECT_NE(msg.find("cables: count says 42, pages hold 32"), std::string::npos) << msg;
  EXPECT_NE(msg.find("offset=20)"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("devices:"), std::string::npos) << msg;
}

// A small dump in the pre-3.6 / pre-3.3 shapes, with a circuit joining two
// devices, a self-pair cable and a name used twice.
const std::string kOldDump = R"([
{"model":"dcim.manufacturer","pk":1,"fields":{"name":"Juniper Networks","slug":"juniper"}},
{"model":"dcim.manufacturer","pk":2,"fields":{"name":"Huawei","slug":"huawei"}},
{"model":"dcim.devicetype","pk":1,"fields":{"manufacturer":1,"model":"MX204"}},
{"model":"dcim.devicetype","pk":2,"fields":{"manufacturer":2,"model":"NE40E"}},
{"model":"dcim.devicerole","pk":1,"fields":{"name":"Core Router","slug":"core-rtr"}},
{"model":"dcim.devicerole","pk":2,"fields":{"name":"Widget","slug":"widget"}},
{"model":"dcim.region","pk":1,"fields":{"name":"Auckland","parent":null}},
{"model":"dcim.site","pk":1,"fields":{"name":"AKL","region":1,"latitude":"-36.8485","longitude":"174.7633"}},
{"model":"dcim.device","pk":10,"fields":{"name":"edge1","device_type":1,"device_role":1,"site":1,"status":"active","serial":"SN1","asset_tag":null}},
{"model":"dcim.device","pk":11,"fields":{"name":"edge1","device_type":2,"device_role":1,"site":1,"status":"planned","serial":"","asset_tag":"T-11"}},
{"model":"dcim.device","pk":12,"fields":{"name":"core","device_type":2,"device_role":2,"site":1,"status":"active","serial":"","asset_tag":null}},
{"model":"dcim.interface","pk":100,"fields":{"device":10,"name":"xe-0/0/0"}},
{"model":"dcim.interface","pk":101,"fields":{"device":11,"name":"ge0"}},
{"model":"dcim.interface","pk":102,"fields":{"device":12,"name":"ge0"}},
{"model":"dcim.interface","pk":103,"fields":{"device":12,"name":"ge1"}},
{"model":"dcim.interface","pk":104,"fields":{"device":10,"name":"xe-0/0/1"}},
{"model":"circuits.circuit","pk":7,"fields":{"cid":"WAN-7","status":"active"}},
{"model":"circuits.circuittermination","pk":70,"fields":{"circuit":7,"term_side":"A"}},
{"model":"circuits.circuittermination","pk":71,"fields":{"circuit":7,"term_side":"Z"}},
{"model":"dcim.cable","pk":1,"fields":{"type":"smf-os2","status":"connected","label":"L1","termination_a_type":["dcim","interface"],"termination_a_id":100,"termination_b_type":["dcim","interface"],"termination_b_id":102}},
{"model":"dcim.cable","pk":2,"fields":{"type":"cat6","status":"planned","label":"","termination_a_type":["dcim","interface"],"termination_a_id":102,"termination_b_type":["dcim","interface"],"termination_b_id":103}},
{"model":"dcim.cable","pk":3,"fields":{"type":"smf","status":"connected","label":"","termination_a_type":["dcim","interface"],"termination_a_id":101,"termination_b_type":["circuits","circuittermination"],"termination_b_id":70}},
{"model":"dcim.cable","pk":4,"fields":{"type":"smf","status":"connected","label":"","termination_a_type":["circuits","circuittermination"],"termination_a_id":71,"termination_b_type":["dcim","interface"],"termination_b_id":104}}
])";

TEST(NetBoxDump, UnknownRoleIsAnErrorNamingTheRoleAndFile) {
  auto r = import_netbox_dump_text(kOldDump, "old.json", read_options{});
  ASSERT_FALSE(r);
  const std::string msg = r.err().to_string();
  EXPECT_NE(msg.find("'widget'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("old.json"), std::string::npos) << msg;
  EXPECT_NE(msg.find("core"), std::string::npos) << msg;  // the device that has it
  EXPECT_EQ(r.err().code, error_code::invalid_input);
}

TEST(NetBoxDump, UserRoleMapOverridesAndOlderShapesWork) {
  const temp_dir s;
  read_options o;
  o.role_map_path = write_in(s, "roles.csv", "role,function\nWidget,firewall\ncore-rtr,pe\n");
  auto bad = import_netbox_dump_text(kOldDump, "old.json", o);
  ASSERT_FALSE(bad);  // "pe" is not a function
  EXPECT_EQ(bad.err().where.line, 3U) << bad.err().to_string();
  EXPECT_EQ(bad.err().where.field, "function");
  EXPECT_EQ(bad.err().where.file, o.role_map_path);

  o.role_map_path = write_in(s, "roles.csv", "role,function\nWidget,firewall\nCORE ROUTER,optical\n");
  auto r = import_netbox_dump_text(kOldDump, "old.json", o);
  ASSERT_TRUE(r) << r.err().to_string();
  const auto& n = r->net;
  ASSERT_EQ(n.element_count(), 3U);
  // "edge1" is used twice: both become device-<pk>, the name is kept.
  const auto e10 = must_find(n, "device-10");
  const auto e11 = must_find(n, "device-11");
  const auto core = must_find(n, "core");
  EXPECT_EQ(r->stats.renamed_devices, 2U);
  EXPECT_EQ(attr(n, "netbox_name", e10), "edge1");
  EXPECT_EQ(n.fn(core), function::firewall);  // user map, matched on the name
  EXPECT_EQ(n.fn(e10), function::optical);    // user map beats nothing; matched on the name "Core Router"
  EXPECT_EQ(n.vendor_name(e10), "Juniper");
  EXPECT_EQ(n.status(e11), model::element_status::planned);
  EXPECT_EQ(attr(n, "serial", e10), "SN1");
  EXPECT_EQ(attr(n, "asset_tag", e11), "T-11");
  EXPECT_EQ(n.region(core), "Auckland");
  EXPECT_DOUBLE_EQ(n.lat(core), -36.8485);
  EXPECT_DOUBLE_EQ(n.lon(core), 174.7633);
  // Cable 1: a link; cable 2: both ends on "core" (self-pair); circuit WAN-7
  // joins device-11 and device-10 through cables 3 and 4.
  EXPECT_EQ(r->stats.self_pairs, 1U);
  EXPECT_EQ(r->stats.cable_links, 1U);
  EXPECT_EQ(r->stats.circuit_links, 1U);
  EXPECT_EQ(r->stats.linked_cables, 1U);          // cable 1
  EXPECT_EQ(r->stats.self_cables, 1U);            // cable 2
  EXPECT_EQ(r->stats.circuit_linked_cables, 2U);  // cables 3 and 4
  ASSERT_EQ(n.link_count(), 2U);
  EXPECT_EQ(n.link_a(0), e10);
  EXPECT_EQ(n.link_b(0), core);
  EXPECT_EQ(n.medium(0), model::link_medium::fiber);
  EXPECT_EQ(link_attr(n, "cable_label", 0), "L1");
  EXPECT_EQ(n.link_a(1), e11);
  EXPECT_EQ(n.link_b(1), e10);
  EXPECT_EQ(n.medium(1), model::link_medium::virtual_);
  EXPECT_EQ(link_attr(n, "circuit", 1), "WAN-7");
}

TEST(NetBoxDump, UnknownStatusAndDanglingInterfaceAreLocatedErrors) {
  const std::string text = R"([
{"model":"dcim.manufacturer","pk":1,"fields":{"name":"Cisco"}},
{"model":"dcim.devicetype","pk":1,"fields":{"manufacturer":1,"model":"ASR"}},
{"model":"dcim.devicerole","pk":1,"fields":{"name":"Router","slug":"router"}},
{"model":"dcim.device","pk":1,"fields":{"name":"r1","device_type":1,"role":1,"status":"on-fire"}},
{"model":"dcim.cable","pk":9,"fields":{"type":"","status":"connected"}},
{"model":"dcim.cabletermination","pk":1,"fields":{"cable":9,"cable_end":"A","termination_type":["dcim","interface"],"termination_id":5}}
])";
  auto r = import_netbox_dump_text(text, "s.json", read_options{});
  ASSERT_FALSE(r);
  const std::string msg = r.err().to_string();
  EXPECT_NE(msg.find("interface 5 is not in the file"), std::string::npos) << msg;
  auto r2 = import_netbox_dump_text(text.substr(0, text.find(",\n{\"model\":\"dcim.cable\"")) + "\n]", "s.json",
                                    read_options{});
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.err().to_string().find("unknown status 'on-fire'"), std::string::npos) << r2.err().to_string();
}

TEST(NetBoxDump, SyntaxErrorHasALine) {
  auto r = import_netbox_dump_text("[\n{\"model\": \"dcim.device\",\n \"pk\": 1 \"fields\": {}}\n]", "bad.json",
                                   read_options{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().where.file, "bad.json");
  EXPECT_EQ(r.err().where.line, 3U) << r.err().to_string();
}

TEST(NetBoxRoleMap, DefaultsCoverTheDemoRolesAndFunctionWords) {
  const auto& m = netbox_role_map::builtin();
  EXPECT_EQ(m.lookup("router", "Router"), function::router);
  EXPECT_EQ(m.lookup("access-switch", "Access Switch"), function::switch_);
  EXPECT_EQ(m.lookup("", "Access Switch"), function::switch_);  // by name
  EXPECT_EQ(m.lookup("pdu", "PDU"), function::nfvi);
  EXPECT_EQ(m.lookup("patch-panel", "Patch Panel"), function::optical);
  EXPECT_EQ(m.lookup("console-server", ""), function::nms);
  EXPECT_EQ(m.lookup("spine", ""), function::switch_);
  // The NetBox demo data's own roles (issue class 7).
  EXPECT_EQ(m.lookup("tor-switch", "ToR Switch"), function::switch_);
  EXPECT_EQ(m.lookup("", "ToR Switch"), function::switch_);  // by name
  EXPECT_EQ(m.lookup("application-server", "Application Server"), function::nfvi);
  EXPECT_EQ(m.lookup("", "Application Server"), function::nfvi);
  EXPECT_EQ(m.lookup("pe", ""), function::router);
  EXPECT_EQ(m.lookup("olt", "OLT"), function::olt);
  EXPECT_EQ(m.lookup("gnb", ""), function::gnb);  // a function word maps to itself
  EXPECT_FALSE(m.lookup("widget", "Widget"));
  EXPECT_EQ(netbox_role_map::role_key(" Core_Router "), "core-router");
  for (const auto& e : netbox_role_map::builtin_entries()) {
    EXPECT_EQ(netbox_role_map::role_key(e.role), e.role) << "default keys are role keys";
  }
}

TEST(NetBoxRoleMap, UserFileErrors) {
  auto dup = netbox_role_map::from_csv_text("role,function\npdu,switch\nPDU,router\n", "m.csv");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.err().where.line, 3U);
  EXPECT_NE(dup.err().message.find("mapped twice"), std::string::npos);
  auto typo = netbox_role_map::from_csv_text("role,function\npdu,swich\n", "m.csv");
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.err().message.find("did you mean 'switch'"), std::string::npos) << typo.err().message;
  auto no_header = netbox_role_map::from_csv_text("pdu,switch\n", "m.csv");
  ASSERT_FALSE(no_header);
  auto ok = netbox_role_map::from_csv_text("role,function\npdu,switch\n", "m.csv");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->lookup("pdu", "PDU"), function::switch_);       // overrides the default
  EXPECT_EQ(ok->lookup("router", "Router"), function::router);  // defaults still apply
}

}  // namespace
}  // namespace netvet::io
