// netvet/policy/assess.h: applying a pack to a proposal (assess) or to a
// whole network on a date (audit).
//
// An `evaluator` binds one pack to one network index (or to none: a
// proposal assessed alone). It precomputes what rules need once (per-site
// tallies for caps that count sites) and then evaluates each proposal as a
// delta over the network's groups: the network is never copied, and a
// proposal costs O(groups + proposal size) per rule.
//
// Rules in force: those whose [from, until] holds the date (both ends
// inclusive). Milestones: due at the end of their `by` day; overdue from the
// day after. Caps: a share exactly at the cap complies.
//
// How: the rules are selected once for the date (coverage.h), and each rule
// is handed to the evaluator of its effect (one per effect, in a table:
// detail/evaluation.h); findings carry figures, not sentences -- the report
// words them (report.h `summary`). The decision is `decide()` below.
//
// Assessment decision (proposal.md "The answer"):
//   significant_risk    some finding is `significant` (a prohibition the
//                       change breaks, equipment added that is already due
//                       for removal, a cap of severity significant exceeded);
//   risk_to_address     else some finding is `risk` (a cap exceeded, equipment
//                       that must be removed by a future date, conditions);
//   no_significant_risk else the change is notifiable (an in-force `notify`
//                       rule covers an added or removed element);
//   not_notifiable      else.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "netvet/policy/coverage.h"
#include "netvet/policy/index.h"
#include "netvet/policy/pack.h"
#include "netvet/policy/precedent.h"
#include "netvet/policy/proposal.h"

namespace netvet::policy {

// What a finding says. X(name, description)
#define NETVET_FINDING_KINDS(X)                                                                        \
  X(prohibited, "covered equipment that the rule prohibits")                                           \
  X(notification_required, "the change touches a part that must be notified")                          \
  X(cap_exceeded, "the covered vendors' share is above the cap")                                       \
  X(within_cap, "the covered vendors' share is at or below the cap")                                   \
  X(removal_due, "covered equipment to be removed by a date still ahead")                              \
  X(removal_overdue, "covered equipment still present after its removal date")                         \
  X(allowed_with_conditions, "covered equipment allowed only under the rule's conditions")             \
  X(not_yet_in_force, "a rule that comes into force later and will concern these elements")            \
  X(weighed, "the change weighed: the vendor's likelihood against the impact on the parts it touches") \
  X(disguised_vendor_name,                                                                             \
    "a vendor written so that it matches only after folding invisible, full-width or look-alike characters")
enum class finding_kind : std::uint8_t {
#define NETVET_X(name, desc) name,
  NETVET_FINDING_KINDS(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(finding_kind k);
std::string_view describe(finding_kind k);

// Elements of one (vendor, function, region), with a few example ids.
struct element_group_count {
  std::string change;  // assess: "added" or "removed"; audit: empty
  std::string vendor;
  model::function fn = model::function::router;
  std::string region;
  std::uint64_t count = 0;
  std::vector<std::string> examples;
};

// The numbers behind a cap finding.
struct cap_figures {
  count_basis basis = count_basis::elements;
  double max_percent = 0;
  std::string region;  // per-region caps; empty: the whole network
  std::uint64_t before_covered = 0, before_total = 0;
  std::uint64_t after_covered = 0, after_total = 0;
  [[nodiscard]] static double share(std::uint64_t covered, std::uint64_t total) {
    return total == 0 ? 0.0 : static_cast<double>(covered) / static_cast<double>(total);
  }
  [[nodiscard]] double before_share() const { return share(before_covered, before_total); }
  [[nodiscard]] double after_share() const { return share(after_covered, after_total); }
};

// The weighing of one part (function, and whether it serves 5G) a vendor's
// elements would take in the change (docs/risk-model.md).
struct part_weighing {
  model::function fn = model::function::router;
  bool serves_5g = false;
  std::uint64_t count = 0;
  risk::criticality_reading crit;
  risk::scale_reading scale;
  risk::level impact = risk::level::low;
  int score = 0;  // likelihood x impact, 1..16; 0: the likelihood could not be weighed
  risk::level risk = risk::level::low;
  decision dec = decision::no_significant_risk;
};

// The weighing of one vendor in a change: its likelihood, factor by factor,
// and each part, worst first; the elements a complete rule answers instead.
struct vendor_weighing {
  std::string vendor;
  const weighing_spec* spec = nullptr;  // the weigh rule's settings
  risk::likelihood_reading likelihood;
  std::vector<part_weighing> parts;
  std::vector<std::pair<const rule*, std::uint64_t>> answered_by;
};

// One case weighed alone -- a vendor in one part, at a scale, on a date --
// with a weigh rule's settings: what reproducing a precedent asks.
struct case_query {
  std::string vendor;  // display name
  model::function fn = model::function::gnb;
  bool serves_5g = false;
  risk::scale at = risk::scale::national;
  date as_of;
  std::string deciding;          // the jurisdiction deciding
  std::string exclude_decision;  // the precedent's decision group: its own facts set aside
};
struct weighed_case {
  risk::likelihood_reading likelihood;
  part_weighing part;
};
weighed_case weigh_case(const weighing_spec& spec, const risk::knowledge& k, const case_query& q);

// A vendor spelling of the proposal that matched only after folding
// (model/vendor.h): netvet's own check, whatever the pack; its finding
// (`disguised_vendor_name`, level risk) points at `disguised_name_rule()`.
struct disguised_name {
  std::string spelling;  // as written
  std::string vendor;    // the display name it resolved to
  model::vendor_folding why;
  std::uint64_t count = 0;  // elements written so
};
const rule& disguised_name_rule();

// Whether a finding is about a proposed change or the installed base (the
// report words the two differently).
enum class finding_mode : std::uint8_t { assessment, audit };

struct finding {
  const rule* r = nullptr;        // points into the pack
  const milestone* ms = nullptr;  // remove rules
  finding_mode mode = finding_mode::assessment;
  finding_kind kind = finding_kind::prohibited;
  level lvl = level::info;
  std::vector<element_group_count> elements;  // largest first, at most max_groups
  std::uint64_t element_total = 0;
  std::uint64_t groups_omitted = 0;
  std::optional<cap_figures> cap;
  std::optional<date> deadline;
  std::int64_t days = 0;                            // deadline - date: >= 0 days left, < 0 overdue
  std::shared_ptr<const vendor_weighing> weighing;  // weighed findings
  std::vector<disguised_name> disguised;            // disguised_vendor_name findings
  // Audit findings: the network elements counted in element_total (input
  // order), so that an element several rules hit is counted once overall.
  std::vector<model::element_index> members;
};

// The distinct elements of the significant and risk findings, sorted (what
// audit_result::elements_at_issue holds).
std::vector<model::element_index> elements_at_issue(const std::vector<finding>& findings);

// Worst level first, then pack order (stable).
void sort_findings(std::vector<finding>& findings);

// Extension point for the graph concern: the subscribers whose service
// already depends on a vendor (vendor outage impact), by display name.
using dependency_fn = std::function<std::optional<std::uint64_t>(std::string_view vendor)>;

struct vendor_dependency {
  std::string vendor;
  std::optional<std::uint64_t> existing_subscribers;  // from dependency_fn, if any
  std::uint64_t added_access = 0;                     // gnb/enb/olt the proposal adds
  std::uint64_t added_subscribers = 0;                // on those
};

struct assessment_options {
  date as_of;
  std::size_t max_groups = 30;
  std::size_t examples = 3;
  dependency_fn dependency;  // optional
  // What the weighing knows of vendors and parts (null: weigh rules find nothing).
  const risk::knowledge* knowledge = nullptr;
  // Reproducing a precedent: the facts that report its own decision are set aside.
  std::string exclude_decision;
  // Real decisions to compare the weighing with (the nearest are named).
  std::span<const precedent> precedents;
};

struct assessment {
  const pack* p = nullptr;
  const proposal* prop = nullptr;
  date as_of;
  decision dec = decision::not_notifiable;
  bool notifiable = false;
  bool has_network = false;
  std::uint64_t network_elements = 0;
  std::uint64_t added = 0;
  std::uint64_t removed = 0;
  std::vector<finding> findings;  // worst level first, then pack order
  std::vector<vendor_dependency> dependencies;
  std::vector<precedent_match> precedents;  // nearest to the weighed parts (assessment_options.precedents)
};

struct audit_options {
  date as_of;
  std::size_t max_groups = 30;
  std::size_t examples = 3;
  bool include_info = true;  // within-cap, allowed, not-yet-in-force findings
};

struct audit_result {
  const pack* p = nullptr;
  date as_of;
  std::uint64_t network_elements = 0;
  std::vector<finding> findings;  // worst level first
  // Distinct elements in significant or risk findings (sorted): an element
  // hit by two rules is one element at issue, not two.
  std::vector<model::element_index> elements_at_issue;
  [[nodiscard]] std::optional<level> worst() const;
  [[nodiscard]] std::size_t count(level l) const;
  // The nearest deadline still ahead (or today), if any.
  [[nodiscard]] const finding* next_deadline() const;
};

// The decision of an assessment from its findings and whether the change is
// notifiable (the file comment gives the order).
decision decide(std::span<const finding> findings, bool notifiable);

class evaluator {
 public:
  // `index` may be null: proposals are then assessed alone (no caps' "before").
  evaluator(const pack& p, const network_index* index);

  [[nodiscard]] assessment assess(const proposal& prop, std::span<const model::element_index> removed,
                                  const assessment_options& options) const;
  [[nodiscard]] audit_result audit(const audit_options& options) const;

  [[nodiscard]] const pack& policy() const { return *pack_; }

 private:
  class tally_table;

  const pack* pack_;
  const network_index* index_;
  std::shared_ptr<const tally_table> tallies_;  // shared: immutable once built; keeps the evaluator copyable
};

// Whether any finding is at or above `at`.
bool any_at_or_above(std::span<const finding> findings, level at);

}  // namespace netvet::policy
