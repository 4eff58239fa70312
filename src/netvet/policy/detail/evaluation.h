// netvet/policy/detail/evaluation.h (private): what the evaluator of each
// rule effect is given, and the table of evaluators keyed by effect.
//
// assess.cpp selects the rules once (coverage.h `select_rules`), handles the
// rules not yet in force the same way for every effect, and hands each rule
// in force to the evaluator of its effect. An evaluator only finds: it fills
// the figures of its findings (kind, level, elements, cap figures, deadline)
// and never writes a sentence -- the wording is the report's
// (report.h `summary`). A new effect (the risk model) is one more row.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/policy/assess.h"
#include "netvet/policy/coverage.h"

namespace netvet::policy::detail {

// An added or removed element of a proposal, as rules see it.
struct change_item {
  element_facts facts;
  std::string_view site;
  std::uint32_t subscribers = 0;
  std::string_view vendor_name;
  std::string_view id;
  bool added = true;
};

// Collects elements by (change, vendor, function, region), with examples.
class grouper {
 public:
  explicit grouper(std::size_t examples) : examples_(examples) {}
  // Not copied: last_ points into groups_ (a moved map keeps its nodes).
  grouper(const grouper&) = delete;
  grouper& operator=(const grouper&) = delete;
  grouper(grouper&&) = default;
  grouper& operator=(grouper&&) = default;
  ~grouper() = default;
  void add(std::string_view vendor, model::function fn, std::string_view region, std::uint64_t n,
           std::string_view example, std::string_view change = {});
  [[nodiscard]] bool wants_examples(std::string_view vendor, model::function fn, std::string_view region);
  [[nodiscard]] std::uint64_t total() const;
  // A network element counted (audit): which ones, so that elements hit by
  // several findings are counted once in an audit's elements at issue.
  void add_member(model::element_index e) { members_.push_back(e); }
  // Moves the groups (largest first, at most max_groups) and members into `f`.
  void into(finding& f, std::size_t max_groups);

 private:
  element_group_count& slot(std::string_view vendor, model::function fn, std::string_view region,
                            std::string_view change);
  std::size_t examples_;
  std::map<std::string, element_group_count> groups_;
  element_group_count* last_ = nullptr;  // the group slot() found last; into() resets it
  std::vector<model::element_index> members_;
};

// Looks up the site tally built for a cap rule or a share milestone.
class tally_lookup {
 public:
  virtual ~tally_lookup() = default;
  tally_lookup() = default;
  tally_lookup(const tally_lookup&) = delete;
  tally_lookup& operator=(const tally_lookup&) = delete;
  [[nodiscard]] virtual const site_tally* tally_for(const void* key) const = 0;
};

// What every evaluator sees.
struct context {
  const network_index* index = nullptr;  // null: a proposal assessed alone
  const tally_lookup* tallies = nullptr;
  date today;
  std::size_t max_groups = 30;
  std::size_t examples = 3;
  bool include_info = true;  // audit: within-cap, allowed findings
  // The weighing (weigh rules) also needs:
  std::span<const selected_rule> rules;        // every rule selected on the date (complete answers)
  const risk::knowledge* knowledge = nullptr;  // null: weigh rules find nothing
  std::string_view deciding;                   // the pack's jurisdiction
  std::string_view exclude_decision;           // reproducing a precedent: its own facts set aside
  const dependency_fn* dependency = nullptr;   // subscribers already depending on a vendor
};

// A proposal's change, for assess evaluators.
struct change {
  std::span<const change_item> items;
  bool notifiable = false;  // set by the notify evaluator
};

finding make_finding(const rule& r, finding_mode mode, finding_kind kind, level lvl);
// The finding of a removal milestone on `today`: due (a risk) until its
// date, overdue (the rule's violation level) after it.
finding milestone_finding(const rule& r, const milestone& m, finding_mode mode, date today);
// Proposal elements covered by `c` (added and/or removed) into `g`.
void collect_changes(std::span<const change_item> items, const coverage& c, bool want_added, bool want_removed,
                     grouper& g);
// Network elements covered by `c` (members installed on or after `since`) into `g`.
void collect_network(const network_index& index, const coverage& c, std::optional<date> since, grouper& g);

using assess_fn = void (*)(const rule& r, const context& ctx, change& ch, std::vector<finding>& out);
using audit_fn = void (*)(const rule& r, const context& ctx, std::vector<finding>& out);

struct effect_evaluator {
  assess_fn assess = nullptr;  // null: the effect says nothing about a change
  audit_fn audit = nullptr;    // null: the effect says nothing about the installed base
  // Whether a rule not yet in force is reported ahead (not_yet_in_force):
  // not for a notification duty, which only concerns changes made under it.
  bool announces_ahead = true;
};
// The evaluator of each effect, indexed by `effect` (one row per NETVET_EFFECTS entry).
const effect_evaluator& evaluator_for(effect e);

}  // namespace netvet::policy::detail
