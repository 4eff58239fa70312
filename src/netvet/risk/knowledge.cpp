#include "netvet/risk/knowledge.h"

#include <algorithm>
#include <functional>
#include <set>

#include "netvet/core/csv_table.h"
#include "netvet/core/text.h"
#include "netvet/risk/embedded_data.h"

namespace netvet::risk {
namespace {

constexpr std::string_view kStatePrefix = "state:";

result<fact_kind> parse_kind(const csv_table& t, fact& out) {
  const auto word = t.get("factor");
  if (word == "home") {
    return fact_kind::home;
  }
  if (word == "designation") {
    return fact_kind::designation;
  }
  if (word == "reviewed") {
    return fact_kind::reviewed;
  }
  const auto f = parse_factor(word);
  if (!f || *f == factor::designations) {
    return t.fail("factor", "unknown factor '" + std::string(word) +
                                "'; expected home, designation, reviewed or one of: compulsion, rule_of_law, "
                                "agreements, state_control, leverage, quality, supply, track_record");
  }
  out.f = *f;
  return fact_kind::level;
}

// The `value` column, read by the fact's kind.
status parse_value(const csv_table& t, fact& out) {
  const auto v = t.get("value");
  switch (out.kind) {
    case fact_kind::level:
      if (v.empty()) {
        return {};
      }
      if (v != "0" && v != "1" && v != "2") {
        return t.fail("value", "bad level '" + std::string(v) + "'; expected 0, 1, 2 or empty (shown, not weighed)");
      }
      out.value = v[0] - '0';
      return {};
    case fact_kind::home:
      if (v.empty()) {
        return t.fail("value", "a home fact needs the home state (ISO 3166-1 alpha-2) in 'value'");
      }
      out.country = std::string(v);
      return {};
    case fact_kind::designation:
      out.country = std::string(v);  // empty: shown only
      return {};
    case fact_kind::reviewed:
      if (!v.empty()) {
        return t.fail("value", "a reviewed row takes no value");
      }
      return {};
  }
  return {};
}

// A vendor (resolved to its display name) or a home state ("state:CN").
result<std::string> parse_subject(const csv_table& r, const model::vendor_catalog& catalog) {
  NETVET_ASSIGN_OR_RETURN(const auto subject, r.required("subject"));
  if (subject.starts_with(kStatePrefix)) {
    if (subject.size() != kStatePrefix.size() + 2) {
      return r.fail("subject", "bad state '" + std::string(subject) + "'; expected state:XX (ISO 3166-1 alpha-2)");
    }
    return std::string(subject);
  }
  const auto m = catalog.resolve(subject);
  if (!m.vendor) {
    return r.fail("subject", "unknown vendor '" + std::string(subject) +
                                 "': add it to the vendor catalogue (--vendors) or write state:XX");
  }
  return catalog.info(*m.vendor).display_name;
}

status parse_dates(const csv_table& r, fact& x) {
  NETVET_ASSIGN_OR_RETURN(x.from, r.day("from"));
  NETVET_ASSIGN_OR_RETURN(x.until, r.day("until"));
  if (x.from && x.until && *x.until < *x.from) {
    return r.fail("until", "'until' is before 'from'");
  }
  return {};
}

result<std::optional<criticality>> criticality_cell(const csv_table& r, std::string_view column, bool required) {
  const auto v = r.get(column);
  if (v.empty() && !required) {
    return std::optional<criticality>{};
  }
  const auto c = parse_criticality(v);
  if (!c) {
    return r.fail(column, "bad level '" + std::string(v) + "'; expected low, medium, high or critical");
  }
  return std::optional<criticality>(*c);
}

result<bool> word_pair(const csv_table& r, std::string_view column, std::string_view yes, std::string_view no) {
  const auto v = r.get(column);
  if (v != yes && v != no) {
    return r.fail(column, "bad " + std::string(column) + " '" + std::string(v) + "'; expected " + std::string(yes) +
                              " or " + std::string(no));
  }
  return v == yes;
}

}  // namespace

result<knowledge> knowledge::from_text(std::string_view sources_csv, std::string_view facts_csv,
                                       std::string_view criticality_csv, const model::vendor_catalog& catalog) {
  knowledge k;
  NETVET_TRY(k.read_sources(sources_csv, "data/risk/sources.csv"));
  NETVET_TRY(k.read_facts(facts_csv, "data/risk/vendor-facts.csv", catalog, false));
  NETVET_TRY(k.read_criticality(criticality_csv, "data/risk/criticality.csv", false));
  NETVET_TRY(k.check_complete());
  return k;
}

result<knowledge> knowledge::builtin(const model::vendor_catalog& catalog) {
  return from_text(embedded_sources_csv(), embedded_vendor_facts_csv(), embedded_criticality_csv(), catalog);
}

status knowledge::read_sources(std::string_view text, const std::string& name) {
  csv_table t(csv_reader::from_text(text, name), {"id", "title", "url", "date", "read"});
  return each_row(t, [this](const csv_table& r) -> status {
    source_ref s;
    NETVET_ASSIGN_OR_RETURN(const auto id, r.required("id"));
    s.id = std::string(id);
    s.title = std::string(r.get("title"));
    s.url = std::string(r.get("url"));
    NETVET_ASSIGN_OR_RETURN(s.day, r.day("date"));
    s.read = std::string(r.get("read"));
    if (!sources_.emplace(s.id, s).second) {
      return r.fail("id", "source '" + s.id + "' is listed twice");
    }
    return {};
  });
}

status knowledge::read_facts(std::string_view text, const std::string& name, const model::vendor_catalog& catalog,
                             bool replace) {
  csv_table t(csv_reader::from_text(text, name),
              {"subject", "factor", "value", "from", "until", "confidence", "sources", "decision", "text"});
  std::set<std::string> replaced;
  return each_row(t, [&](const csv_table& r) -> status {
    fact x;
    NETVET_ASSIGN_OR_RETURN(x.subject, parse_subject(r, catalog));
    NETVET_ASSIGN_OR_RETURN(x.kind, parse_kind(r, x));
    NETVET_TRY(parse_value(r, x));
    NETVET_TRY(parse_dates(r, x));
    NETVET_ASSIGN_OR_RETURN(x.conf, r.conf("confidence"));
    x.sources = r.list("sources");
    for (const auto& id : x.sources) {
      if (find_source(id) == nullptr) {
        return r.fail("sources", "unknown source '" + id + "'; sources are listed in data/risk/sources.csv");
      }
    }
    x.decision = std::string(r.get("decision"));
    x.text = std::string(r.get("text"));
    x.where = r.at("subject");
    if (replace && replaced.insert(x.subject).second) {
      facts_.erase(x.subject);
    }
    facts_[x.subject].push_back(std::move(x));
    return {};
  });
}

status knowledge::read_criticality(std::string_view text, const std::string& name, bool replace) {
  csv_table t(csv_reader::from_text(text, name),
              {"part", "level", "in_5g", "reach", "basis", "confidence", "sources", "text"});
  return each_row(t, [&](const csv_table& r) -> status {
    criticality_entry e;
    NETVET_ASSIGN_OR_RETURN(const auto part, r.required("part"));
    if (!model::parse_asset_category(part) && !model::parse_function(part)) {
      return r.fail("part", "unknown part '" + std::string(part) + "'; expected a function (" +
                                std::string(model::function_list()) + ") or an EU asset category (CORE, RAN, ...)");
    }
    e.part = std::string(part);
    NETVET_ASSIGN_OR_RETURN(const auto lvl, criticality_cell(r, "level", true));
    e.lvl = *lvl;
    NETVET_ASSIGN_OR_RETURN(e.in_5g, criticality_cell(r, "in_5g", false));
    NETVET_ASSIGN_OR_RETURN(e.network_reach, word_pair(r, "reach", "network", "local"));
    NETVET_ASSIGN_OR_RETURN(e.own, word_pair(r, "basis", "netvet", "sources"));
    NETVET_ASSIGN_OR_RETURN(e.conf, r.conf("confidence"));
    e.sources = r.list("sources");
    e.text = std::string(r.get("text"));
    e.where = r.at("part");
    const auto old = std::find_if(ratings_.begin(), ratings_.end(), [&](const auto& x) { return x.part == e.part; });
    if (old != ratings_.end()) {
      if (!replace) {
        return r.fail("part", "part '" + e.part + "' is rated twice");
      }
      *old = std::move(e);
    } else {
      ratings_.push_back(std::move(e));
    }
    return {};
  });
}

status knowledge::check_complete() const {
  for (std::size_t c = 0; c < model::kAssetCategoryCount; ++c) {
    const auto id = model::to_string(static_cast<model::asset_category>(c));
    if (!find_rating(id)) {
      return make_error(error_code::invalid_input, "no criticality for EU asset category " + std::string(id),
                        location{"data/risk/criticality.csv"});
    }
  }
  return {};
}

status knowledge::merge_profiles(file_system& fs, const std::string& path, const model::vendor_catalog& catalog) {
  NETVET_ASSIGN_OR_RETURN(const auto text, fs.read_file(path));
  return read_facts(text, path, catalog, true);
}

status knowledge::merge_criticality(file_system& fs, const std::string& path) {
  NETVET_ASSIGN_OR_RETURN(const auto text, fs.read_file(path));
  return read_criticality(text, path, true);
}

std::span<const fact> knowledge::facts_of(std::string_view subject) const {
  const auto it = facts_.find(subject);
  return it == facts_.end() ? std::span<const fact>{} : std::span<const fact>(it->second);
}

std::vector<std::string> knowledge::profiled_vendors() const {
  std::vector<std::string> out;
  for (const auto& [subject, facts] : facts_) {
    if (!subject.starts_with(kStatePrefix)) {
      out.push_back(subject);
    }
  }
  return out;
}

const source_ref* knowledge::find_source(std::string_view id) const {
  const auto it = sources_.find(id);
  return it == sources_.end() ? nullptr : &it->second;
}

const criticality_entry* knowledge::find_rating(std::string_view part) const {
  const auto it = std::find_if(ratings_.begin(), ratings_.end(), [&](const auto& e) { return e.part == part; });
  return it == ratings_.end() ? nullptr : &*it;
}

const criticality_entry& knowledge::rating_of(model::function fn) const {
  if (const auto* own = find_rating(model::to_string(fn))) {
    return *own;
  }
  const auto* cat = find_rating(model::to_string(model::category_of(fn)));
  NETVET_ASSERT(cat != nullptr, "check_complete() saw a rating for every category");
  return *cat;
}

}  // namespace netvet::risk
