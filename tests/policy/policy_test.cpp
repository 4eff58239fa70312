// Tests for policy packs, proposals, assessment and audit (docs/policy-packs.md).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "netvet/io/reader.h"
#include "netvet/policy/assess.h"
#include "netvet/policy/loader.h"
#include "netvet/policy/proposal.h"
#include "netvet/policy/report.h"
#include "support/temp_dir.h"

namespace netvet::policy {
namespace {

const model::vendor_catalog& cat() { return model::vendor_catalog::builtin(); }

date d(const char* s) { return *parse_date(s); }

result<pack> parse(const std::string& yaml, const pack_lookup& parents = {}) {
  return parse_pack(yaml, "test.yaml", cat(), parents);
}

std::string header(const std::string& id = "t") {
  return "netvet_policy: 1\nid: " + id + "\nname: Test\njurisdiction: ZZ\n";
}

constexpr const char* kSource =
    "    source: {instrument: Test Act, section: s1, date: 2020-01-01, url: https://example.org}\n";

std::string rule(const std::string& id, const std::string& body) {
  return "  - id: " + id + "\n    title: " + id + "\n    text: because\n    confidence: C\n" + kSource + body;
}

model::network net_from(const std::string& elements, const std::string& links = "a,b\n") {
  io::read_options ro;
  auto n = io::read_network_csv_text(elements, links, "net", ro);
  EXPECT_TRUE(n.has_value()) << (n ? "" : n.err().to_string());
  return std::move(n).value();
}

proposal prop_from(const std::string& yaml) {
  auto p = parse_proposal(yaml, "p.yaml", cat());
  EXPECT_TRUE(p.has_value()) << (p ? "" : p.err().to_string());
  return std::move(p).value();
}

assessment run(const pack& pk, const model::network* net, const proposal& pr, const char* as_of) {
  std::unique_ptr<network_index> idx;
  if (net != nullptr) {
    idx = std::make_unique<network_index>(*net, cat());
  }
  const auto removed = check_against(pr, net);
  EXPECT_TRUE(removed.has_value()) << (removed ? "" : removed.err().to_string());
  const evaluator ev(pk, idx.get());
  assessment_options opt;
  opt.as_of = d(as_of);
  return ev.assess(pr, removed.value(), opt);
}

// ---------------------------------------------------------------- pack format

TEST(PackFormat, ParsesEveryEffect) {
  const auto p = parse(
      header() + "designations:\n  - id: hrv\n    title: H\n    vendors: [Huawei]\n    confidence: C\n" + kSource +
      "rules:\n" +
      rule("r-prohibit",
           "    effect: prohibit\n    from: 2020-01-01\n    covers: {designations: [hrv], categories: [CORE]}\n") +
      rule("r-notify", "    effect: notify\n    from: 2020-01-01\n    covers: {categories: [CORE]}\n") +
      rule("r-cap",
           "    effect: cap\n    from: 2020-01-01\n    covers: {designations: [hrv], categories: [RAN]}\n"
           "    cap: {max_percent: 35, count: sites}\n") +
      rule("r-remove",
           "    effect: remove\n    from: 2020-01-01\n    covers: {vendors: [ZTE]}\n"
           "    milestones:\n      - {by: 2023-12-31, title: core, categories: [CORE]}\n"
           "      - {by: 2021-01-01, title: first}\n") +
      rule("r-allow",
           "    effect: allow\n    from: 2020-01-01\n    covers: {designations: [hrv], categories: [TRANS]}\n"
           "    conditions: [no remote access]\n"));
  ASSERT_TRUE(p.has_value()) << p.err().to_string();
  ASSERT_EQ(p->rules.size(), 5U);
  EXPECT_EQ(p->rules[0].eff, effect::prohibit);
  EXPECT_EQ(p->rules[0].severity, decision::significant_risk);
  EXPECT_EQ(p->rules[2].cap->max_basis_points, 3500);
  EXPECT_EQ(p->rules[2].cap->basis, count_basis::sites);
  ASSERT_EQ(p->rules[3].milestones.size(), 2U);
  EXPECT_EQ(p->rules[3].milestones[0].by, d("2021-01-01"));  // sorted by date
  EXPECT_TRUE(p->rules[0].covers.matches_part(model::function::amf));
  EXPECT_FALSE(p->rules[0].covers.matches_part(model::function::gnb));
  EXPECT_EQ(p->rules[4].conditions.size(), 1U);
}

TEST(PackFormat, MalformedYamlNamesLine) {
  const auto p = parse(header() + "rules:\n  - id: x\n    title: [unclosed\n");
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.err().code, error_code::policy_error);
  EXPECT_NE(p.err().to_string().find("test.yaml:"), std::string::npos);
  EXPECT_NE(p.err().message.find("malformed YAML"), std::string::npos);
}

TEST(PackFormat, UnknownKeyNamesLineAndKey) {
  const auto p =
      parse(header() + "rules:\n" + rule("r", "    effect: prohibit\n    from: 2020-01-01\n    coverz: {}\n"));
  ASSERT_FALSE(p.has_value());
  const std::string s = p.err().to_string();
  EXPECT_NE(s.find("test.yaml:13:5:"), std::string::npos) << s;
  EXPECT_NE(s.find("unknown key 'coverz'"), std::string::npos) << s;
  EXPECT_NE(s.find("did you mean 'covers'"), std::string::npos) << s;
}

TEST(PackFormat, UnknownFunctionCategoryVendorDesignation) {
  const auto p = parse(
      header() + "rules:\n" +
      rule("r",
           "    effect: prohibit\n    from: 2020-01-01\n"
           "    covers: {vendors: [Huawai Inc], designations: [nope], functions: [gnodeb], categories: [EDGE]}\n"));
  ASSERT_FALSE(p.has_value());
  const std::string s = p.err().message;
  EXPECT_NE(s.find("unknown function 'gnodeb'"), std::string::npos) << s;
  EXPECT_NE(s.find("unknown asset category 'EDGE'"), std::string::npos) << s;
  EXPECT_NE(s.find("unknown vendor 'Huawai Inc'"), std::string::npos) << s;
  EXPECT_NE(s.find("unknown designation 'nope'"), std::string::npos) << s;
}

TEST(PackFormat, UnparsableDateNamesKey) {
  const auto p = parse(header() + "rules:\n" + rule("r", "    effect: notify\n    from: 2020-13-45\n"));
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.err().message.find("'from': cannot parse date '2020-13-45'"), std::string::npos) << p.err().message;
}

TEST(PackFormat, OverlappingRulesAreAnError) {
  const auto p = parse(
      header() + "rules:\n" +
      rule("a",
           "    effect: prohibit\n    from: 2020-01-01\n    covers: {vendors: [Huawei], categories: [CORE, RAN]}\n") +
      rule("b", "    effect: prohibit\n    from: 2021-01-01\n    covers: {vendors: [Huawei], functions: [amf]}\n"));
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.err().message.find("overlapping rules: 'b'"), std::string::npos) << p.err().message;
}

TEST(PackFormat, DisjointDatesOrPartsDoNotOverlap) {
  const auto p = parse(
      header() + "rules:\n" +
      rule("a",
           "    effect: prohibit\n    from: 2020-01-01\n    until: 2020-12-31\n    covers: {vendors: [Huawei]}\n") +
      rule("b", "    effect: prohibit\n    from: 2021-01-01\n    covers: {vendors: [Huawei], categories: [CORE]}\n") +
      rule("c", "    effect: prohibit\n    from: 2021-01-01\n    covers: {vendors: [Huawei], categories: [RAN]}\n") +
      rule("d", "    effect: prohibit\n    from: 2021-01-01\n    covers: {vendors: [ZTE], categories: [RAN]}\n"));
  EXPECT_TRUE(p.has_value()) << p.err().to_string();
}

TEST(PackFormat, DeclaredOverlapIsAllowed) {
  const auto p = parse(
      header() + "rules:\n" +
      rule("a", "    effect: prohibit\n    from: 2020-01-01\n    covers: {vendors: [Huawei]}\n") +
      rule("b", "    effect: prohibit\n    from: 2020-01-01\n    overlaps: [a]\n    covers: {vendors: [Huawei]}\n"));
  EXPECT_TRUE(p.has_value()) << p.err().to_string();
}

TEST(PackFormat, ContradictoryRulesAreAnError) {
  const auto p = parse(
      header() + "rules:\n" +
      rule("ban", "    effect: prohibit\n    from: 2020-01-01\n    covers: {vendors: [Huawei], categories: [RAN]}\n") +
      rule("ok",
           "    effect: allow\n    from: 2020-06-01\n    conditions: [x]\n    covers: {vendors: [Huawei], functions: "
           "[gnb]}\n"));
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.err().message.find("contradictory rules: 'ok'"), std::string::npos) << p.err().message;
}

TEST(PackFormat, PartlyConfirmedRuleMustSaySo) {
  auto body = rule("r", "    effect: notify\n    from: 2020-01-01\n");
  body.replace(body.find("confidence: C"), 13, "confidence: P");
  const auto p = parse(header() + "rules:\n" + body);
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.err().message.find("must say so with '[P]'"), std::string::npos);
}

TEST(PackFormat, MissingSourceAndUnknownEffect) {
  const auto p =
      parse(header() +
            "rules:\n  - id: r\n    title: r\n    text: t\n    confidence: C\n    effect: ban\n    from: 2020-01-01\n");
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.err().message.find("missing key 'source'"), std::string::npos);
  EXPECT_NE(p.err().message.find("unknown effect 'ban'"), std::string::npos);
}

TEST(PackFormat, WrongVersionIsAnError) {
  const auto p = parse("netvet_policy: 2\nid: t\nname: T\njurisdiction: ZZ\n");
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.err().message.find("version 2 is not supported"), std::string::npos);
}

TEST(PackInheritance, ChildGetsAndReplacesParentRules) {
  const auto parent = parse(
      header("base") + "designations:\n  - id: hrv\n    title: H\n    vendors: [Huawei, ZTE]\n    confidence: C\n" +
      kSource + "rules:\n" +
      rule("base-1",
           "    effect: prohibit\n    severity: risk_to_address\n    from: 2020-01-01\n    covers: {designations: "
           "[hrv], categories: [CORE]}\n") +
      rule("base-2", "    effect: notify\n    from: 2020-01-01\n"));
  ASSERT_TRUE(parent.has_value()) << parent.err().to_string();
  const pack_lookup lookup = [&](std::string_view id) { return id == "base" ? &*parent : nullptr; };
  const auto child = parse(
      header("child") + "extends: base\nrules:\n" + rule("base-2", "    effect: notify\n    from: 2022-01-01\n") +
          rule("child-1",
               "    effect: prohibit\n    from: 2021-01-01\n    covers: {designations: [hrv], categories: [RAN]}\n"),
      lookup);
  ASSERT_TRUE(child.has_value()) << child.err().to_string();
  ASSERT_EQ(child->rules.size(), 3U);
  EXPECT_EQ(child->rules[0].id, "base-1");
  EXPECT_EQ(child->rules[0].origin_pack, "base");
  EXPECT_EQ(child->rules[1].dates.from, d("2022-01-01"));  // replaced
  EXPECT_EQ(child->rules[2].covers.vendors.size(), 2U);    // inherited designation
  const auto orphan = parse(header("x") + "extends: nowhere\n", lookup);
  ASSERT_FALSE(orphan.has_value());
  EXPECT_NE(orphan.err().message.find("unknown pack 'nowhere'"), std::string::npos);
}

TEST(PackLibrary, ShippedPacksLoadAndAliasesResolve) {
  auto lib = pack_library::load({NETVET_SOURCE_DIR "/policies"}, cat());
  ASSERT_TRUE(lib.has_value()) << lib.err().to_string();
  for (const char* id : {"nz", "au", "gb", "us", "ca", "de", "se", "fr", "it", "in", "eu", "jp"}) {
    EXPECT_NE(lib->find(id), nullptr) << id;
  }
  EXPECT_EQ(lib->find("uk"), lib->find("gb"));
  EXPECT_EQ(lib->find("NZ"), lib->find("nz"));
  const auto missing = lib->get("xx");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.err().code, error_code::not_found);
  EXPECT_NE(missing.err().message.find("unknown jurisdiction"), std::string::npos);
  // Every shipped rule cites its source.
  for (const auto& p : lib->packs()) {
    for (const auto& r : p.rules) {
      EXPECT_FALSE(r.src.instrument.empty()) << r.id;
      EXPECT_FALSE(r.src.url.empty()) << r.id;
    }
  }
  // The embedded copies are the same packs.
  auto emb = pack_library::from_files(embedded_pack_files(), cat(), "embedded");
  ASSERT_TRUE(emb.has_value()) << emb.err().to_string();
  EXPECT_EQ(emb->packs().size(), lib->packs().size());
  // de extends eu: inherits the Toolbox rule.
  EXPECT_NE(lib->find("de")->find_rule("eu-sm03-restrict-hrv"), nullptr);
}

// ------------------------------------------------------------------ proposals

TEST(Proposal, CountGeneratesIds) {
  const auto p = prop_from(
      "jurisdiction: nz\ndate: 2018-11-28\nadd:\n  - {id: gnb-akl, function: gnb, vendor: HUAWEI, count: 12}\n"
      "  - {function: upf, vendor: Ericsson}\n  - {function: upf, vendor: Ericsson, count: 2}\n");
  ASSERT_EQ(p.add.size(), 15U);
  EXPECT_EQ(p.add[0].id, "gnb-akl-01");
  EXPECT_EQ(p.add[11].id, "gnb-akl-12");
  EXPECT_EQ(p.add[0].vendor_name, "Huawei");
  EXPECT_EQ(p.add[12].id, "new-upf-1");
  EXPECT_EQ(p.add[14].id, "new-upf-3");
}

TEST(Proposal, JsonIsAccepted) {
  const auto p =
      prop_from(R"({"jurisdiction": "gb", "date": "2023-01-01", "add": [{"function": "gnb", "vendor": "Nokia"}]})");
  EXPECT_EQ(p.jurisdiction, "gb");
  EXPECT_EQ(p.add.size(), 1U);
}

TEST(Proposal, BadInputNamesKey) {
  struct bad {
    const char* yaml;
    const char* expect;
  };
  for (const auto& b :
       {bad{"date: 2018-01-01\n", "missing key 'jurisdiction'"}, bad{"jurisdiction: nz\n", "missing key 'date'"},
        bad{"jurisdiction: nz\ndate: 28/11/2018\n", "cannot parse date '28/11/2018'"},
        bad{"jurisdiction: nz\ndate: 2018-11-28\nadd: [{function: gnodeb, vendor: X}]\n", "unknown function 'gnodeb'"},
        bad{"jurisdiction: nz\ndate: 2018-11-28\nvendor: X\n", "unknown key 'vendor' in proposal"},
        bad{"jurisdiction: nz\ndate: 2018-11-28\nadd: [{function: gnb, vendor: X, colour: red}]\n",
            "unknown key 'colour'"},
        bad{"jurisdiction: nz\ndate: [2018\n", "malformed YAML"}}) {
    const auto p = parse_proposal(b.yaml, "p.yaml", cat());
    ASSERT_FALSE(p.has_value()) << b.yaml;
    EXPECT_NE(p.err().message.find(b.expect), std::string::npos) << p.err().to_string();
    EXPECT_EQ(p.err().where.file.empty() && p.err().message.find("p.yaml") == std::string::npos, false)
        << p.err().to_string();
  }
}

TEST(Proposal, RemoveMustExistAndNetworkMustExist) {
  const auto net = net_from("id,function,vendor\nenb-1,enb,Huawei\n");
  const auto p = prop_from("jurisdiction: nz\ndate: 2018-11-28\nremove: [enb-1, enb-9]\n");
  const auto r = check_against(p, &net);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.err().message.find("'remove' names 'enb-9'"), std::string::npos);

  const testing::temp_dir dir;
  testing::spit(dir / "p.yaml", "jurisdiction: nz\ndate: 2018-11-28\nnetwork: no-such-network\n");
  const auto rp = read_proposal(dir / "p.yaml", cat());
  ASSERT_FALSE(rp.has_value());
  EXPECT_EQ(rp.err().code, error_code::not_found);
  EXPECT_EQ(rp.err().where.field, "network");
  EXPECT_EQ(rp.err().where.line, 3U);
}

// ----------------------------------------------------------------- assessment

// A pack with one rule of each effect on separate parts.
pack effects_pack() {
  auto p =
      parse(header() + "rules:\n" +
            rule("no-core",
                 "    effect: prohibit\n    from: 2020-01-10\n    covers: {vendors: [Huawei], categories: [CORE]}\n") +
            rule("notify-core", "    effect: notify\n    from: 2020-01-10\n    covers: {categories: [CORE, RAN]}\n") +
            rule("ran-cap",
                 "    effect: cap\n    from: 2020-01-10\n    covers: {vendors: [ZTE], categories: [RAN]}\n"
                 "    cap: {max_percent: 35, count: elements}\n") +
            rule("remove-oss",
                 "    effect: remove\n    from: 2020-01-10\n    covers: {vendors: [Huawei], categories: [OSS]}\n"
                 "    milestones: [{by: 2022-06-30, title: OSS out}]\n") +
            rule("allow-trans",
                 "    effect: allow\n    from: 2020-01-10\n    conditions: [no remote access]\n"
                 "    covers: {vendors: [Huawei], categories: [TRANS]}\n"));
  EXPECT_TRUE(p.has_value()) << p.err().to_string();
  return std::move(p).value();
}

// 65 Nokia eNBs + 35 ZTE eNBs: exactly at the 35 % cap.
std::string ran_network() {
  std::string s = "id,function,vendor,site,region\n";
  for (int i = 0; i < 65; ++i) {
    s += "n" + std::to_string(i) + ",enb,Nokia,s" + std::to_string(i) + ",North\n";
  }
  for (int i = 0; i < 35; ++i) {
    s += "z" + std::to_string(i) + ",enb,ZTE,s" + std::to_string(65 + i) + ",South\n";
  }
  return s;
}

TEST(Assess, ProhibitGivesSignificantRisk) {
  const auto pk = effects_pack();
  const auto a = run(pk, nullptr,
                     prop_from("jurisdiction: t\ndate: 2021-01-01\nadd: [{function: amf, vendor: Huawei, count: 3}]\n"),
                     "2021-01-01");
  EXPECT_EQ(a.dec, decision::significant_risk);
  EXPECT_TRUE(a.notifiable);
  ASSERT_FALSE(a.findings.empty());
  EXPECT_EQ(a.findings[0].r->id, "no-core");
  EXPECT_EQ(a.findings[0].element_total, 3U);
  EXPECT_EQ(a.findings[0].elements[0].vendor, "Huawei");
}

TEST(Assess, NotifyOnlyGivesNoSignificantRisk) {
  const auto pk = effects_pack();
  const auto a =
      run(pk, nullptr, prop_from("jurisdiction: t\ndate: 2021-01-01\nadd: [{function: amf, vendor: Ericsson}]\n"),
          "2021-01-01");
  EXPECT_EQ(a.dec, decision::no_significant_risk);
  EXPECT_TRUE(a.notifiable);
}

TEST(Assess, OutsideAreasGivesNotNotifiable) {
  const auto pk = effects_pack();
  const auto a =
      run(pk, nullptr, prop_from("jurisdiction: t\ndate: 2021-01-01\nadd: [{function: ntp, vendor: Ericsson}]\n"),
          "2021-01-01");
  EXPECT_EQ(a.dec, decision::not_notifiable);
  EXPECT_FALSE(a.notifiable);
}

TEST(Assess, AllowWithConditionsGivesRiskToAddress) {
  const auto pk = effects_pack();
  const auto a =
      run(pk, nullptr, prop_from("jurisdiction: t\ndate: 2021-01-01\nadd: [{function: router, vendor: Huawei}]\n"),
          "2021-01-01");
  EXPECT_EQ(a.dec, decision::risk_to_address);
  EXPECT_EQ(a.findings[0].kind, finding_kind::allowed_with_conditions);
}

TEST(Assess, RemoveDueIsRiskOverdueIsSignificant) {
  const auto pk = effects_pack();
  const auto pr = prop_from("jurisdiction: t\ndate: 2021-01-01\nadd: [{function: oss, vendor: Huawei}]\n");
  const auto due = run(pk, nullptr, pr, "2022-06-30");  // the deadline day itself: still due
  EXPECT_EQ(due.dec, decision::risk_to_address);
  EXPECT_EQ(due.findings[0].kind, finding_kind::removal_due);
  EXPECT_EQ(due.findings[0].days, 0);
  const auto overdue = run(pk, nullptr, pr, "2022-07-01");
  EXPECT_EQ(overdue.dec, decision::significant_risk);
  EXPECT_EQ(overdue.findings[0].kind, finding_kind::removal_overdue);
  EXPECT_EQ(overdue.findings[0].days, -1);
}

TEST(Assess, DateBoundaries) {
  const auto pk = effects_pack();  // rules from 2020-01-10
  const auto pr = prop_from("jurisdiction: t\ndate: 2020-01-10\nadd: [{function: amf, vendor: Huawei}]\n");
  const auto before = run(pk, nullptr, pr, "2020-01-09");
  EXPECT_EQ(before.dec, decision::not_notifiable);  // nothing in force yet
  ASSERT_FALSE(before.findings.empty());
  EXPECT_EQ(before.findings[0].kind, finding_kind::not_yet_in_force);
  EXPECT_EQ(before.findings[0].days, 1);
  EXPECT_EQ(run(pk, nullptr, pr, "2020-01-10").dec, decision::significant_risk);
  EXPECT_EQ(run(pk, nullptr, pr, "2020-01-11").dec, decision::significant_risk);
  // until is inclusive too
  auto ended = parse(
      header() + "rules:\n" +
      rule("r",
           "    effect: prohibit\n    from: 2020-01-01\n    until: 2020-12-31\n    covers: {vendors: [Huawei]}\n"));
  ASSERT_TRUE(ended.has_value());
  EXPECT_EQ(run(*ended, nullptr, pr, "2020-12-31").dec, decision::significant_risk);
  EXPECT_EQ(run(*ended, nullptr, pr, "2021-01-01").dec, decision::not_notifiable);
}

TEST(Assess, CapAtExactlyTheThresholdComplies) {
  const auto pk = effects_pack();
  const auto net = net_from(ran_network());
  // Adding one Nokia and one ZTE: 36/102 = 35.29 % > 35 %.
  const auto over = run(
      pk, &net, prop_from("jurisdiction: t\ndate: 2021-01-01\nadd: [{function: enb, vendor: ZTE, region: South}]\n"),
      "2021-01-01");
  ASSERT_TRUE(over.findings[0].cap.has_value());
  EXPECT_EQ(over.findings[0].kind, finding_kind::cap_exceeded);
  EXPECT_EQ(over.findings[0].cap->before_covered, 35U);
  EXPECT_EQ(over.findings[0].cap->before_total, 100U);
  EXPECT_EQ(over.findings[0].cap->after_covered, 36U);
  EXPECT_EQ(over.findings[0].cap->after_total, 101U);
  EXPECT_EQ(over.dec, decision::risk_to_address);
  // Replacing one ZTE by one ZTE keeps 35/100: at the cap, complies.
  const auto at =
      run(pk, &net,
          prop_from(
              "jurisdiction: t\ndate: 2021-01-01\nremove: [z0]\nadd: [{function: enb, vendor: ZTE, region: South}]\n"),
          "2021-01-01");
  const finding* capf = nullptr;
  for (const auto& f : at.findings) {
    capf = f.cap ? &f : capf;
  }
  ASSERT_NE(capf, nullptr);
  EXPECT_EQ(capf->kind, finding_kind::within_cap);
  EXPECT_EQ(capf->cap->after_covered, 35U);
  EXPECT_EQ(capf->cap->after_total, 100U);
  EXPECT_EQ(at.dec, decision::no_significant_risk);
}

TEST(Assess, CapCountsSitesAndSubscribers) {
  auto pk = parse(header() + "rules:\n" +
                  rule("sites",
                       "    effect: cap\n    from: 2020-01-01\n    covers: {vendors: [ZTE], categories: [RAN]}\n"
                       "    cap: {max_percent: 50, count: sites}\n"));
  ASSERT_TRUE(pk.has_value()) << pk.err().to_string();
  // Two sites, ZTE at one of them: 50 %.
  const auto net =
      net_from("id,function,vendor,site,subscribers\na,enb,Nokia,s1,10\nb,enb,ZTE,s2,10\nc,antenna,ZTE,s2,0\n");
  // Another ZTE element at s2: still 1 of 2 sites.
  auto a =
      run(*pk, &net, prop_from("jurisdiction: t\ndate: 2021-01-01\nadd: [{function: ru, vendor: ZTE, site: s2}]\n"),
          "2021-01-01");
  ASSERT_TRUE(a.findings[0].cap.has_value());
  EXPECT_EQ(a.findings[0].cap->after_covered, 1U);
  EXPECT_EQ(a.findings[0].cap->after_total, 2U);
  EXPECT_EQ(a.findings[0].kind, finding_kind::within_cap);
  // A ZTE element at the Nokia site: 2 of 2.
  a = run(*pk, &net, prop_from("jurisdiction: t\ndate: 2021-01-01\nadd: [{function: ru, vendor: ZTE, site: s1}]\n"),
          "2021-01-01");
  EXPECT_EQ(a.findings[0].cap->after_covered, 2U);
  EXPECT_EQ(a.findings[0].kind, finding_kind::cap_exceeded);
  // Removing every ZTE element at s2: 0 of 1.
  a = run(*pk, &net, prop_from("jurisdiction: t\ndate: 2021-01-01\nremove: [b, c]\n"), "2021-01-01");
  EXPECT_EQ(a.findings[0].cap->after_covered, 0U);
  EXPECT_EQ(a.findings[0].cap->after_total, 1U);

  auto subs = parse(header() + "rules:\n" +
                    rule("subs",
                         "    effect: cap\n    from: 2020-01-01\n    covers: {vendors: [ZTE], categories: [RAN]}\n"
                         "    cap: {max_percent: 50, count: subscribers}\n"));
  ASSERT_TRUE(subs.has_value());
  a = run(*subs, &net,
          prop_from("jurisdiction: t\ndate: 2021-01-01\nadd: [{function: enb, vendor: ZTE, subscribers: 1}]\n"),
          "2021-01-01");
  EXPECT_EQ(a.findings[0].cap->after_covered, 11U);
  EXPECT_EQ(a.findings[0].cap->after_total, 21U);
  EXPECT_EQ(a.findings[0].kind, finding_kind::cap_exceeded);
}

TEST(Assess, AffiliatesAndManagedServices) {
  auto pk = parse(header() + "rules:\n" +
                  rule("r",
                       "    effect: prohibit\n    from: 2020-01-01\n    covers: {vendors: [Nokia], affiliates: true, "
                       "managed_services: true}\n"));
  ASSERT_TRUE(pk.has_value()) << pk.err().to_string();
  auto a = run(*pk, nullptr,
               prop_from("jurisdiction: t\ndate: 2021-01-01\nadd: [{function: gnb, vendor: Nokia Shanghai Bell}]\n"),
               "2021-01-01");
  EXPECT_EQ(a.dec, decision::significant_risk);
  a = run(*pk, nullptr,
          prop_from("jurisdiction: t\ndate: 2021-01-01\nadd: [{function: gnb, vendor: Ericsson, managed_by: Nokia}]\n"),
          "2021-01-01");
  EXPECT_EQ(a.dec, decision::significant_risk);
}

// `count` expands into full copies, so the total a proposal adds is bounded
// (kMaxProposalElements, README "Limits"): one over is refused at its count.
TEST(Proposal, CountBeyondTheLimitIsRefusedAtItsLine) {
  const std::string head = "jurisdiction: nz\ndate: 2024-01-01\nadd:\n  - function: gnb\n    vendor: Nokia\n";
  auto over = parse_proposal(head + "    count: 600000\n  - function: gnb\n    vendor: Nokia\n    count: 400001\n",
                             "p.yaml", cat());
  ASSERT_FALSE(over);
  EXPECT_EQ(over.err().code, error_code::limit_exceeded);
  EXPECT_EQ(over.err().where.line, 9U) << over.err().to_string();
  EXPECT_NE(over.err().message.find("1000000"), std::string::npos) << over.err().message;
  auto at = parse_proposal(head + "    count: 1000000\n", "p.yaml", cat());
  ASSERT_TRUE(at) << at.err().to_string();
  EXPECT_EQ(at->add.size(), kMaxProposalElements);
}

// `affiliates: true` follows a 100k-long parent chain in linear time.
TEST(Pack, AffiliatesFollowALongParentChainQuickly) {
  constexpr int kChain = 100000;
  std::string text = "display_name,parent\n";
  for (int i = kChain; i >= 1; --i) {  // the worst order for a pass-until-nothing-grows scan
    text += "Chain Vendor " + std::to_string(i) + ",Chain Vendor " + std::to_string(i - 1) + "\n";
  }
  text += "Chain Vendor 0,Nokia\n";
  model::vendor_catalog chain = model::vendor_catalog::builtin();
  ASSERT_TRUE(chain.merge_csv(text, "chain.csv"));
  const auto t0 = std::chrono::steady_clock::now();
  auto pk = parse_pack(header() + "rules:\n" +
                           rule("r",
                                "    effect: prohibit\n    from: 2020-01-01\n    covers: {vendors: [Nokia], "
                                "affiliates: true}\n"),
                       "test.yaml", chain, {});
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(pk.has_value()) << pk.err().to_string();
  EXPECT_LT(took, std::chrono::seconds(3));
  EXPECT_EQ(pk->rules[0].covers.vendors.count(*chain.find("Chain Vendor " + std::to_string(kChain))), 1U);
  EXPECT_GT(pk->rules[0].covers.vendors.size(), std::size_t{kChain});
}

// ---------------------------------------------------------------------- audit

TEST(Audit, ProhibitNewCountsInstallsSinceAndDeadlinesCountDays) {
  auto pk =
      parse(header() + "rules:\n" +
            rule("no-new",
                 "    effect: prohibit\n    from: 2022-09-01\n    covers: {vendors: [Huawei], deployments: new}\n") +
            rule("out",
                 "    effect: remove\n    from: 2022-05-19\n    covers: {vendors: [Huawei]}\n"
                 "    milestones: [{by: 2024-06-28, title: 5G out, generations: [5g]}, {by: 2027-12-31, title: 4G out, "
                 "generations: [4g]}]\n"));
  ASSERT_TRUE(pk.has_value()) << pk.err().to_string();
  const auto net = net_from(
      "id,function,vendor,installed\ng1,gnb,Huawei,2021-01-01\ng2,gnb,Huawei,2022-09-01\ne1,enb,Huawei,\ne2,enb,Nokia,"
      "2023-01-01\n");
  const network_index idx(net, cat());
  const evaluator ev(*pk, &idx);
  audit_options opt;
  opt.as_of = d("2024-06-29");
  const auto r = ev.audit(opt);
  ASSERT_EQ(r.findings.size(), 3U);
  // Significant first: g2 installed on the day the ban began; the 5G milestone one day overdue.
  EXPECT_EQ(r.findings[0].r->id, "no-new");
  EXPECT_EQ(r.findings[0].element_total, 1U);
  EXPECT_EQ(r.findings[0].elements[0].examples[0], "g2");
  EXPECT_EQ(r.findings[1].kind, finding_kind::removal_overdue);
  EXPECT_EQ(r.findings[1].days, -1);
  EXPECT_EQ(r.findings[1].element_total, 2U);
  EXPECT_EQ(r.findings[2].kind, finding_kind::removal_due);
  EXPECT_EQ(r.findings[2].element_total, 1U);
  EXPECT_EQ(*r.worst(), level::significant);
  EXPECT_EQ(r.next_deadline()->r->id, "out");
  // Before the rules: only "not yet in force" information.
  opt.as_of = d("2022-05-18");
  const auto early = ev.audit(opt);
  EXPECT_FALSE(any_at_or_above(early.findings, level::risk));
}

// One element hit by two rules is one element at issue (issue class 7): g2
// is both installed under the ban and overdue for removal, g1 overdue, e1 due.
TEST(Audit, ElementsAtIssueAreDistinctPerJurisdictionAndInAnyTotal) {
  auto t =
      parse(header("t") + "rules:\n" +
            rule("no-new",
                 "    effect: prohibit\n    from: 2022-09-01\n    covers: {vendors: [Huawei], deployments: new}\n") +
            rule("out",
                 "    effect: remove\n    from: 2022-05-19\n    covers: {vendors: [Huawei]}\n"
                 "    milestones: [{by: 2024-06-28, title: 5G out, generations: [5g]}, {by: 2027-12-31, title: "
                 "4G out, generations: [4g]}]\n"));
  ASSERT_TRUE(t.has_value()) << t.err().to_string();
  auto u = parse(header("u") + "rules:\n" +
                 rule("ban", "    effect: prohibit\n    from: 2020-01-01\n    covers: {vendors: [Huawei, Nokia]}\n"));
  ASSERT_TRUE(u.has_value()) << u.err().to_string();
  const auto net = net_from(
      "id,function,vendor,installed\ng1,gnb,Huawei,2021-01-01\ng2,gnb,Huawei,2022-09-01\ne1,enb,Huawei,\ne2,enb,Nokia,"
      "2023-01-01\n");
  const network_index idx(net, cat());
  audit_options opt;
  opt.as_of = d("2024-06-29");
  std::vector<audit_result> all{evaluator(*t, &idx).audit(opt), evaluator(*u, &idx).audit(opt)};
  std::uint64_t summed = 0;
  for (const auto& f : all[0].findings) {
    summed += f.lvl >= level::risk ? f.element_total : 0;
  }
  EXPECT_EQ(summed, 4U);  // g2 counted twice
  EXPECT_EQ(all[0].elements_at_issue.size(), 3U);
  EXPECT_EQ(all[1].elements_at_issue.size(), 4U);
  const auto j = report::to_json(audit_matrix_document(all, "net"));
  ASSERT_EQ(j["jurisdictions"].size(), 2U);
  EXPECT_EQ(j["jurisdictions"][0]["policy"], "t");
  EXPECT_EQ(j["jurisdictions"][0]["elements_at_issue"], 3);
  EXPECT_EQ(j["jurisdictions"][1]["elements_at_issue"], 4);
  EXPECT_EQ(j["elements_at_issue"], 4);  // in any jurisdiction: g1, g2, e1, e2 once each
}

TEST(Audit, MatrixAcrossShippedPacks) {
  auto lib = pack_library::load({NETVET_SOURCE_DIR "/policies"}, cat());
  ASSERT_TRUE(lib.has_value());
  io::read_options ro;
  const auto net = io::read_network(NETVET_SOURCE_DIR "/examples/spark-2018/network", ro);
  ASSERT_TRUE(net.has_value()) << net.err().to_string();
  const network_index idx(*net, cat());
  std::vector<audit_result> all;
  audit_options opt;
  opt.as_of = d("2025-06-01");
  for (const auto& p : lib->packs()) {
    all.push_back(evaluator(p, &idx).audit(opt));
  }
  const auto doc = audit_matrix_document(all, "spark");
  const auto j = report::to_json(doc);
  EXPECT_EQ(j["jurisdictions"].size(), lib->packs().size());
  EXPECT_TRUE(j["audits"].contains("se"));
  // Sweden's 1 Jan 2025 phase-out has passed; the Huawei EMS (service and maintenance
  // network) is overdue there (4G radio is outside the 5G bands' conditions).
  EXPECT_EQ(j["audits"]["se"]["worst"], "significant");
}

// ------------------------------------------------------------- Spark example

TEST(SparkExample, DecisionsUnderTheNzPack) {
  auto lib = pack_library::load({NETVET_SOURCE_DIR "/policies"}, cat());
  ASSERT_TRUE(lib.has_value());
  const pack& nz = **lib->get("nz");
  io::read_options ro;
  const auto net = io::read_network(NETVET_SOURCE_DIR "/examples/spark-2018/network", ro);
  ASSERT_TRUE(net.has_value());
  const network_index idx(*net, cat());
  const evaluator ev(nz, &idx);
  const auto know = risk::knowledge::builtin(cat());
  ASSERT_TRUE(know.has_value()) << know.err().to_string();
  struct expect {
    const char* file;
    decision dec;
  };
  for (const auto& e : {expect{"proposal.yaml", decision::significant_risk},
                        expect{"proposal-nokia.yaml", decision::no_significant_risk},
                        expect{"proposal-samsung.yaml", decision::no_significant_risk},
                        expect{"proposal-antenna.yaml", decision::not_notifiable}}) {
    const auto p = read_proposal(std::string(NETVET_SOURCE_DIR "/examples/spark-2018/") + e.file, cat());
    ASSERT_TRUE(p.has_value()) << p.err().to_string();
    const auto removed = check_against(*p, &*net);
    ASSERT_TRUE(removed.has_value()) << removed.err().to_string();
    assessment_options opt;
    opt.as_of = p->when;
    opt.knowledge = &*know;
    const auto a = ev.assess(*p, *removed, opt);
    EXPECT_EQ(a.dec, e.dec) << e.file;
    const auto j = report::to_json(assessment_document(a));
    EXPECT_EQ(j["decision"], std::string(to_string(e.dec)));
    EXPECT_TRUE(j["notifiable"].is_boolean());
    for (const auto& f : j["findings"]) {
      EXPECT_TRUE(f.contains("rule"));
      EXPECT_FALSE(f["source"]["instrument"].get<std::string>().empty());
      EXPECT_TRUE(f["elements"].is_array());
    }
  }
}

}  // namespace
}  // namespace netvet::policy

namespace netvet::policy {
namespace {

// ------------------------------------------------ issue 7: the engine's parts

// A malformed proposal is invalid input (exit 3), never a policy-pack error
// (exit 9): the YAML helper records errors with the document's own code.
TEST(Proposal, ErrorsCarryTheProposalsCode) {
  for (const char* yaml :
       {"jurisdiction: nz\ndate: 2018-11-28\nadd: [{function: gnodeb, vendor: X}]\n",
        "jurisdiction: nz\ndate: 2018-11-28\nvendor: X\n", "date: 2018-01-01\n",
        "jurisdiction: nz\ndate: 2018-11-28\nadd: [{function: gnb, vendor: X, subscribers: many}]\n"}) {
    const auto p = parse_proposal(yaml, "p.yaml", cat());
    ASSERT_FALSE(p.has_value()) << yaml;
    EXPECT_EQ(p.err().code, error_code::invalid_input) << p.err().to_string();
    EXPECT_EQ(exit_status(p.err().code), 3);
  }
}

TEST(Coverage, PhasesAndTheOneSelectionPass) {
  const in_force window{d("2020-01-10"), d("2020-12-31")};
  EXPECT_EQ(phase_on(window, d("2020-01-09")), rule_phase::not_yet);
  EXPECT_EQ(phase_on(window, d("2020-01-10")), rule_phase::in_force);  // both ends inclusive
  EXPECT_EQ(phase_on(window, d("2020-12-31")), rule_phase::in_force);
  EXPECT_EQ(phase_on(window, d("2021-01-01")), rule_phase::expired);
  EXPECT_EQ(phase_on(in_force{}, d("1970-01-01")), rule_phase::in_force);

  const auto pk = effects_pack();  // five rules from 2020-01-10
  const auto before = select_rules(pk, d("2020-01-09"));
  ASSERT_EQ(before.size(), pk.rules.size());
  EXPECT_EQ(before[0].phase, rule_phase::not_yet);
  EXPECT_EQ(before[0].r, &pk.rules[0]);  // pack order
  const auto on = select_rules(pk, d("2020-01-10"));
  EXPECT_TRUE(
      std::all_of(on.begin(), on.end(), [](const selected_rule& s) { return s.phase == rule_phase::in_force; }));
}

// What the planner will read: the elements a rule (or a milestone) covers.
TEST(Coverage, CoveredElementsOfRulesAndMilestones) {
  auto pk = parse(header() + "rules:\n" +
                  rule("out",
                       "    effect: remove\n    from: 2020-01-01\n    covers: {vendors: [Huawei]}\n"
                       "    milestones: [{by: 2023-12-31, title: core out, categories: [CORE]}]\n"));
  ASSERT_TRUE(pk.has_value()) << pk.err().to_string();
  const auto net = net_from(
      "id,function,vendor,managed_by\ng1,gnb,Huawei,\na1,amf,Huawei,\na2,amf,Nokia,Huawei\n"
      "g2,gnb,Nokia,\nu1,upf,HUAWEI TECHNOLOGIES CO LTD,\n");
  const network_index idx(net, cat());
  const policy::rule& r = pk->rules[0];
  const auto all = covered_elements(idx, r.covers);
  ASSERT_EQ(all.size(), 3U);  // g1, a1, u1 (a spelling of Huawei); not Nokia's a2 or g2
  EXPECT_EQ(net.id(all[0]), "g1");
  EXPECT_EQ(net.id(all[2]), "u1");
  const auto core = covered_elements(idx, narrowed(r, r.milestones[0]));
  ASSERT_EQ(core.size(), 2U);  // a1 and u1: the milestone narrows to CORE
  EXPECT_EQ(net.id(core[0]), "a1");
  // The denominator of a share: the same parts, every vendor.
  EXPECT_EQ(covered_elements(idx, every_vendor(narrowed(r, r.milestones[0]))).size(), 3U);
  const auto s = share_in(idx, narrowed(r, r.milestones[0]), every_vendor(narrowed(r, r.milestones[0])),
                          count_basis::elements, nullptr, nullptr);
  EXPECT_EQ(s.covered, 2U);
  EXPECT_EQ(s.total, 3U);
}

TEST(Coverage, ExceedsIsStrictAndExact) {
  EXPECT_FALSE(exceeds(35, 100, 3500));  // at the cap complies
  EXPECT_TRUE(exceeds(36, 100, 3500));
  EXPECT_FALSE(exceeds(0, 0, 0));    // an empty part never exceeds
  EXPECT_TRUE(exceeds(1, 3, 3333));  // 33.33...% > 33.33%
  EXPECT_FALSE(exceeds(1, 3, 3334));
  const std::uint64_t big = std::uint64_t{1} << 52;  // the long-double path
  EXPECT_FALSE(exceeds(big / 2, big, 5000));
  EXPECT_TRUE(exceeds(big / 2 + 1, big, 5000));
}

TEST(Decision, WorstFindingThenNotifiable) {
  const auto pk = effects_pack();
  finding risk;
  risk.lvl = level::risk;
  finding significant;
  significant.lvl = level::significant;
  finding info;
  info.lvl = level::info;
  EXPECT_EQ(decide({}, false), decision::not_notifiable);
  EXPECT_EQ(decide({}, true), decision::no_significant_risk);
  const std::vector<finding> i{info};
  EXPECT_EQ(decide(i, false), decision::not_notifiable);
  const std::vector<finding> ri{info, risk};
  EXPECT_EQ(decide(ri, false), decision::risk_to_address);
  const std::vector<finding> all{info, risk, significant};
  EXPECT_EQ(decide(all, true), decision::significant_risk);
}

// Findings carry figures; the report words them, differently for a change
// and for the installed base.
TEST(Wording, SummariesComeFromFigures) {
  const auto pk = effects_pack();
  const auto net = net_from(ran_network());
  const auto pr = prop_from("jurisdiction: zz\ndate: 2020-02-01\nadd: [{function: enb, vendor: ZTE, region: South}]\n");
  const auto a = run(pk, &net, pr, "2020-02-01");
  const auto cap = std::find_if(a.findings.begin(), a.findings.end(),
                                [](const finding& f) { return f.kind == finding_kind::cap_exceeded; });
  ASSERT_NE(cap, a.findings.end());
  EXPECT_EQ(cap->mode, finding_mode::assessment);
  EXPECT_EQ(summary(*cap),
            "The covered vendors' share of the capped part, counted in elements, would be 35.6% after the change "
            "(35.0% before): above the 35% cap.");
  const network_index idx(net, cat());
  audit_options opt;
  opt.as_of = d("2020-02-01");
  const auto r = evaluator(pk, &idx).audit(opt);
  const auto within = std::find_if(r.findings.begin(), r.findings.end(),
                                   [](const finding& f) { return f.kind == finding_kind::within_cap; });
  ASSERT_NE(within, r.findings.end());
  EXPECT_EQ(within->mode, finding_mode::audit);
  EXPECT_EQ(summary(*within),
            "The covered vendors hold 35.0% of the capped part, counted in elements: within the 35% cap.");
}

}  // namespace
}  // namespace netvet::policy

namespace netvet::policy {
namespace {

// ------------------------------------------ issue 8 item 8: the pack review

const pack_library& shipped() {
  static const auto kLib = [] {
    auto l = pack_library::load({NETVET_SOURCE_DIR "/policies"}, cat());
    EXPECT_TRUE(l.has_value()) << l.err().to_string();
    return std::move(l).value();
  }();
  return kLib;
}

// Assesses adding `count` elements of `fn` from `vendor` under pack `id` on `day`.
assessment add_under(const char* id, const char* day, const std::string& fn, const std::string& vendor,
                     const std::string& extra = "", int count = 1) {
  const pack& p = **shipped().get(id);
  return run(p, nullptr,
             prop_from(std::string("jurisdiction: ") + id + "\ndate: " + day + "\n" + extra + "add: [{function: " + fn +
                       ", vendor: " + vendor + ", count: " + std::to_string(count) + "}]\n"),
             day);
}

bool has_rule(const assessment& a, std::string_view rid) {
  return std::any_of(a.findings.begin(), a.findings.end(), [&](const finding& f) { return f.r->id == rid; });
}

TEST(PackReview, GbCoreExclusionHasNoEndDate) {
  for (const char* fn : {"li", "oss", "ems", "mano", "nfvi", "amf"}) {
    const auto a = add_under("gb", "2024-03-01", fn, "Huawei");
    EXPECT_EQ(a.dec, decision::significant_risk) << fn;
    EXPECT_TRUE(has_rule(a, "gb-nsc-2020-core")) << fn;
  }
  EXPECT_FALSE(shipped().find("gb")->find_rule("gb-nsc-2020-core")->dates.until.has_value());
}

TEST(PackReview, GbAccessCapIs5gRadioAndFullFibreOnly) {
  const pack& gb = *shipped().find("gb");
  const auto* cap = gb.find_rule("gb-nsc-2020-ran-cap");
  ASSERT_NE(cap, nullptr);
  const auto covers_fn = [&](model::function f, model::generation g) {
    const auto gens = g == model::generation::any ? model::generation_set{} : model::generation_set::of(g);
    return covers(cap->covers, element_facts{*cat().find("Huawei"), std::nullopt, f, gens, ""});
  };
  EXPECT_TRUE(covers_fn(model::function::gnb, model::generation::g5));
  EXPECT_FALSE(covers_fn(model::function::enb, model::generation::g4));       // 4G is outside
  EXPECT_FALSE(covers_fn(model::function::antenna, model::generation::any));  // passive antennas too
  // The denominator is the rule's own parts: a Nokia antenna does not count.
  EXPECT_FALSE(in_parts(cap->cap->of, element_facts{*cat().find("Nokia"), std::nullopt, model::function::antenna,
                                                    model::generation_set{}, ""}));
  // The 2025 transmission milestone covers optical transport, not DNS or SEPP.
  const auto* dvd = gb.find_rule("gb-dvd-removal");
  const auto it = std::find_if(dvd->milestones.begin(), dvd->milestones.end(),
                               [](const milestone& m) { return m.by == d("2025-12-31"); });
  ASSERT_NE(it, dvd->milestones.end());
  const coverage c = narrowed(*dvd, *it);
  const auto hw = [&](model::function f) {
    return covers(c, element_facts{*cat().find("Huawei"), std::nullopt, f, model::generation_set{}, ""});
  };
  EXPECT_TRUE(hw(model::function::optical));
  EXPECT_FALSE(hw(model::function::dns));
  EXPECT_FALSE(hw(model::function::sepp));
}

TEST(PackReview, GbFullFibreAdviceOfJuly2020) {
  const auto a = add_under("gb", "2021-01-01", "olt", "Huawei");
  EXPECT_TRUE(has_rule(a, "gb-jul-2020-full-fibre"));
  EXPECT_EQ(a.dec, decision::risk_to_address);
}

TEST(PackReview, EuToolboxNamesVendorsFrom2023And5gOnly) {
  // France excluded 4G: a Huawei eNB is outside SM03.
  EXPECT_FALSE(has_rule(add_under("fr", "2024-01-01", "enb", "Huawei"), "eu-sm03-restrict-hrv"));
  EXPECT_TRUE(has_rule(add_under("fr", "2024-01-01", "gnb", "Huawei"), "eu-sm03-restrict-hrv"));
  EXPECT_TRUE(has_rule(add_under("eu", "2024-01-01", "oss", "ZTE"), "eu-sm03-restrict-hrv"));
  // Before the Commission named Huawei and ZTE (15 Jun 2023) the rule is not yet in force.
  const auto early = add_under("eu", "2021-01-01", "gnb", "Huawei");
  EXPECT_EQ(early.dec, decision::not_notifiable);
  ASSERT_FALSE(early.findings.empty());
  EXPECT_EQ(early.findings[0].kind, finding_kind::not_yet_in_force);
  // The Commission's own procurement and funding.
  EXPECT_TRUE(has_rule(add_under("eu", "2024-01-01", "router", "Huawei"), "eu-commission-2023-funding"));
}

TEST(PackReview, SePtsConditionsAre5gOnly) {
  const auto enb = add_under("se", "2021-01-01", "enb", "Huawei");
  EXPECT_FALSE(has_rule(enb, "se-pts-2020-new"));
  const auto gnb = add_under("se", "2021-01-01", "gnb", "Huawei");
  EXPECT_TRUE(has_rule(gnb, "se-pts-2020-new"));
  EXPECT_EQ(gnb.dec, decision::significant_risk);
  EXPECT_TRUE(has_rule(add_under("se", "2021-01-01", "router", "ZTE"), "se-pts-2020-new"));
}

TEST(PackReview, PartlyConfirmedDesignationsFollowOnePolicy) {
  // gb: no GB source names ZTE.
  EXPECT_EQ(add_under("gb", "2024-03-01", "amf", "ZTE").dec, decision::not_notifiable);
  // it: the core veto concerned Huawei; Fastweb-ZTE was cleared with conditions.
  const auto zte = add_under("it", "2022-01-01", "amf", "ZTE");
  EXPECT_FALSE(has_rule(zte, "it-2020-core-veto"));
  EXPECT_TRUE(has_rule(zte, "it-2021-zte-conditions"));
  EXPECT_TRUE(has_rule(add_under("it", "2022-01-01", "amf", "Huawei"), "it-2020-core-veto"));
  // in: Huawei and ZTE new equipment needs permission (a condition, not a ban).
  const auto in = add_under("in", "2022-01-01", "gnb", "ZTE");
  EXPECT_EQ(in.dec, decision::risk_to_address);
  EXPECT_TRUE(has_rule(in, "in-non-trusted-expansion"));
  EXPECT_EQ(add_under("in", "2022-01-01", "gnb", "Nokia").dec, decision::no_significant_risk);
  // Every designation, area and rule tagged P or U says so in its text (the loader checks rules).
  for (const auto& p : shipped().packs()) {
    for (const auto& dsg : p.designations) {
      if (dsg.conf == confidence::partly) {
        EXPECT_NE(dsg.text.find("[P]"), std::string::npos) << p.id << " " << dsg.id;
      }
    }
  }
}

TEST(PackReview, UsServicesAreCaughtAndS214ListingsAreNotEquipment) {
  const auto managed = add_under("us", "2022-01-01", "gnb", "Ericsson", "", 1);
  EXPECT_EQ(managed.dec, decision::not_notifiable);
  const pack& us = *shipped().find("us");
  const auto a = run(
      us, nullptr,
      prop_from("jurisdiction: us\ndate: 2022-01-01\nadd: [{function: gnb, vendor: Ericsson, managed_by: Huawei}]\n"),
      "2022-01-01");
  EXPECT_TRUE(has_rule(a, "us-ndaa-889"));
  EXPECT_TRUE(has_rule(a, "us-covered-2021-telecom"));
  // China Telecom's s214 listing: transport it supplies is caught, a radio is not.
  EXPECT_TRUE(has_rule(add_under("us", "2023-01-01", "router", "China Telecom"), "us-covered-2022-03-s214"));
  EXPECT_FALSE(has_rule(add_under("us", "2023-01-01", "gnb", "China Telecom"), "us-covered-2022-03-s214"));
}

TEST(PackReview, FrHuaweiRanAfterThe2028PhaseOutIsSignificant) {
  EXPECT_EQ(add_under("fr", "2025-01-01", "gnb", "Huawei").dec, decision::risk_to_address);
  const auto late = add_under("fr", "2029-06-01", "gnb", "Huawei");
  EXPECT_EQ(late.dec, decision::significant_risk);
  EXPECT_TRUE(has_rule(late, "fr-anssi-2029-no-new"));
  // Passive antennas are outside L.34-11.
  EXPECT_FALSE(has_rule(add_under("fr", "2025-01-01", "antenna", "Huawei"), "fr-l34-11-authorisation"));
}

TEST(PackReview, OperatorsKeyBindsOnlyTheNamedOperators) {
  auto pk = parse(header() + "rules:\n" +
                  rule("r",
                       "    effect: prohibit\n    from: 2020-01-01\n    operators: [Deutsche Telekom, Vodafone]\n"
                       "    covers: {vendors: [Huawei]}\n"));
  ASSERT_TRUE(pk.has_value()) << pk.err().to_string();
  const auto& r = pk->rules[0];
  EXPECT_TRUE(r.binds_operator("Vodafone"));
  EXPECT_TRUE(r.binds_operator("VODAFONE  GmbH"));
  EXPECT_TRUE(r.binds_operator("deutsche telekom AG"));
  EXPECT_FALSE(r.binds_operator("Vodafonex"));
  EXPECT_FALSE(r.binds_operator("1&1"));
  EXPECT_TRUE(r.binds_operator(""));  // unknown: applied, and the finding says whom it binds
  // The de 2024 agreement: Telefonica's 5G core is due out by 2026, 1&1's is not bound.
  const pack& de = *shipped().find("de");
  const auto prop = [](const char* op) {
    return prop_from(std::string("jurisdiction: de\ndate: 2027-01-01\noperator: ") + op +
                     "\nadd: [{function: amf, vendor: Huawei}]\n");
  };
  const auto bound = run(de, nullptr, prop("Telefónica Germany"), "2027-01-01");
  EXPECT_TRUE(has_rule(bound, "de-2024-removal"));
  EXPECT_EQ(bound.dec, decision::significant_risk);
  EXPECT_FALSE(has_rule(run(de, nullptr, prop("1&1 Mobilfunk"), "2027-01-01"), "de-2024-removal"));
  // In an audit no operator is known: reported, and the sentence says whom it binds.
  const auto net = net_from("id,function,vendor\nc1,amf,Huawei\n");
  const network_index idx(net, cat());
  audit_options opt;
  opt.as_of = d("2027-01-01");
  const auto au = evaluator(de, &idx).audit(opt);
  const auto f = std::find_if(au.findings.begin(), au.findings.end(),
                              [](const finding& x) { return x.r->id == "de-2024-removal"; });
  ASSERT_NE(f, au.findings.end());
  EXPECT_NE(summary(*f).find("binds only Deutsche Telekom, Vodafone"), std::string::npos) << summary(*f);
}

TEST(PackReview, ItGoldenPowerDatesRestOnNoUnconfirmedFact) {
  const pack& it = *shipped().find("it");
  const auto* r = it.find_rule("it-golden-power-5g");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(*r->dates.from, d("2020-10-23"));
  EXPECT_EQ(r->src.instrument.find("21/2012"), std::string::npos);
}

TEST(PackReview, Au5gGuidanceAppliesFromTheTssrDuties) {
  EXPECT_EQ(*shipped().find("au")->find_rule("au-5g-guidance-2018")->dates.from, d("2018-09-18"));
  EXPECT_EQ(add_under("au", "2018-09-18", "gnb", "Huawei").dec, decision::significant_risk);
}

TEST(PackReview, JapanBindsGovernmentEntitiesNotCarriers) {
  const pack& jp = *shipped().find("jp");
  const auto prop = [](const char* op, const char* day) {
    return prop_from(std::string("jurisdiction: jp\ndate: ") + day + "\noperator: " + op +
                     "\nadd: [{function: router, vendor: Huawei}]\n");
  };
  const auto gov = run(jp, nullptr, prop("Ministry of Defense", "2019-04-01"), "2019-04-01");
  EXPECT_EQ(gov.dec, decision::risk_to_address);
  EXPECT_EQ(gov.findings[0].kind, finding_kind::allowed_with_conditions);
  EXPECT_EQ(run(jp, nullptr, prop("SoftBank", "2020-01-01"), "2020-01-01").dec, decision::not_notifiable);
  EXPECT_EQ(run(jp, nullptr, prop("MOD", "2019-03-31"), "2019-03-31").dec, decision::not_notifiable);
  EXPECT_TRUE(jp.designations.empty());  // no source names a vendor
}

}  // namespace
}  // namespace netvet::policy

#include "netvet/report/summary.h"

namespace netvet::policy {
namespace {

// ------------------------------------- issue 9: disguised vendor spellings

const finding* find_kind(const assessment& a, finding_kind k) {
  for (const auto& f : a.findings) {
    if (f.kind == k) {
      return &f;
    }
  }
  return nullptr;
}

// A 5G RAN added under gb in 2021 with Huawei's name disguised gets Huawei's
// prohibition, plus the disguised-name finding; written plainly, only the
// prohibition.
TEST(Assess, DisguisedVendorNameGetsTheVendorsRulesAndAFinding) {
  auto lib = pack_library::load({NETVET_SOURCE_DIR "/policies"}, cat());
  ASSERT_TRUE(lib.has_value()) << lib.err().to_string();
  const pack& gb = **lib->get("gb");
  const auto plain = run(
      gb, nullptr, prop_from("jurisdiction: gb\ndate: 2021-06-01\nadd: [{function: gnb, vendor: Huawei, count: 2}]\n"),
      "2021-06-01");
  EXPECT_EQ(plain.dec, decision::significant_risk);
  EXPECT_EQ(find_kind(plain, finding_kind::disguised_vendor_name), nullptr);
  for (const std::string spelling :
       {"Hua\u200Bwei", "\uFF28\uFF55\uFF41\uFF57\uFF45\uFF49", "Hua\u00ADwei", "Hu\u0430wei"}) {
    // The assessment points at its proposal: keep it alive for the report.
    const proposal pr = prop_from("jurisdiction: gb\ndate: 2021-06-01\nadd:\n  - {function: gnb, vendor: \"" +
                                  spelling + "\", count: 2}\n  - {function: gnb, vendor: Nokia}\n");
    const auto a = run(gb, nullptr, pr, "2021-06-01");
    EXPECT_EQ(a.dec, decision::significant_risk) << spelling;
    const finding* p = find_kind(a, finding_kind::prohibited);
    ASSERT_NE(p, nullptr) << spelling;
    EXPECT_EQ(p->elements.at(0).vendor, "Huawei");
    const finding* d = find_kind(a, finding_kind::disguised_vendor_name);
    ASSERT_NE(d, nullptr) << spelling;
    EXPECT_EQ(d->lvl, level::risk);
    EXPECT_EQ(d->element_total, 2U);
    ASSERT_EQ(d->disguised.size(), 1U);
    EXPECT_EQ(d->disguised[0].spelling, spelling);
    EXPECT_EQ(d->disguised[0].vendor, "Huawei");
    const std::string s = summary(*d);
    EXPECT_NE(s.find("Huawei as '" + spelling + "' (2 elements)"), std::string::npos) << s;
    const auto j = report::to_json(assessment_document(a));
    bool listed = false;
    for (const auto& f : j["findings"]) {
      listed = listed || (f["kind"] == "disguised_vendor_name" && f["rule"] == "netvet-vendor-name");
    }
    EXPECT_TRUE(listed) << j.dump();
  }
}

// The weighing sees the vendor behind the disguise: nz weighs a Huawei 5G RAN
// significant however the name is written.
TEST(Assess, DisguisedVendorNameIsWeighedAsTheVendor) {
  auto lib = pack_library::load({NETVET_SOURCE_DIR "/policies"}, cat());
  ASSERT_TRUE(lib.has_value()) << lib.err().to_string();
  const pack& nz = **lib->get("nz");
  const auto know = risk::knowledge::builtin(cat());
  ASSERT_TRUE(know.has_value()) << know.err().to_string();
  const auto assess = [&](const std::string& vendor) {
    const auto pr = prop_from("jurisdiction: nz\ndate: 2018-11-28\nadd: [{function: gnb, vendor: \"" + vendor +
                              "\", count: 400, region: Auckland}]\n");
    const evaluator ev(nz, nullptr);
    assessment_options opt;
    opt.as_of = pr.when;
    opt.knowledge = &*know;
    return ev.assess(pr, {}, opt);
  };
  const auto plain = assess("Huawei");
  const auto hidden = assess("Hu\u0430wei");
  EXPECT_EQ(hidden.dec, plain.dec);
  const finding* wp = find_kind(plain, finding_kind::weighed);
  const finding* wh = find_kind(hidden, finding_kind::weighed);
  ASSERT_NE(wp, nullptr);
  ASSERT_NE(wh, nullptr);
  EXPECT_EQ(wh->lvl, wp->lvl);
  EXPECT_EQ(wh->weighing->vendor, "Huawei");
  EXPECT_NE(find_kind(hidden, finding_kind::disguised_vendor_name), nullptr);
}

// An inventory with a disguised spelling resolves it and warns (validate,
// vendors).
TEST(Assess, InventoryWithDisguisedSpellingWarns) {
  const auto net =
      net_from("id,function,vendor\na,gnb,\uFF28\uFF55\uFF41\uFF57\uFF45\uFF49\nb,gnb,Huawei\nc,router,Nokia\n");
  ASSERT_EQ(net.vendors().size(), 2U);
  const auto w = report::disguised_vendor_warnings(net, cat());
  ASSERT_EQ(w.size(), 1U);
  EXPECT_NE(
      w[0].find(
          "'\uFF28\uFF55\uFF41\uFF57\uFF45\uFF49' (1 element) matches Huawei only after folding full-width forms"),
      std::string::npos)
      << w[0];
  const auto doc = report::network_vendors(net, cat());
  EXPECT_EQ(doc.notes, w);
  const auto clean = net_from("id,function,vendor\na,gnb,Huawei\nb,gnb,Nokia\n");
  EXPECT_TRUE(report::disguised_vendor_warnings(clean, cat()).empty());
  // A managing vendor written in disguise warns too (the rules on managed
  // services resolve it to the vendor all the same).
  const auto managed = net_from(
      "id,function,vendor,managed_by\na,gnb,Nokia,Hua\u200Bwei\nb,gnb,Nokia,Hua\u200Bwei\nc,gnb,Nokia,Ericsson\n");
  const auto mw = report::disguised_vendor_warnings(managed, cat());
  ASSERT_EQ(mw.size(), 1U);
  EXPECT_NE(mw[0].find("managed_by 'Hua\u200Bwei' (2 elements) matches Huawei only after folding"), std::string::npos)
      << mw[0];
}

}  // namespace
}  // namespace netvet::policy
