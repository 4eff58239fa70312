// netvet/risk/model.h: the risk model -- likelihood from a vendor's profile,
// impact from the criticality of the part and the scale of the change, and
// the risk they make together (docs/risk-model.md).
//
//  likelihood  points = sum over the factors the settings weigh of
//              weight x value (0, 1 or 2), each factor valued from the
//              profile as it stood on the date: the highest value among the
//              weighable facts then in force (a vendor's own, else its home
//              state's for L1-L3); L9 from the designations by governments
//              other than the deciding one (none 0, one 1, two or more 2),
//              known when the profile was reviewed. [U] facts are shown,
//              never weighed; a fact reporting the decision being
//              reproduced is set aside. Points map to low / moderate / high
//              / very high by thresholds; fewer weighable factors than
//              `min_factors` (no profile at all, say) is `unknown`, treated
//              as the settings say -- never a silent zero.
//  impact      the criticality of the part (its own rating or its EU
//              category's, raised in 5G where the rating says so, or the
//              settings' override), lowered one step for a regional scale
//              and two for a local one.
//  risk        score = likelihood (1..4) x impact (1..4), 1..16, the shape
//              of the Czech NUKIB threat x vulnerability product; levels:
//              1-4 low, 6-8 moderate, 9-12 high, 16 very high. A pack maps
//              scores to decisions by thresholds (policy/).
// Every number here is netvet's design, not a published method: each
// explanation says so.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netvet/risk/knowledge.h"

namespace netvet::risk {

// A pack's recalibration of a part's criticality (jurisdiction-parameterised).
struct criticality_override {
  criticality lvl = criticality::medium;
  std::optional<criticality> in_5g;
  std::string text;  // why, with the source
};

struct scale_settings {
  // With a network: the share of subscribers (outage analysis) or of the
  // layer's elements that would ride on the vendor after the change.
  double national_share = 0.20;
  double regional_share = 0.02;
  // Without one: the proposal's own size, in cells (access elements; a split
  // RAN counts the sites it forms) or subscribers.
  std::uint64_t national_cells = 500;
  std::uint64_t regional_cells = 20;
  std::uint64_t national_subscribers = 500'000;
  std::uint64_t regional_subscribers = 20'000;
};

struct settings {
  std::array<int, kFactorCount> weights = {1, 1, 1, 1, 1, 1, 1, 1, 1};  // 0: not weighed
  int moderate_at = 2;                                                  // likelihood points thresholds
  int high_at = 4;
  int very_high_at = 7;
  int min_factors = 1;                                // weighable factors needed to know the likelihood
  std::optional<level> unknown_as = level::moderate;  // nullopt: an unknown likelihood cannot be weighed
  std::map<std::string, criticality_override, std::less<>> criticality;  // by part (function or category)
  scale_settings scales;
};

// One factor as read from the profile on the date.
struct factor_reading {
  factor f = factor::compulsion;
  int weight = 0;                  // 0: the settings do not weigh it
  std::optional<int> value;        // nullopt: not known on the date
  std::string from_subject;        // "Huawei" or "state:CN"
  std::vector<const fact*> facts;  // in force on the date (shown, weighed or not)
  std::vector<std::string> by;     // L9: the designating jurisdictions counted
  [[nodiscard]] int points() const { return value ? weight * *value : 0; }
  [[nodiscard]] bool weighed() const { return weight > 0 && value.has_value(); }
};

struct likelihood_query {
  std::string vendor;  // display name (unknown vendors: their spelling)
  date as_of;
  std::string deciding;          // the deciding jurisdiction: its own designations are rules, not L9 evidence
  std::string exclude_decision;  // reproducing a precedent: facts reporting it are set aside
};

struct likelihood_reading {
  bool profiled = false;  // the vendor has profile facts
  std::string home;       // home state, if a weighable fact gives it
  const fact* home_fact = nullptr;
  std::vector<factor_reading> factors;  // every factor, in L1..L9 order
  int points = 0;
  int factors_weighed = 0;
  bool known = false;                  // at least min_factors weighed
  level lvl = level::low;              // known: from points; else the settings' unknown_as (when set)
  bool weighable = true;               // false: unknown and the settings give no treatment
  std::vector<const fact*> set_aside;  // facts reporting the decision being reproduced
};

likelihood_reading weigh_likelihood(const knowledge& k, const settings& s, const likelihood_query& q);

struct criticality_reading {
  criticality lvl = criticality::medium;
  bool raised_in_5g = false;
  bool overridden = false;
  const criticality_entry* entry = nullptr;  // the data row behind it
  std::string override_text;
};
criticality_reading criticality_of(const knowledge& k, const settings& s, model::function fn, bool serves_5g);

// What the scale is judged on.
struct scale_input {
  bool has_network = false;
  double subscriber_share = 0;  // with a network: after the change
  double element_share = 0;     // of the part's layer, after the change
  std::uint64_t cells = 0;      // without one
  std::uint64_t subscribers = 0;
};
struct scale_reading {
  scale s = scale::local;
  bool by_reach = false;  // a part that serves the whole network: national by nature
  scale_input in;
};
scale_reading scale_of(const scale_settings& s, bool network_reach, const scale_input& in);

level impact_of(criticality c, scale s);
// likelihood x impact, 1..16.
int score(level likelihood, level impact);
level risk_level(int score);

}  // namespace netvet::risk
