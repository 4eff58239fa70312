// The use cases as the CLI and the server call them: explicit context, typed
// requests, errors as values naming the request field.
#include <gtest/gtest.h>

#include "netvet/usecase/graph.h"
#include "netvet/usecase/network.h"
#include "netvet/usecase/policy.h"
#include "netvet/usecase/risk.h"
#include "netvet/usecase/store.h"
#include "support/fault_file_system.h"
#include "support/temp_dir.h"

namespace netvet::usecase {
namespace {

const std::string kExample = NETVET_SOURCE_DIR "/examples/spark-2018";

std::unique_ptr<context> make(context_options opt = {}) {
  if (opt.policy_dirs.empty()) {
    opt.policy_dirs = {NETVET_SOURCE_DIR "/policies"};
  }
  auto c = context::create(std::move(opt));
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.err().to_string());
  return std::move(c).value();
}

network_source path_source(const std::string& path) {
  network_source s;
  s.path = path;
  return s;
}

TEST(Context, EachContextHasItsOwnCatalogue) {
  const testing::temp_dir dir;
  testing::spit(dir / "aliases.csv",
                "display_name,canonical_name,aliases,hq_country\nAcme Radio,Acme Radio Ltd,ACME,NZ\n");
  context_options with;
  with.vendors_file = dir / "aliases.csv";
  const auto a = make(with);
  const auto b = make();
  EXPECT_TRUE(a->catalog().resolve("ACME").vendor.has_value());
  EXPECT_FALSE(b->catalog().resolve("ACME").vendor.has_value());  // nothing leaks through a static
  EXPECT_EQ(&b->catalog(), &model::vendor_catalog::builtin());
}

TEST(Context, BadVendorFileIsAnErrorNamingIt) {
  context_options opt;
  opt.vendors_file = "/no/such/aliases.csv";
  const auto c = context::create(opt);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.err().code, error_code::not_found);
  EXPECT_NE(c.err().to_string().find("/no/such/aliases.csv"), std::string::npos);
}

TEST(Context, ClockIsInjected) {
  context_options opt;
  opt.today = [] { return *parse_date("2028-01-01"); };
  EXPECT_EQ(format_date(make(opt)->today()), "2028-01-01");
}

TEST(Assess, SparkProposalThroughTheUseCase) {
  const auto ctx = make();
  assess_request req;
  req.proposal = kExample + "/proposal.yaml";
  const auto out = assess(*ctx, req);
  ASSERT_TRUE(out.has_value()) << out.err().to_string();
  EXPECT_EQ(out->assessment.dec, policy::decision::significant_risk);
  ASSERT_NE(out->network, nullptr);
  EXPECT_EQ(out->assessment.prop, out->proposal.get());  // points into the outcome it travels with
  req.policy = "zz";
  const auto bad = assess(*ctx, req);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.err().code, error_code::not_found);
  EXPECT_EQ(bad.err().where.field, "--policy");
}

// The dependency figures come from the network's outage table, built once by
// assess; they are the graph concern's vendor_dependency answers.
TEST(Assess, DependencyFiguresAreTheVendorOutages) {
  const auto ctx = make();
  assess_request req;
  req.proposal = kExample + "/proposal.yaml";
  const auto out = assess(*ctx, req);
  ASSERT_TRUE(out.has_value()) << out.err().to_string();
  ASSERT_NE(out->outages, nullptr);
  ASSERT_FALSE(out->assessment.dependencies.empty());
  for (const auto& d : out->assessment.dependencies) {
    const auto want = graph::vendor_dependency(*out->network, d.vendor, ctx->catalog());
    ASSERT_TRUE(want.has_value());
    EXPECT_EQ(d.existing_subscribers, want->subscribers_lost) << d.vendor;
  }
  const auto dep = dependency_on(*out->outages, ctx->catalog());
  EXPECT_EQ(dep("Kaspersky"), 0U);  // not in the network: nothing depends on it
}

TEST(Audit, OnePackOrAllAsOfADate) {
  const auto ctx = make();
  audit_request req;
  req.source = path_source(kExample + "/network");
  req.policy = "gb";
  req.as_of = parse_date("2028-01-01");
  const auto one = audit(*ctx, req);
  ASSERT_TRUE(one.has_value()) << one.err().to_string();
  EXPECT_FALSE(one->matrix);
  ASSERT_EQ(one->results.size(), 1U);
  EXPECT_EQ(one->results[0].as_of, *req.as_of);
  req.policy = "all";
  const auto all = audit(*ctx, req);
  ASSERT_TRUE(all.has_value());
  EXPECT_TRUE(all->matrix);
  EXPECT_EQ(all->results.size(), (*ctx->packs())->packs().size());
  EXPECT_TRUE(any_at_or_above(*all, policy::level::info));
}

TEST(Audit, ExplainWeighsEveryFindingsElements) {
  const auto ctx = make();
  audit_request req;
  req.source = path_source(kExample + "/network");
  req.policy = "all";
  req.as_of = parse_date("2028-01-01");
  const auto plain = audit(*ctx, req);
  ASSERT_TRUE(plain.has_value());
  EXPECT_TRUE(plain->explanations.empty());
  req.explain = true;
  const auto out = audit(*ctx, req);
  ASSERT_TRUE(out.has_value()) << out.err().to_string();
  ASSERT_EQ(out->explanations.size(), out->results.size());
  for (std::size_t i = 0; i < out->results.size(); ++i) {
    const auto& x = out->explanations[i];
    ASSERT_EQ(x.findings.size(), out->results[i].findings.size());
    ASSERT_NE(x.spec, nullptr);
    for (std::size_t f = 0; f < x.findings.size(); ++f) {
      std::uint64_t n = 0;
      for (const auto& g : x.findings[f]) {
        n += g.count;
        EXPECT_EQ(g.part.score > 0, g.likelihood->likelihood.weighable);
        EXPECT_LE(g.vendor_in_layer, g.layer_total);
      }
      EXPECT_EQ(n, out->results[i].findings[f].element_total) << out->results[i].p->id << " finding " << f;
    }
  }
}

TEST(VendorProfile, ResolvesSpellingsAndRefusesUnknownNames) {
  const auto ctx = make();
  profile_request req;
  req.vendor = "HUAWEI TECHNOLOGIES CO., LTD.";
  req.as_of = parse_date("2018-11-28");
  req.policy = "nz";
  const auto out = vendor_profile(*ctx, req);
  ASSERT_TRUE(out.has_value()) << out.err().to_string();
  EXPECT_EQ(out->profile.weighing.vendor, "Huawei");
  EXPECT_EQ(out->profile.deciding, "NZ");
  EXPECT_EQ(out->profile.weighing.likelihood.lvl, risk::level::high);
  EXPECT_FALSE(out->profile.sources.empty());
  req.vendor = "Nokai";
  const auto bad = vendor_profile(*ctx, req);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.err().code, error_code::invalid_input);
  EXPECT_NE(bad.err().message.find("Nokia"), std::string::npos) << bad.err().message;
}

TEST(Network, SourceMustNameExactlyOneNetwork) {
  const auto ctx = make();
  const auto none = load_network(*ctx, network_source{});
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.err().code, error_code::invalid_input);
  EXPECT_EQ(none.err().where.field, "PATH");
  network_source both = path_source(kExample + "/network");
  both.workspace = "ws.db";
  both.snapshot = "x";
  EXPECT_EQ(load_network(*ctx, both).err().code, error_code::invalid_input);
}

// `netvet summary` and `netvet validate` on a NetBox import say how many
// cables became links and why the others did not (issue class 7).
TEST(Network, NetBoxSummaryAndValidateReportTheCables) {
  const auto ctx = make();
  const auto in = import_network(
      *ctx, path_source(NETVET_SOURCE_DIR "/tests/data/netbox-sample/netbox-demo-v3.6-branch-sample.json"));
  ASSERT_TRUE(in.has_value()) << in.err().to_string();
  const auto doc = summary_document(*ctx, *in);
  const auto j = report::to_json(doc);
  EXPECT_EQ(j["cables"], 42);
  EXPECT_EQ(j["cables_linked"], 14);
  EXPECT_EQ(j["links_from_cables"], 14);
  EXPECT_EQ(j["cables_not_linked"], 28);
  ASSERT_EQ(j["unlinked_cables"].size(), 2U);
  EXPECT_EQ(j["unlinked_cables"][0]["reason"], "power");
  EXPECT_EQ(j["unlinked_cables"][0]["cables"], 14);
  EXPECT_EQ(j["unlinked_cables"][1]["reason"], "circuit_open");
  const std::string text = report::render_text(doc);
  EXPECT_NE(text.find("Cables that became links"), std::string::npos) << text;
  EXPECT_NE(text.find("circuit_open"), std::string::npos) << text;
  const auto lines = cable_lines(in->report);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0], "cables: 42 read, 14 became 14 links, 28 not linked:");
  EXPECT_EQ(lines[1].rfind("  14 power: ", 0), 0U) << lines[1];
  EXPECT_EQ(lines[2].rfind("  14 circuit_open: ", 0), 0U) << lines[2];
  // No cables, no cable lines or table.
  const auto csv = import_network(*ctx, path_source(kExample + "/network"));
  ASSERT_TRUE(csv.has_value());
  EXPECT_TRUE(cable_lines(csv->report).empty());
  EXPECT_FALSE(report::to_json(summary_document(*ctx, *csv)).contains("unlinked_cables"));
}

// Every file goes through the context's file system: a failing disk is an
// io_error naming the file, never a crash or a silent short read.
TEST(Network, ReadsThroughTheContextsFileSystem) {
  testing::fault_file_system faulty(local_file_system());
  const std::string elements = kExample + "/network/elements.csv";
  faulty.fail_read_after(elements, 100);
  context_options opt;
  opt.fs = &faulty;
  const auto ctx = make(opt);
  const auto net = load_network(*ctx, path_source(kExample + "/network"));
  ASSERT_FALSE(net.has_value());
  EXPECT_EQ(net.err().code, error_code::io_error);
  EXPECT_NE(net.err().to_string().find("elements.csv"), std::string::npos);
}

TEST(Store, ImportThenAuditTheSnapshot) {
  const testing::temp_dir dir;
  const auto ctx = make();
  import_request imp;
  imp.source = path_source(kExample + "/network");
  imp.workspace = dir / "ws.db";
  imp.name = "2018";
  imp.imported_at = store::timestamp{1543363200};
  const auto info = import_snapshot(*ctx, imp);
  ASSERT_TRUE(info.has_value()) << info.err().to_string();
  EXPECT_EQ(import_snapshot(*ctx, imp).err().code, error_code::already_exists);
  audit_request req;
  req.source.workspace = imp.workspace;
  req.source.snapshot = "2018";
  req.policy = "nz";
  req.as_of = parse_date("2019-01-01");
  const auto out = audit(*ctx, req);
  ASSERT_TRUE(out.has_value()) << out.err().to_string();
  EXPECT_EQ(out->network_name, imp.workspace + ":2018");
  EXPECT_EQ(out->network->element_count(), info->elements);
}

TEST(Graph, OutageNeedsAVendorToGoDownTogether) {
  const auto ctx = make();
  outage_request req;
  req.source = path_source(kExample + "/network");
  req.outage.together = true;
  const auto bad = outage(*ctx, req);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.err().where.field, "--together");
  req.outage.vendors = {"Huawei"};
  const auto ok = outage(*ctx, req);
  ASSERT_TRUE(ok.has_value()) << ok.err().to_string();
  EXPECT_EQ(ok->doc.kind, "outage");
}

}  // namespace
}  // namespace netvet::usecase
