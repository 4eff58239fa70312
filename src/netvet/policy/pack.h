// netvet/policy/pack.h: a jurisdiction's rules as data (a "policy pack").
//
// A pack is loaded from YAML (docs/policy-packs.md, format version 1) by
// loader.h and is immutable afterwards; it is safe to share between threads.
// Every vocabulary here (effects, severities, deployments, counting bases,
// decisions, finding levels) is declared once, in the X-macros below, and
// drives parsing, printing, JSON and help text.
//
// What a rule covers is resolved at load time into masks and vendor sets:
//  - parts: the union of the listed functions, layers and EU asset categories
//    (and of the functions of the listed areas) as one bit per function;
//    nothing listed means every function;
//  - vendors: the listed names and designations, resolved through the vendor
//    catalogue to catalogue ids (with subsidiaries when `affiliates: true`);
//    nothing listed means every vendor;
//  - generations, deployments, regions: further filters (all when empty).
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/confidence.h"
#include "netvet/core/date.h"
#include "netvet/model/function.h"
#include "netvet/model/vendor.h"
#include "netvet/risk/model.h"

namespace netvet::policy {

// The pack format version this build reads (`netvet_policy: 1`).
inline constexpr int kPackFormatVersion = 1;

// What a rule does. X(name, description)
#define NETVET_EFFECTS(X)                                                                     \
  X(prohibit, "the covered vendors may not be used in the covered parts")                     \
  X(notify, "a change to the covered parts must be notified to the agency before it is made") \
  X(cap, "the covered vendors' share of a part of the network may not exceed a maximum")      \
  X(remove, "the covered equipment must be removed by dated milestones")                      \
  X(allow, "the covered use is allowed, subject to conditions")                               \
  X(weigh, "the covered changes are weighed: vendor likelihood x impact (docs/risk-model.md)")
enum class effect : std::uint8_t {
#define NETVET_X(name, desc) name,
  NETVET_EFFECTS(NETVET_X)
#undef NETVET_X
};
inline constexpr std::size_t kEffectCount = 0
#define NETVET_X(name, desc) +1
    NETVET_EFFECTS(NETVET_X)
#undef NETVET_X
    ;
std::string_view to_string(effect e);
std::string_view describe(effect e);
std::optional<effect> parse_effect(std::string_view s);
std::string effect_list();

// The decisions of an assessment (proposal.md "The answer"), worst first.
#define NETVET_DECISIONS(X)                                                                                          \
  X(significant_risk, "the change as proposed would raise a significant network security risk: it may not go ahead") \
  X(risk_to_address, "a risk the operator must mitigate or a condition it must meet")                                \
  X(no_significant_risk, "nothing in the pack stands against it")                                                    \
  X(not_notifiable, "the change lies outside the parts the law asks to be notified of, and no rule stands against it")
enum class decision : std::uint8_t {
#define NETVET_X(name, desc) name,
  NETVET_DECISIONS(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(decision d);
std::string_view describe(decision d);
std::optional<decision> parse_decision(std::string_view s);

// How much a finding weighs; ordered, for --fail-on. X(name, description)
#define NETVET_LEVELS(X)                                                          \
  X(info, "for the record: a notification duty, a compliant cap, an allowed use") \
  X(risk, "a risk to address: a condition, a cap exceeded, a deadline ahead")     \
  X(significant, "a significant risk or a breach: a prohibition, an overdue deadline")
enum class level : std::uint8_t {
#define NETVET_X(name, desc) name,
  NETVET_LEVELS(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(level l);
std::string_view describe(level l);
std::optional<level> parse_level(std::string_view s);
std::string level_list();

// Which equipment a rule applies to. X(enumerator, word, description)
// (`new` is a keyword: the enumerator is new_, the word is "new").
#define NETVET_DEPLOYMENTS(X)                                                                               \
  X(all, "all", "new and installed equipment")                                                              \
  X(new_, "new",                                                                                            \
    "new deployments only: a proposal's additions; in an audit, elements installed on or after the rule's " \
    "`from` date")                                                                                          \
  X(existing, "existing", "the installed base only")
enum class deployment : std::uint8_t {
#define NETVET_X(name, word, desc) name,
  NETVET_DEPLOYMENTS(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(deployment d);
std::string_view describe(deployment d);
std::optional<deployment> parse_deployment(std::string_view s);

// What a cap counts. X(name, description)
#define NETVET_COUNT_BASES(X)                                     \
  X(elements, "elements")                                         \
  X(sites, "distinct sites holding at least one covered element") \
  X(subscribers, "subscribers served by the covered elements")
enum class count_basis : std::uint8_t {
#define NETVET_X(name, desc) name,
  NETVET_COUNT_BASES(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(count_basis c);
std::string_view describe(count_basis c);
std::optional<count_basis> parse_count_basis(std::string_view s);

using function_mask = std::bitset<model::kFunctionCount>;

// A rule's legal source.
struct source {
  std::string instrument;           // "Telecommunications (Interception Capability and Security) Act 2013"
  std::string section;              // "s48"
  std::optional<netvet::date> day;  // the instrument's date
  std::string url;
  [[nodiscard]] std::string cite() const;  // "Instrument, s48 (2013-11-11)"
};

// Days in force, both ends inclusive; `until` empty: still in force.
struct in_force {
  std::optional<date> from;
  std::optional<date> until;
  [[nodiscard]] bool on(date d) const { return (!from || *from <= d) && (!until || d <= *until); }
  [[nodiscard]] bool overlaps(const in_force& o) const;
};

// A named list of vendors (UK "designated vendor", US "FCC Covered List").
struct designation {
  std::string id;
  std::string title;
  std::vector<std::string> vendors;     // display names as written in the pack
  bool affiliates = false;              // subsidiaries (vendors.csv `parent`) included
  std::set<model::vendor_id> resolved;  // catalogue ids, affiliates included
  source src;
  confidence conf = confidence::confirmed;
  std::string text;
  std::string origin_pack;  // the pack that defined it (for inherited ones)
  std::size_t line = 0;
};

// A named notifiable area (TICSA s47): parts of the network.
struct area {
  std::string id;
  std::string title;
  std::vector<std::string> functions, layers, categories;  // as written
  function_mask parts;                                     // resolved
  source src;
  confidence conf = confidence::confirmed;
  std::string text;
  std::size_t line = 0;
};

// What a rule covers (see the file comment for how it resolves).
struct coverage {
  std::vector<std::string> vendor_names;  // as written
  std::vector<std::string> designations;  // ids
  bool affiliates = false;
  bool managed_services = false;  // also elements whose `managed_by` is a covered vendor
  std::vector<std::string> functions, layers, categories, areas;  // as written
  std::set<model::generation> generations;                        // empty: all
  bool neutral = false;                                           // `neutral` listed: generation-neutral elements too
  deployment deploy = deployment::all;
  std::vector<std::string> regions;  // empty: all

  // Resolved.
  bool all_vendors = true;
  std::set<model::vendor_id> vendors;
  bool all_parts = true;
  function_mask parts;

  [[nodiscard]] bool matches_vendor(std::optional<model::vendor_id> v) const {
    return all_vendors || (v && vendors.count(*v) > 0);
  }
  [[nodiscard]] bool matches_part(model::function f) const {
    return all_parts || parts.test(static_cast<std::size_t>(f));
  }
  // An element serving `g` (network.h, generations()): a rule without a
  // generation filter covers every element, one with a filter the elements
  // that serve one of its generations (`any` in the filter: 4g or 5g); a
  // generation-neutral element (empty set) only the rules without a filter.
  // `neutral` in the filter adds the generation-neutral elements (routers,
  // OSS, ...): "5G or carrying no generation" is [5g, neutral].
  [[nodiscard]] bool matches_generation(model::generation_set g) const {
    if (generations.empty() && !neutral) {
      return true;
    }
    if (g.empty()) {
      return neutral;
    }
    model::generation_set wanted;
    for (const auto w : generations) {
      wanted = wanted | model::generation_set::of(w);
    }
    return wanted.intersects(g);
  }
  [[nodiscard]] bool matches_region(std::string_view region) const;
  // A plain-words description: "Huawei, ZTE in core, RAN (5g; new deployments)".
  [[nodiscard]] std::string describe() const;
  // The parts only: "area s47-noc, CORE (5g)".
  [[nodiscard]] std::string describe_parts() const;
};

// Cap: covered vendors' share of `of` (the denominator: the same parts,
// every vendor, unless `of` narrows it) at most max_percent, counted by basis.
// At exactly the cap the network complies ("no more than 35 %").
struct cap_spec {
  double max_percent = 0;
  std::int64_t max_basis_points = 0;  // max_percent * 100, rounded (35 % -> 3500)
  count_basis basis = count_basis::elements;
  coverage of;              // parts/generations/regions; vendors ignored
  bool per_region = false;  // each region on its own
};

// A dated step of a `remove` rule: by `by` (inclusive) the covered equipment
// (narrowed by `scope` when it names parts) is gone, or within `max_percent`.
struct milestone {
  date by;
  std::string title;
  std::optional<coverage> scope;      // narrower parts than the rule, if any
  std::optional<double> max_percent;  // a share rather than full removal
  std::int64_t max_basis_points = 0;
  count_basis basis = count_basis::elements;
  confidence conf = confidence::confirmed;
  std::size_t line = 0;
};

// Whether a rule is its regime's complete answer for what it covers (the
// weighing may not go beyond it there: within the UK's 35 % cap a
// high-risk vendor's RAN share is lawful) or a floor the weighing may
// exceed (the default). X(name, description)
#define NETVET_ANSWERS(X)                                       \
  X(floor, "a floor: the weighing may find more than the rule") \
  X(complete, "the regime's complete answer: what it covers is not weighed further")
enum class answer : std::uint8_t {
#define NETVET_X(name, desc) name,
  NETVET_ANSWERS(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(answer a);
std::string_view describe(answer a);
std::optional<answer> parse_answer(std::string_view s);

// A `weigh` rule's settings: the risk model's (factors and weights,
// likelihood thresholds, the treatment of an unknown likelihood,
// criticality overrides, scale thresholds) and the risk scores (1..16) from
// which a weighed change is a significant risk or a risk to address.
struct weighing_spec {
  risk::settings model;
  int significant_at = 9;
  int address_at = 6;
  [[nodiscard]] decision decision_for(int score) const {
    return score >= significant_at ? decision::significant_risk
           : score >= address_at   ? decision::risk_to_address
                                   : decision::no_significant_risk;
  }
};

struct rule {
  std::string id;
  std::string title;
  effect eff = effect::prohibit;
  decision severity = decision::risk_to_address;  // significant_risk or risk_to_address
  source src;
  confidence conf = confidence::confirmed;
  in_force dates;
  coverage covers;
  std::optional<cap_spec> cap;
  std::vector<milestone> milestones;    // remove
  std::vector<std::string> conditions;  // allow (and any rule's prescriptions)
  std::vector<std::string> overlaps;    // rule ids it deliberately overlaps (two instruments, one duty)
  answer answers = answer::floor;
  std::optional<weighing_spec> weighing;  // weigh rules
  // The operators the rule binds (an agreement with named operators); empty:
  // every operator. See binds_operator for how names match.
  std::vector<std::string> operators;
  std::string text;         // why: the finding's reasoning, in plain words
  std::string origin_pack;  // the pack that defined it
  std::string file;
  std::size_t line = 0;

  // Whether the rule binds an operator of that name: yes when `operators` is
  // empty or the name is unknown (empty: an audit, or a proposal without an
  // `operator`; the finding then says whom the rule binds); else when one of
  // the listed names is, ignoring ASCII case and runs of spaces, the whole
  // name or its leading words ("Vodafone" binds "Vodafone GmbH", not
  // "Vodafonex").
  [[nodiscard]] bool binds_operator(std::string_view name) const;

  [[nodiscard]] level violation_level() const {
    return severity == decision::significant_risk ? level::significant : level::risk;
  }
};

struct pack {
  int format_version = kPackFormatVersion;
  std::string id;                    // "nz"
  std::string name;                  // "New Zealand"
  std::string jurisdiction;          // ISO 3166-1 alpha-2 or "EU"
  std::vector<std::string> aliases;  // "uk" for gb
  std::string extends;               // parent pack id, or empty
  std::string version;               // the pack's own version ("2025-06-01")
  std::string description;
  std::vector<std::string> notes;
  std::vector<designation> designations;  // own and inherited
  std::vector<area> areas;                // own and inherited
  std::vector<rule> rules;                // inherited first, then own (same id replaces)
  std::string file;                       // where it was read from ("<embedded>/nz.yaml")

  [[nodiscard]] const rule* find_rule(std::string_view id) const;
  [[nodiscard]] const designation* find_designation(std::string_view id) const;
  [[nodiscard]] const area* find_area(std::string_view id) const;
  [[nodiscard]] bool has_notify_rules() const;
  // The weigh rule that applies: the last one, so that a pack's own replaces
  // an inherited one (a pack weighs once). Its settings explain audits too.
  [[nodiscard]] const rule* weigh_rule() const;
};

}  // namespace netvet::policy
