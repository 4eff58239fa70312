// netvet policies list|show|validate, netvet assess, netvet audit
// (docs/policy-packs.md). Dates are injected: --as-of, default today (UTC)
// for audit, the proposal's date for assess.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include <unistd.h>

#include "cli.h"
#include "netvet/policy/assess.h"
#include "netvet/policy/loader.h"
#include "netvet/policy/report.h"
#if __has_include("netvet/graph/outage.h")
#include "netvet/graph/outage.h"
#define NETVET_HAVE_GRAPH 1
#endif

namespace netvet::cli {
namespace {

std::string exe_dir() {
  std::error_code ec;
  const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.parent_path().string();
}

// $NETVET_POLICY_DIR, <exe>/../share/netvet/policies, the source tree, then embedded.
std::vector<std::string> policy_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("NETVET_POLICY_DIR"); env != nullptr && *env != '\0') {
    dirs.emplace_back(env);
  }
  const std::string exe = exe_dir();
  if (!exe.empty()) {
    dirs.push_back(exe + "/../share/netvet/policies");
  }
#ifdef NETVET_POLICY_SOURCE_DIR
  dirs.emplace_back(NETVET_POLICY_SOURCE_DIR);
#endif
  return dirs;
}

const policy::pack_library& library(const model::vendor_catalog& catalog) {
  static std::unique_ptr<policy::pack_library> lib;
  if (!lib) {
    lib = std::make_unique<policy::pack_library>(unwrap(policy::pack_library::load(policy_dirs(), catalog)));
  }
  return *lib;
}

date parse_as_of(const std::string& text, date fallback) {
  if (text.empty()) {
    return fallback;
  }
  const auto d = parse_date(text);
  if (!d) {
    fail(make_error(error_code::invalid_input, "cannot parse date '" + text + "' (expected YYYY-MM-DD)",
                    location{"", 0, 0, "--as-of"}));
  }
  return *d;
}

std::optional<policy::level> parse_fail_on(const std::string& text) {
  if (text.empty() || text == "none") {
    return std::nullopt;
  }
  const auto l = policy::parse_level(text);
  if (!l) {
    fail(make_error(error_code::invalid_input,
                    "unknown level '" + text + "'; expected one of: " + policy::level_list() + " (or none)",
                    location{"", 0, 0, "--fail-on"}));
  }
  return l;
}

void add_fail_on(CLI::App& cmd, std::string& fail_on) {
  cmd.add_option("--fail-on", fail_on,
                 "Exit 1 when a finding at or above this level exists: info, risk, significant (default: none)");
}

struct policy_cmds {
  input_options in;
  std::string id;
  std::string path;
  std::string policy;
  std::string as_of;
  std::string fmt;
  std::string fail_on;
};

const registrar kPolicies{
    30, [](CLI::App& app) {
      auto* cmd = app.add_subcommand("policies", "List, show and validate policy packs (one per jurisdiction)");
      cmd->require_subcommand(1);
      cmd->footer(
          "Packs are read from $NETVET_POLICY_DIR, <exe>/../share/netvet/policies, the source tree's\n"
          "policies/, or the copies built into netvet. Format: docs/policy-packs.md.");
      {
        auto st = std::make_shared<policy_cmds>();
        auto* sub = cmd->add_subcommand("list", "The packs netvet knows");
        add_output_format(*sub, st->fmt);
        sub->footer("Example:\n  netvet policies list");
        sub->callback([st] { print(policy::packs_document(library(catalog_for(st->in))), st->fmt); });
      }
      {
        auto st = std::make_shared<policy_cmds>();
        auto* sub = cmd->add_subcommand("show", "A pack's rules, sources, dates, designations and areas");
        sub->add_option("ID", st->id, "Pack id or alias (nz, gb, uk, eu, ...)")->required();
        add_output_format(*sub, st->fmt);
        sub->footer("Example:\n  netvet policies show nz\n  netvet policies show uk --format markdown");
        sub->callback([st] {
          const auto& lib = library(catalog_for(st->in));
          print(policy::pack_document(*unwrap(lib.get(st->id, "ID"))), st->fmt);
        });
      }
      {
        auto st = std::make_shared<policy_cmds>();
        auto* sub = cmd->add_subcommand("validate", "Check a pack file; every error names file, line and key");
        sub->add_option("FILE", st->path, "A pack (YAML); `extends` resolves to the shipped packs")->required();
        add_input_options(*sub, st->in, /*snapshot_source=*/false);
        sub->footer(
            "Example:\n  netvet policies validate policies/nz.yaml\n"
            "Exit status 0 when valid, 9 with every error on stderr.");
        sub->callback([st] {
          const auto& catalog = catalog_for(st->in);
          const auto p = unwrap(library(catalog).load_file(st->path, catalog));
          std::size_t own = 0;
          for (const auto& r : p.rules) {
            own += r.origin_pack == p.id ? 1 : 0;
          }
          std::printf("%s: valid: pack %s (%s), %zu rules (%zu own), %zu designations, %zu areas\n", st->path.c_str(),
                      p.id.c_str(), p.name.c_str(), p.rules.size(), own, p.designations.size(), p.areas.size());
        });
      }
    }};

const registrar kAssess{
    31, [](CLI::App& app) {
      auto st = std::make_shared<policy_cmds>();
      auto* cmd = app.add_subcommand("assess", "Assess a proposed change against a jurisdiction's pack");
      cmd->add_option("PROPOSAL", st->path, "Proposal (YAML or JSON; docs/formats/proposal.md)")->required();
      cmd->add_option("--policy", st->policy, "Pack id (default: the proposal's jurisdiction)");
      cmd->add_option("--as-of", st->as_of, "Date whose rules apply, YYYY-MM-DD (default: the proposal's date)");
      add_fail_on(*cmd, st->fail_on);
      add_input_options(*cmd, st->in, /*snapshot_source=*/false);
      add_output_format(*cmd, st->fmt);
      cmd->footer(
          "Example:\n  netvet assess examples/spark-2018/proposal.yaml\n"
          "  netvet assess examples/spark-2018/proposal-nokia.yaml --format json\n"
          "Decisions: significant_risk, risk_to_address, no_significant_risk, not_notifiable.");
      cmd->callback([st] {
        const auto& catalog = catalog_for(st->in);
        const auto fail_on = parse_fail_on(st->fail_on);
        const auto prop = unwrap(policy::read_proposal(st->path, catalog));
        const auto& lib = library(catalog);
        const policy::pack* p = nullptr;
        if (!st->policy.empty()) {
          p = unwrap(lib.get(st->policy, "--policy"));
        } else {
          auto r = lib.get(prop.jurisdiction, "jurisdiction");
          if (!r) {
            auto e = r.take_error();
            e.where = location{prop.file, prop.jurisdiction_line, 0, "jurisdiction"};
            fail(std::move(e));
          }
          p = *r;
        }
        const date as_of = parse_as_of(st->as_of, prop.when);
        std::optional<model::network> net;
        std::unique_ptr<policy::network_index> index;
        if (!prop.network.empty()) {
          net.emplace(load_network(prop.network, st->in));
          index = std::make_unique<policy::network_index>(*net, catalog);
        }
        const auto removed = unwrap(policy::check_against(prop, net ? &*net : nullptr));
        const policy::evaluator ev(*p, index.get());
        policy::assessment_options opt;
        opt.as_of = as_of;
#ifdef NETVET_HAVE_GRAPH
        if (net) {
          const model::network* n = &*net;
          opt.dependency = [n, &catalog](std::string_view vendor) -> std::optional<std::uint64_t> {
            auto r = graph::vendor_dependency(*n, vendor, catalog);
            if (!r) {
              return std::nullopt;
            }
            return r->subscribers_lost;
          };
        }
#endif
        const auto a = ev.assess(prop, removed, opt);
        if (st->fmt == "text") {
          const std::string out = policy::assessment_text(a);
          std::fwrite(out.data(), 1, out.size(), stdout);
        } else {
          print(policy::assessment_document(a), st->fmt);
        }
        if (fail_on && policy::any_at_or_above(a.findings, *fail_on)) {
          throw command_exit{1};
        }
      });
    }};

const registrar kAudit{
    32, [](CLI::App& app) {
      auto st = std::make_shared<policy_cmds>();
      auto* cmd = app.add_subcommand("audit", "Check a whole network against a pack (or all) in force on a date");
      add_network_path(*cmd, st->path);
      cmd->add_option("--policy", st->policy, "Pack id, or 'all' for a matrix across jurisdictions")->required();
      cmd->add_option("--as-of", st->as_of,
                      "Date, YYYY-MM-DD (default: today, UTC); a future date shows what will become non-compliant");
      add_fail_on(*cmd, st->fail_on);
      add_input_options(*cmd, st->in);
      add_output_format(*cmd, st->fmt);
      cmd->footer(
          "Examples:\n  netvet audit examples/spark-2018/network --policy gb --as-of 2028-01-01\n"
          "  netvet audit examples/spark-2018/network --policy all --fail-on significant\n"
          "Levels: info < risk < significant. Exit 1 with --fail-on when a finding at or above it exists.");
      cmd->callback([st] {
        const auto& catalog = catalog_for(st->in);
        const auto fail_on = parse_fail_on(st->fail_on);
        const auto& lib = library(catalog);
        std::vector<const policy::pack*> packs;
        if (st->policy == "all") {
          for (const auto& p : lib.packs()) {
            packs.push_back(&p);
          }
        } else {
          packs.push_back(unwrap(lib.get(st->policy, "--policy")));
        }
        const date as_of = parse_as_of(st->as_of, today_utc());
        const auto net = load_network(st->path, st->in);
        const std::string name = st->path.empty() ? st->in.workspace + ":" + st->in.snapshot : st->path;
        const policy::network_index index(net, catalog);
        std::vector<policy::audit_result> results;
        policy::audit_options opt;
        opt.as_of = as_of;
        for (const auto* p : packs) {
          const policy::evaluator ev(*p, &index);
          results.push_back(ev.audit(opt));
        }
        if (st->policy == "all") {
          print(policy::audit_matrix_document(results, name), st->fmt);
        } else {
          print(policy::audit_document(results.front(), name), st->fmt);
        }
        if (fail_on) {
          for (const auto& r : results) {
            if (policy::any_at_or_above(r.findings, *fail_on)) {
              throw command_exit{1};
            }
          }
        }
      });
    }};

}  // namespace
}  // namespace netvet::cli
