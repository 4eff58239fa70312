// Reads a weigh rule's settings (docs/policy-packs.md "weigh"): every key is
// optional and falls back to risk::settings' defaults (docs/risk-model.md).
#include <cmath>

#include "netvet/policy/detail/weighing.h"

namespace netvet::policy::detail {
namespace {

std::optional<int> small_int(yaml_doc& doc, const YAML::Node& map, std::string_view key, int lo, int hi) {
  const auto v = doc.integer(map, key, false);
  if (!v) {
    return std::nullopt;
  }
  if (*v < lo || *v > hi) {
    doc.fail(yaml_doc::child(map, key), key,
             "'" + std::string(key) + "' must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

void parse_factors(yaml_doc& doc, const YAML::Node& n, risk::settings& s) {
  if (!n.IsDefined()) {
    return;
  }
  if (!n.IsMap()) {
    doc.fail(n, "factors", "'factors' must map factor names to weights (0 to 5)");
    return;
  }
  s.weights.fill(0);  // only the listed factors are weighed
  for (const auto& kv : n) {
    const auto name = kv.first.as<std::string>("");
    const auto f = risk::parse_factor(name);
    if (!f) {
      doc.fail(kv.first, "factors",
               "unknown factor '" + name +
                   "'; expected compulsion, rule_of_law, agreements, state_control, leverage, quality, supply, "
                   "track_record or designations (or L1..L9)");
      continue;
    }
    if (const auto w = small_int(doc, n, name, 0, 5)) {
      s.weights[static_cast<std::size_t>(*f)] = *w;
    }
  }
}

void parse_likelihood(yaml_doc& doc, const YAML::Node& n, risk::settings& s) {
  if (!n.IsDefined() || !doc.check_map(n, "likelihood", {"moderate", "high", "very_high"})) {
    return;
  }
  s.moderate_at = small_int(doc, n, "moderate", 0, 90).value_or(s.moderate_at);
  s.high_at = small_int(doc, n, "high", 0, 90).value_or(s.high_at);
  s.very_high_at = small_int(doc, n, "very_high", 0, 90).value_or(s.very_high_at);
  if (!(s.moderate_at <= s.high_at && s.high_at <= s.very_high_at)) {
    doc.fail(n, "likelihood", "likelihood thresholds must rise: moderate <= high <= very_high");
  }
}

std::optional<risk::criticality> criticality_key(yaml_doc& doc, const YAML::Node& map, std::string_view key,
                                                 bool required) {
  const auto v = doc.str(map, key, required);
  if (!v) {
    return std::nullopt;
  }
  const auto c = risk::parse_criticality(*v);
  if (!c) {
    doc.fail(yaml_doc::child(map, key), key,
             "unknown criticality '" + *v + "'; expected low, medium, high or critical");
  }
  return c;
}

void parse_criticality(yaml_doc& doc, const YAML::Node& n, risk::settings& s) {
  if (!n.IsDefined()) {
    return;
  }
  if (!n.IsMap()) {
    doc.fail(n, "criticality", "'criticality' must map parts (functions or EU asset categories) to levels");
    return;
  }
  for (const auto& kv : n) {
    const auto part = kv.first.as<std::string>("");
    if (!model::parse_asset_category(part) && !model::parse_function(part)) {
      doc.fail(kv.first, "criticality", "unknown part '" + part + "'; expected a function or an EU asset category");
      continue;
    }
    const YAML::Node& v = kv.second;
    if (!doc.check_map(v, "criticality override", {"level", "in_5g", "text"})) {
      continue;
    }
    risk::criticality_override o;
    o.lvl = criticality_key(doc, v, "level", true).value_or(o.lvl);
    o.in_5g = criticality_key(doc, v, "in_5g", false);
    o.text = doc.str(v, "text", true).value_or("");
    const auto cat = model::parse_asset_category(part);
    s.criticality[cat ? std::string(model::to_string(*cat)) : part] = std::move(o);
  }
}

void parse_scale(yaml_doc& doc, const YAML::Node& n, risk::scale_settings& s) {
  if (!n.IsDefined() || !doc.check_map(n, "scale",
                                       {"national_share", "regional_share", "national_cells", "regional_cells",
                                        "national_subscribers", "regional_subscribers"})) {
    return;
  }
  auto percent = [&](std::string_view key, double& out) {
    if (const auto v = doc.number(n, key, false)) {
      if (!(*v > 0 && *v <= 100)) {
        doc.fail(yaml_doc::child(n, key), key, "'" + std::string(key) + "' is a percentage above 0 and at most 100");
        return;
      }
      out = *v / 100.0;
    }
  };
  auto count = [&](std::string_view key, std::uint64_t& out) {
    if (const auto v = doc.integer(n, key, false)) {
      if (*v < 1) {
        doc.fail(yaml_doc::child(n, key), key, "'" + std::string(key) + "' must be at least 1");
        return;
      }
      out = static_cast<std::uint64_t>(*v);
    }
  };
  percent("national_share", s.national_share);
  percent("regional_share", s.regional_share);
  count("national_cells", s.national_cells);
  count("regional_cells", s.regional_cells);
  count("national_subscribers", s.national_subscribers);
  count("regional_subscribers", s.regional_subscribers);
  if (s.regional_share > s.national_share || s.regional_cells > s.national_cells ||
      s.regional_subscribers > s.national_subscribers) {
    doc.fail(n, "scale", "regional thresholds must not exceed national ones");
  }
}

void parse_decisions(yaml_doc& doc, const YAML::Node& n, weighing_spec& w) {
  if (!n.IsDefined() || !doc.check_map(n, "decisions", {"significant_risk", "risk_to_address"})) {
    return;
  }
  w.significant_at = small_int(doc, n, "significant_risk", 1, 17).value_or(w.significant_at);
  w.address_at = small_int(doc, n, "risk_to_address", 1, 17).value_or(w.address_at);
  if (w.address_at > w.significant_at) {
    doc.fail(n, "decisions", "the risk_to_address score must not exceed the significant_risk score");
  }
}

}  // namespace

weighing_spec parse_weighing(yaml_doc& doc, const YAML::Node& n) {
  weighing_spec w;
  if (!n.IsDefined() || n.IsNull()) {
    return w;
  }
  if (!doc.check_map(n, "weighing",
                     {"factors", "likelihood", "min_factors", "unknown", "criticality", "scale", "decisions"})) {
    return w;
  }
  auto& s = w.model;
  parse_factors(doc, yaml_doc::child(n, "factors"), s);
  parse_likelihood(doc, yaml_doc::child(n, "likelihood"), s);
  s.min_factors = small_int(doc, n, "min_factors", 1, static_cast<int>(risk::kFactorCount)).value_or(s.min_factors);
  if (const auto u = doc.str(n, "unknown", false)) {
    if (*u == "refer") {
      s.unknown_as.reset();
    } else if (const auto l = risk::parse_level(*u)) {
      s.unknown_as = *l;
    } else {
      doc.fail(yaml_doc::child(n, "unknown"), "unknown",
               "unknown treatment '" + *u + "'; expected low, moderate, high, very_high or refer");
    }
  }
  parse_criticality(doc, yaml_doc::child(n, "criticality"), s);
  parse_scale(doc, yaml_doc::child(n, "scale"), s.scales);
  parse_decisions(doc, yaml_doc::child(n, "decisions"), w);
  return w;
}

}  // namespace netvet::policy::detail
