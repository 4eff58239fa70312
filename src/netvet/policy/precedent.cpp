#include "netvet/policy/precedent.h"

#include <algorithm>
#include <map>

#include "netvet/core/csv_table.h"
#include "netvet/core/text.h"
#include "netvet/policy/assess.h"
#include "netvet/policy/embedded_precedents.h"

namespace netvet::policy {
namespace {

constexpr std::array<std::string_view, 13> kColumns = {"id",         "decision", "jurisdiction", "date",  "operator",
                                                       "vendor",     "parts",    "generation",   "scale", "outcome",
                                                       "confidence", "sources",  "text"};

// YYYY-MM-DD, YYYY-MM or YYYY: the last day of the period.
std::optional<date> period_end(std::string_view s) {
  if (const auto d = parse_date(s)) {
    return d;
  }
  auto num = [](std::string_view t) -> std::optional<int> {
    if (t.empty() || t.size() > 4) {
      return std::nullopt;
    }
    int v = 0;
    for (const char c : t) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  };
  if (s.size() == 4) {
    const auto y = num(s);
    return y ? std::optional(date_from_ymd(*y, 12, 31)) : std::nullopt;
  }
  if (s.size() == 7 && s[4] == '-') {
    const auto y = num(s.substr(0, 4));
    const auto m = num(s.substr(5, 2));
    if (!y || !m || *m < 1 || *m > 12) {
      return std::nullopt;
    }
    // The day before the first of the next month.
    const date next = *m == 12 ? date_from_ymd(*y + 1, 1, 1) : date_from_ymd(*y, static_cast<unsigned>(*m + 1), 1);
    return date{next.days - 1};
  }
  return std::nullopt;
}

result<precedent> parse_row(const csv_table& r, const model::vendor_catalog& catalog) {
  precedent p;
  p.id = std::string(r.get(kColumns[0]));
  if (p.id.empty()) {
    return r.fail(kColumns[0], "missing value for 'id'");
  }
  p.decision_group = std::string(r.get(kColumns[1]));
  p.jurisdiction = std::string(r.get(kColumns[2]));
  p.when = std::string(r.get(kColumns[3]));
  const auto day = period_end(p.when);
  if (!day) {
    return r.fail(kColumns[3], "bad date '" + p.when + "'; expected YYYY-MM-DD, YYYY-MM or YYYY");
  }
  p.day = *day;
  p.operator_name = std::string(r.get(kColumns[4]));
  const auto m = catalog.resolve(r.get(kColumns[5]));
  if (!m.vendor) {
    return r.fail(kColumns[5], "unknown vendor '" + std::string(r.get(kColumns[5])) + "'");
  }
  p.vendor = catalog.info(*m.vendor).display_name;
  for (const auto part : split(r.get(kColumns[6]), ';')) {
    const auto fn = model::parse_function(trim(part));
    if (!fn) {
      return r.fail(kColumns[6], "unknown function '" + std::string(trim(part)) +
                                     "'; expected one of: " + std::string(model::function_list()));
    }
    p.parts.push_back(*fn);
  }
  if (p.parts.empty()) {
    return r.fail(kColumns[6], "a precedent names at least one part");
  }
  const auto g = model::parse_generation(r.get(kColumns[7]));
  if (!g) {
    return r.fail(kColumns[7], "bad generation '" + std::string(r.get(kColumns[7])) + "'; expected 4g, 5g or any");
  }
  p.gen = *g;
  const auto s = risk::parse_scale(r.get(kColumns[8]));
  if (!s) {
    return r.fail(kColumns[8],
                  "bad scale '" + std::string(r.get(kColumns[8])) + "'; expected local, regional or national");
  }
  p.scale = *s;
  const auto o = parse_decision(r.get(kColumns[9]));
  if (!o) {
    return r.fail(kColumns[9],
                  "bad outcome '" + std::string(r.get(kColumns[9])) +
                      "'; expected significant_risk, risk_to_address, no_significant_risk or not_notifiable");
  }
  p.outcome = *o;
  const auto c = parse_confidence(r.get(kColumns[10]));
  if (!c) {
    return r.fail(kColumns[10], "bad confidence '" + std::string(r.get(kColumns[10])) + "'; expected C, P or U");
  }
  if (*c == confidence::unconfirmed) {
    return r.fail(kColumns[10], "an unconfirmed [U] decision cannot be a precedent");
  }
  p.conf = *c;
  for (const auto id : split(r.get(kColumns[11]), ';')) {
    if (!trim(id).empty()) {
      p.sources.emplace_back(trim(id));
    }
  }
  p.text = std::string(r.get(kColumns[12]));
  p.where = r.at("id");
  return p;
}

}  // namespace

result<std::vector<precedent>> read_precedents(std::string_view text, const std::string& name,
                                               const model::vendor_catalog& catalog) {
  csv_table t(csv_reader::from_text(text, name), {kColumns.begin(), kColumns.end()});
  std::vector<precedent> out;
  NETVET_TRY(each_row(t, [&](const csv_table& r) -> status {
    NETVET_ASSIGN_OR_RETURN(auto p, parse_row(r, catalog));
    if (std::any_of(out.begin(), out.end(), [&](const precedent& q) { return q.id == p.id; })) {
      return r.fail("id", "precedent '" + p.id + "' is listed twice");
    }
    out.push_back(std::move(p));
    return {};
  }));
  return out;
}

result<std::vector<precedent>> builtin_precedents(const model::vendor_catalog& catalog) {
  return read_precedents(embedded_precedents_csv(), "data/risk/precedents.csv", catalog);
}

namespace {

// How far precedent function `pf` lies from a weighed part (smaller: nearer).
precedent_match compare(const precedent& p, model::function pf, const std::string& here, const vendor_weighing& w,
                        const part_weighing& part) {
  precedent_match m;
  m.p = &p;
  const bool same_gen = (p.gen == model::generation::g5) == part.serves_5g;
  const auto differ = [&](bool same, int weight, const char* what) {
    if (!same) {
      m.distance += weight;
      m.differs_in.emplace_back(what);
    }
  };
  differ(p.jurisdiction == here, 4, "jurisdiction");
  differ(p.vendor == w.vendor, 2, "vendor");
  if (pf != part.fn) {
    m.distance += model::category_of(pf) == model::category_of(part.fn) ? 0
                  : model::layer_of(pf) == model::layer_of(part.fn)     ? 1
                                                                        : 2;
    m.differs_in.emplace_back("part");
  }
  differ(same_gen, 1, "generation");
  m.ours = part.dec;
  m.agrees = part.dec == p.outcome;
  m.compared = w.vendor + " " + std::string(model::to_string(part.fn)) + (part.serves_5g ? " (5G)" : "");
  return m;
}

// The nearest weighed part of `a` to precedent `p` (p null when nothing was weighed).
precedent_match nearest_part(const precedent& p, const assessment& a) {
  precedent_match best;
  for (const auto& f : a.findings) {
    if (!f.weighing) {
      continue;
    }
    for (const auto& part : f.weighing->parts) {
      for (const auto pf : p.parts) {
        auto m = compare(p, pf, a.p->jurisdiction, *f.weighing, part);
        if (best.p == nullptr || m.distance < best.distance) {
          best = std::move(m);
        }
      }
    }
  }
  return best;
}

}  // namespace

std::vector<precedent_match> nearest_precedents(std::span<const precedent> table, const assessment& a, std::size_t n) {
  std::vector<precedent_match> out;
  for (const auto& p : table) {
    if (auto m = nearest_part(p, a); m.p != nullptr) {
      out.push_back(std::move(m));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const precedent_match& x, const precedent_match& y) {
    return x.distance != y.distance ? x.distance < y.distance : x.p->day.days > y.p->day.days;
  });
  if (out.size() > n) {
    out.resize(n);
  }
  return out;
}

}  // namespace netvet::policy
