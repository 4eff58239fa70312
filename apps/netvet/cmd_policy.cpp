// netvet policies list|show|validate, netvet assess, netvet audit
// (docs/policy-packs.md). Dates are injected: --as-of, default today (UTC)
// for audit, the proposal's date for assess.
#include <cstdio>

#include "cli.h"
#include "commands.h"
#include "netvet/policy/report.h"
#include "netvet/report/summary.h"
#include "netvet/usecase/policy.h"
#include "netvet/version.h"

namespace netvet::cli {
namespace {

struct policy_config {
  input_config in;
  std::string id;
  std::string path;
  std::string policy;
  std::string as_of;
  std::string fmt;
  std::string fail_on;
  bool explain = false;
};

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

const policy::pack_library& packs(const usecase::context& ctx) { return *unwrap(ctx.packs()); }

void add_policies_list(CLI::App& cmd) {
  auto st = std::make_shared<policy_config>();
  auto* sub = cmd.add_subcommand("list", "The packs netvet knows");
  add_output_format(*sub, st->fmt);
  sub->footer("Example:\n  netvet policies list");
  sub->callback([st] { print(policy::packs_document(packs(*make_context(st->in))), st->fmt); });
}

void add_policies_show(CLI::App& cmd) {
  auto st = std::make_shared<policy_config>();
  auto* sub = cmd.add_subcommand("show", "A pack's rules, sources, dates, designations and areas");
  sub->add_option("ID", st->id, "Pack id or alias (nz, gb, uk, eu, ...)")->required();
  add_output_format(*sub, st->fmt);
  sub->footer("Example:\n  netvet policies show nz\n  netvet policies show uk --format markdown");
  sub->callback([st] {
    const auto ctx = make_context(st->in);
    print(policy::pack_document(*unwrap(packs(*ctx).get(st->id, "ID"))), st->fmt);
  });
}

void add_policies_validate(CLI::App& cmd) {
  auto st = std::make_shared<policy_config>();
  auto* sub = cmd.add_subcommand("validate", "Check a pack file; every error names file, line and key");
  sub->add_option("FILE", st->path, "A pack (YAML); `extends` resolves to the shipped packs")->required();
  add_input_options(*sub, st->in, /*snapshot_source=*/false);
  sub->footer(
      "Example:\n  netvet policies validate policies/nz.yaml\n"
      "Exit status 0 when valid, 9 with every error on stderr.");
  sub->callback([st] {
    const auto ctx = make_context(st->in);
    const auto c = unwrap(usecase::validate_pack(*ctx, st->path));
    std::printf("%s: valid: pack %s (%s), %zu rules (%zu own), %zu designations, %zu areas\n", st->path.c_str(),
                c.p.id.c_str(), c.p.name.c_str(), c.p.rules.size(), c.own_rules, c.p.designations.size(),
                c.p.areas.size());
  });
}

}  // namespace

void add_policies(CLI::App& app) {
  auto* cmd = app.add_subcommand("policies", "List, show and validate policy packs (one per jurisdiction)");
  cmd->require_subcommand(1);
  cmd->footer(
      "Packs are read from $NETVET_POLICY_DIR, <exe>/../share/netvet/policies, the source tree's\n"
      "policies/, or the copies built into netvet. Format: docs/policy-packs.md.");
  add_policies_list(*cmd);
  add_policies_show(*cmd);
  add_policies_validate(*cmd);
}

void add_assess(CLI::App& app) {
  auto st = std::make_shared<policy_config>();
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
    const auto fail_on = parse_fail_on(st->fail_on);
    usecase::assess_request req;
    req.proposal = st->path;
    req.policy = st->policy;
    req.as_of = parse_date_option(st->as_of, "--as-of");
    req.network_options = to_source(st->in, /*require_network=*/false);
    const auto ctx = make_context(st->in);
    progress bar("reading the proposal's network");
    const auto out = unwrap(usecase::assess(*ctx, req, bar.callback()));
    bar.finish();
    if (st->fmt == "text") {
      print_text(policy::assessment_text(out.assessment));
    } else {
      print(policy::assessment_document(out.assessment), st->fmt);
    }
    if (fail_on && policy::any_at_or_above(out.assessment.findings, *fail_on)) {
      throw command_exit{1};
    }
  });
}

void add_audit(CLI::App& app) {
  auto st = std::make_shared<policy_config>();
  auto* cmd = app.add_subcommand("audit", "Check a whole network against a pack (or all) in force on a date");
  add_network_path(*cmd, st->in.path);
  cmd->add_option("--policy", st->policy, "Pack id, or 'all' for a matrix across jurisdictions")->required();
  cmd->add_option("--as-of", st->as_of,
                  "Date, YYYY-MM-DD (default: today, UTC); a future date shows what will become non-compliant");
  add_fail_on(*cmd, st->fail_on);
  cmd->add_flag("--explain", st->explain,
                "Weigh each finding's elements: likelihood, criticality, scale, impact, score and decision");
  add_input_options(*cmd, st->in);
  st->fmt = "text";
  cmd->add_option("--format", st->fmt,
                  "Output: text, json, csv, markdown, or cyclonedx (the network as a CycloneDX 1.6 BOM with each "
                  "finding as properties of its components)")
      ->check(CLI::IsMember({"text", "json", "csv", "markdown", "cyclonedx"}))
      ->capture_default_str();
  cmd->footer(
      "Examples:\n  netvet audit examples/spark-2018/network --policy gb --as-of 2028-01-01\n"
      "  netvet audit examples/spark-2018/network --policy all --fail-on significant\n"
      "  netvet audit examples/spark-2018/network --policy nz --explain --format json\n"
      "  netvet audit examples/spark-2018/network --policy all --format cyclonedx > spark-findings.cdx.json\n"
      "Levels: info < risk < significant. Exit 1 with --fail-on when a finding at or above it exists.");
  cmd->callback([st] {
    const auto fail_on = parse_fail_on(st->fail_on);
    usecase::audit_request req;
    req.source = to_source(st->in);
    req.policy = st->policy;
    req.as_of = parse_date_option(st->as_of, "--as-of");
    req.explain = st->explain;
    const auto ctx = make_context(st->in);
    progress bar(reading_label(st->in));
    const auto out = unwrap(usecase::audit(*ctx, req, bar.callback()));
    bar.finish();
    if (st->fmt == "cyclonedx") {
      for (const auto& n : out.import_notes) {
        std::fprintf(stderr, "not read: %s\n", n.c_str());
      }
      print_text(unwrap(usecase::audit_bom(*ctx, out, NETVET_VERSION)));
      if (fail_on && usecase::any_at_or_above(out, *fail_on)) {
        throw command_exit{1};
      }
      return;
    }
    const auto* explained = st->explain ? &out.explanations : nullptr;
    auto doc = out.matrix ? policy::audit_matrix_document(out.results, out.network_name, explained)
                          : policy::audit_document(out.results.front(), out.network_name,
                                                   explained != nullptr ? &explained->front() : nullptr);
    for (const auto& n : out.import_notes) {
      doc.notes.push_back("not read: " + n);
    }
    // The rules saw disguised vendor names as the vendor; the reader is told.
    for (auto& w : report::disguised_vendor_warnings(*out.network, ctx->catalog())) {
      doc.notes.push_back(std::move(w));
    }
    print(doc, st->fmt);
    if (fail_on && usecase::any_at_or_above(out, *fail_on)) {
      throw command_exit{1};
    }
  });
}

}  // namespace netvet::cli
