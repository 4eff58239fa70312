#include "netvet/policy/loader.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "netvet/core/file_system.h"
#include "netvet/core/text.h"
#include "netvet/policy/detail/weighing.h"
#include "netvet/policy/yaml_util.h"

namespace netvet::policy {
namespace {

using detail::yaml_doc;

// Resolves vendor display names (or any spelling the catalogue knows) to ids.
std::optional<model::vendor_id> find_vendor(const model::vendor_catalog& catalog, const std::string& name) {
  if (auto id = catalog.find(name)) {
    return id;
  }
  const auto m = catalog.resolve(name);
  return m.vendor;
}

// Adds the subsidiaries (vendors.csv `parent`, transitively) of `ids`: one
// pass to list each vendor's children, then a breadth-first walk, so a long
// parent chain costs linear time and no recursion.
void add_affiliates(const model::vendor_catalog& catalog, std::set<model::vendor_id>& ids) {
  std::vector<std::vector<model::vendor_id>> children(catalog.size());
  for (model::vendor_id v = 0; v < catalog.size(); ++v) {
    const auto& parent = catalog.info(v).parent;
    if (const auto p = parent.empty() ? std::nullopt : catalog.find(parent)) {
      children[*p].push_back(v);
    }
  }
  std::vector<model::vendor_id> queue(ids.begin(), ids.end());
  for (std::size_t i = 0; i < queue.size(); ++i) {
    for (const auto c : children[queue[i]]) {
      if (ids.insert(c).second) {
        queue.push_back(c);
      }
    }
  }
}

class pack_parser {
 public:
  pack_parser(const std::string& file, const model::vendor_catalog& catalog, const pack_lookup& parents,
              diagnostics& diag)
      : doc_(file, diag), catalog_(catalog), parents_(parents) {}

  std::optional<pack> run(std::string_view text) {
    auto root = doc_.parse(text);
    if (!root) {
      return std::nullopt;
    }
    if (!doc_.check_map(*root, "pack",
                        {"netvet_policy", "id", "name", "jurisdiction", "aliases", "extends", "version", "description",
                         "notes", "designations", "areas", "rules"})) {
      return std::nullopt;
    }
    pack p = parse_header(*root);
    inherit(*root, p);
    parse_designations(yaml_doc::child(*root, "designations"), p);
    parse_areas(yaml_doc::child(*root, "areas"), p);
    parse_rules(yaml_doc::child(*root, "rules"), p);
    check_overlaps(p);
    return p;
  }

 private:
  // The pack's own scalar keys: format version, id, names, notes.
  pack parse_header(const YAML::Node& root) {
    pack p;
    p.file = doc_.file();
    const auto ver = doc_.integer(root, "netvet_policy", true);
    if (ver && *ver != kPackFormatVersion) {
      doc_.fail(yaml_doc::child(root, "netvet_policy"), "netvet_policy",
                "pack format version " + std::to_string(*ver) + " is not supported (this netvet reads version " +
                    std::to_string(kPackFormatVersion) + ")");
    }
    p.id = doc_.str(root, "id", true).value_or("");
    p.name = doc_.str(root, "name", true).value_or("");
    p.jurisdiction = doc_.str(root, "jurisdiction", true).value_or("");
    p.aliases = doc_.strings(root, "aliases");
    p.extends = doc_.str(root, "extends", false).value_or("");
    p.version = doc_.str(root, "version", false).value_or("");
    p.description = doc_.str(root, "description", false).value_or("");
    p.notes = doc_.strings(root, "notes");
    if (!p.id.empty() && p.id != to_lower_ascii(p.id)) {
      doc_.fail(yaml_doc::child(root, "id"), "id", "pack id '" + p.id + "' must be lower case");
    }
    return p;
  }

  // `extends`: the parent's designations, areas and rules, which the pack's own replace by id.
  void inherit(const YAML::Node& root, pack& p) {
    if (p.extends.empty()) {
      return;
    }
    const pack* parent = parents_ ? parents_(p.extends) : nullptr;
    if (parent == nullptr) {
      doc_.fail(yaml_doc::child(root, "extends"), "extends", "unknown pack '" + p.extends + "' in extends");
    } else if (parent->id == p.id) {
      doc_.fail(yaml_doc::child(root, "extends"), "extends", "a pack cannot extend itself");
    } else {
      p.designations = parent->designations;
      p.areas = parent->areas;
      p.rules = parent->rules;
    }
  }

  // Looks each of `names` (the values of `key` in `n`) up with `find` and
  // hands what it finds to `use`; records "unknown <what> 'x'<hint>" for the rest.
  template <typename Find, typename Use>
  void resolve_each(const YAML::Node& n, std::string_view key, const std::vector<std::string>& names,
                    std::string_view what, std::string_view hint, Find find, Use use) {
    for (const auto& name : names) {
      if (const auto found = find(name)) {
        use(*found);
      } else {
        unknown(yaml_doc::child(n, key), key, what, name, hint);
      }
    }
  }

  // Scalar `key` of `n` looked up with `find` (nullopt when absent or unknown;
  // an unknown value is recorded as "unknown <what> 'x'<hint>").
  template <typename Find>
  auto lookup(const YAML::Node& n, std::string_view key, bool required, std::string_view what, std::string_view hint,
              Find find) -> decltype(find(std::string())) {
    const auto s = doc_.str(n, key, required);
    if (!s) {
      return std::nullopt;
    }
    auto found = find(*s);
    if (!found) {
      unknown(yaml_doc::child(n, key), key, what, *s, hint);
    }
    return found;
  }

  void unknown(const YAML::Node& at, std::string_view key, std::string_view what, const std::string& name,
               std::string_view hint) {
    doc_.fail(at, key, "unknown " + std::string(what) + " '" + name + "'" + std::string(hint));
  }

  // Calls `fn` on each entry of `list` (the value of `key`) that is a map of
  // `allowed` keys; `list` must be a sequence.
  template <typename Fn>
  void for_each_entry(const YAML::Node& list, std::string_view key, std::string_view what,
                      std::initializer_list<std::string_view> allowed, Fn fn) {
    if (!list.IsSequence()) {
      doc_.fail(list, key, "'" + std::string(key) + "' must be a list");
      return;
    }
    for (const auto& n : list) {
      if (doc_.check_map(n, what, allowed)) {
        fn(n);
      }
    }
  }

  static bool absent(const YAML::Node& n) { return !n.IsDefined() || n.IsNull(); }

  source parse_source(const YAML::Node& owner, std::string_view what) {
    source s;
    const YAML::Node n = yaml_doc::child(owner, "source");
    if (!n.IsDefined()) {
      doc_.fail(owner, "source",
                "missing key 'source' in " + std::string(what) + " (every rule cites its legal source)");
      return s;
    }
    if (!doc_.check_map(n, "source", {"instrument", "section", "date", "url"})) {
      return s;
    }
    s.instrument = doc_.str(n, "instrument", true).value_or("");
    s.section = doc_.str(n, "section", false).value_or("");
    s.day = doc_.day(n, "date", false);
    s.url = doc_.str(n, "url", true).value_or("");
    return s;
  }

  confidence parse_confidence_key(const YAML::Node& owner, const std::string& text, std::string_view what) {
    const auto c = lookup(owner, "confidence", true, "confidence",
                          "; expected C (confirmed), P (partly) or U (unconfirmed)", netvet::parse_confidence);
    if (!c) {
      return confidence::unconfirmed;
    }
    // FACTS.md discipline: a rule on a partly confirmed or unconfirmed fact says so in its text.
    if (*c != confidence::confirmed) {
      const std::string tag = "[" + std::string(to_string(*c)) + "]";
      const std::string tag_note = "[" + std::string(to_string(*c)) + ":";
      if (text.find(tag) == std::string::npos && text.find(tag_note) == std::string::npos) {
        doc_.fail(yaml_doc::child(owner, "confidence"), "text",
                  std::string(what) + " rests on a " + std::string(describe(*c)) +
                      " fact: its text must say so with '" + tag + "'");
      }
    }
    return *c;
  }

  // Sets in `mask` every function for which `pred` holds.
  template <typename Pred>
  static void set_functions_where(function_mask& mask, Pred pred) {
    for (const auto fn : model::all_functions()) {
      if (pred(fn)) {
        mask.set(static_cast<std::size_t>(fn));
      }
    }
  }

  // The functions, layers, categories (and, where `T` has them, areas) of
  // `n` as written into `into` and resolved into `into.parts`; false if none
  // is listed.
  template <typename T>
  bool parse_parts(const YAML::Node& n, const pack& p, T& into) {
    constexpr bool kHasAreas = requires(T & t) { t.areas; };
    into.functions = doc_.strings(n, "functions");
    into.layers = doc_.strings(n, "layers");
    into.categories = doc_.strings(n, "categories");
    if constexpr (kHasAreas) {
      into.areas = doc_.strings(n, "areas");
    }
    function_mask& mask = into.parts;
    mask.reset();
    resolve_each(n, "functions", into.functions, "function",
                 "; expected one of: " + std::string(model::function_list()), model::parse_function,
                 [&](model::function fn) { mask.set(static_cast<std::size_t>(fn)); });
    resolve_each(n, "layers", into.layers, "layer", "; expected one of: access, transport, core, management, security",
                 model::parse_layer, [&](model::layer ly) {
                   set_functions_where(mask, [&](model::function fn) { return model::layer_of(fn) == ly; });
                 });
    resolve_each(n, "categories", into.categories, "asset category",
                 "; expected one of: CORE, SUBDB, MANO, NFVI, OSS, AAA, BSS, LI, RAN, TRANS, INTERCONN, FIXEDACC",
                 model::parse_asset_category, [&](model::asset_category cat) {
                   set_functions_where(mask, [&](model::function fn) { return model::category_of(fn) == cat; });
                 });
    bool any_area = false;
    if constexpr (kHasAreas) {
      resolve_each(
          n, "areas", into.areas, "area", " (define it under 'areas:')",
          [&](const std::string& a) { return p.find_area(a); }, [&](const area& ar) { mask |= ar.parts; });
      any_area = !into.areas.empty();
    }
    return !into.functions.empty() || !into.layers.empty() || !into.categories.empty() || any_area;
  }

  // `generations`: 4g, 5g, any (4g or 5g) and `neutral` (elements that carry no generation).
  void parse_generations(const YAML::Node& n, coverage& c) {
    std::vector<std::string> words = doc_.strings(n, "generations");
    const auto neutral = std::find(words.begin(), words.end(), "neutral");
    if (neutral != words.end()) {
      c.neutral = true;
      words.erase(neutral);
    }
    resolve_each(n, "generations", words, "generation", "; expected 4g, 5g, any or neutral", model::parse_generation,
                 [&](model::generation gen) { c.generations.insert(gen); });
  }

  void resolve_vendors(const YAML::Node& n, const std::vector<std::string>& names, bool affiliates,
                       std::set<model::vendor_id>& out) {
    for (const auto& v : names) {
      const auto id = find_vendor(catalog_, v);
      if (!id) {
        std::string msg = "unknown vendor '" + v + "'";
        const auto near = catalog_.suggest(v, 3);
        msg += near.empty() ? "" : " (did you mean " + join(near, ", ") + "?)";
        doc_.fail(n, "vendors", std::move(msg));
        continue;
      }
      out.insert(*id);
    }
    if (affiliates) {
      add_affiliates(catalog_, out);
    }
  }

  void parse_designations(const YAML::Node& list, pack& p) {
    if (absent(list)) {
      return;
    }
    for_each_entry(
        list, "designations", "designation", {"id", "title", "vendors", "affiliates", "source", "confidence", "text"},
        [&](const YAML::Node& n) { replace_or_add(p.designations, parse_designation(n, p), n, "designation"); });
  }

  designation parse_designation(const YAML::Node& n, const pack& p) {
    designation d;
    d.id = doc_.str(n, "id", true).value_or("");
    d.title = doc_.str(n, "title", true).value_or("");
    d.vendors = doc_.strings(n, "vendors");
    d.affiliates = doc_.boolean(n, "affiliates").value_or(false);
    d.text = doc_.str(n, "text", false).value_or("");
    d.src = parse_source(n, "designation '" + d.id + "'");
    d.conf = parse_confidence_key(n, d.text + " " + d.title, "designation '" + d.id + "'");
    d.origin_pack = p.id;
    d.line = doc_.at(n, "").line;
    if (d.vendors.empty()) {
      doc_.fail(n, "vendors", "designation '" + d.id + "' lists no vendors");
    }
    resolve_vendors(yaml_doc::child(n, "vendors"), d.vendors, d.affiliates, d.resolved);
    return d;
  }

  void parse_areas(const YAML::Node& list, pack& p) {
    if (absent(list)) {
      return;
    }
    for_each_entry(list, "areas", "area",
                   {"id", "title", "functions", "layers", "categories", "source", "confidence", "text"},
                   [&](const YAML::Node& n) { replace_or_add(p.areas, parse_area(n, p), n, "area"); });
  }

  area parse_area(const YAML::Node& n, const pack& p) {
    area a;
    a.id = doc_.str(n, "id", true).value_or("");
    a.title = doc_.str(n, "title", true).value_or("");
    a.text = doc_.str(n, "text", false).value_or("");
    if (!parse_parts(n, p, a)) {
      doc_.fail(n, "functions", "area '" + a.id + "' names no functions, layers or categories");
    }
    a.src = parse_source(n, "area '" + a.id + "'");
    a.conf = parse_confidence_key(n, a.text + " " + a.title, "area '" + a.id + "'");
    a.line = doc_.at(n, "").line;
    return a;
  }

  template <typename T>
  void replace_or_add(std::vector<T>& items, T item, const YAML::Node& n, std::string_view what) {
    const std::string key = std::string(what) + ":" + item.id;
    for (auto& existing : items) {
      if (existing.id == item.id) {
        if (own_ids_.count(key) > 0) {
          doc_.fail(n, "id", "duplicate " + std::string(what) + " id '" + item.id + "'");
          return;
        }
        own_ids_.insert(key);
        existing = std::move(item);  // a child pack replaces its parent's
        return;
      }
    }
    own_ids_.insert(key);
    items.push_back(std::move(item));
  }

  coverage parse_coverage(const YAML::Node& n, const pack& p, const std::string& rule_id) {
    coverage c;
    if (!n.IsDefined()) {
      return c;
    }
    if (!doc_.check_map(n, "covers",
                        {"vendors", "designations", "affiliates", "managed_services", "functions", "layers",
                         "categories", "areas", "generations", "deployments", "regions"})) {
      return c;
    }
    c.vendor_names = doc_.strings(n, "vendors");
    c.designations = doc_.strings(n, "designations");
    c.affiliates = doc_.boolean(n, "affiliates").value_or(false);
    c.managed_services = doc_.boolean(n, "managed_services").value_or(false);
    c.all_parts = !parse_parts(n, p, c);
    parse_generations(n, c);
    c.deploy = lookup(n, "deployments", false, "deployments",
                      " in rule '" + rule_id + "'; expected all, new or existing", parse_deployment)
                   .value_or(c.deploy);
    c.regions = doc_.strings(n, "regions");
    c.all_vendors = c.vendor_names.empty() && c.designations.empty();
    resolve_vendors(yaml_doc::child(n, "vendors"), c.vendor_names, c.affiliates, c.vendors);
    resolve_each(
        n, "designations", c.designations, "designation", " (define it under 'designations:')",
        [&](const std::string& d) { return p.find_designation(d); },
        [&](const designation& des) { c.vendors.insert(des.resolved.begin(), des.resolved.end()); });
    if (c.affiliates) {
      add_affiliates(catalog_, c.vendors);
    }
    return c;
  }

  std::optional<count_basis> parse_count_key(const YAML::Node& n, bool required) {
    return lookup(n, "count", required, "count", "; expected elements, sites or subscribers", parse_count_basis);
  }

  std::optional<cap_spec> parse_cap(const YAML::Node& n, const coverage& rule_cov, const pack& p) {
    if (!doc_.check_map(n, "cap", {"max_percent", "count", "of", "per"})) {
      return std::nullopt;
    }
    cap_spec c;
    c.max_percent = doc_.number(n, "max_percent", true).value_or(0);
    if (c.max_percent < 0 || c.max_percent > 100) {
      doc_.fail(yaml_doc::child(n, "max_percent"), "max_percent", "'max_percent' must be between 0 and 100");
    }
    c.max_basis_points = std::llround(c.max_percent * 100.0);
    c.basis = parse_count_key(n, true).value_or(c.basis);
    c.of = parse_cap_of(yaml_doc::child(n, "of"), rule_cov, p);
    if (const auto per = doc_.str(n, "per", false)) {
      if (*per == "region") {
        c.per_region = true;
      } else if (*per != "network") {
        doc_.fail(yaml_doc::child(n, "per"), "per", "unknown per '" + *per + "'; expected network or region");
      }
    }
    if (c.per_region && c.basis == count_basis::sites) {
      doc_.fail(yaml_doc::child(n, "per"), "per", "a cap per region counts elements or subscribers, not sites");
    }
    return c;
  }

  // What a cap's share is counted in: `of:`, else the rule's own parts; every vendor.
  coverage parse_cap_of(const YAML::Node& of, const coverage& rule_cov, const pack& p) {
    coverage c;
    if (of.IsDefined()) {
      if (doc_.check_map(of, "cap.of", {"functions", "layers", "categories", "areas", "generations", "regions"})) {
        c.all_parts = !parse_parts(of, p, c);
        parse_generations(of, c);
        c.regions = doc_.strings(of, "regions");
      }
    } else {
      c = rule_cov;
    }
    c.all_vendors = true;
    c.vendors.clear();
    c.vendor_names.clear();
    c.designations.clear();
    c.deploy = deployment::all;
    return c;
  }

  std::vector<milestone> parse_milestones(const YAML::Node& list, const pack& p) {
    std::vector<milestone> out;
    for_each_entry(list, "milestones", "milestone",
                   {"by", "title", "functions", "layers", "categories", "areas", "generations", "max_percent", "count",
                    "confidence"},
                   [&](const YAML::Node& n) { out.push_back(parse_milestone(n, p)); });
    std::stable_sort(out.begin(), out.end(), [](const milestone& a, const milestone& b) { return a.by < b.by; });
    return out;
  }

  milestone parse_milestone(const YAML::Node& n, const pack& p) {
    milestone m;
    m.by = doc_.day(n, "by", true).value_or(date{});
    m.title = doc_.str(n, "title", true).value_or("");
    coverage scope;
    const bool narrowed = parse_parts(n, p, scope);
    parse_generations(n, scope);
    if (narrowed || !scope.generations.empty() || scope.neutral) {
      scope.all_parts = !narrowed;
      m.scope = std::move(scope);
    }
    m.max_percent = doc_.number(n, "max_percent", false);
    if (m.max_percent) {
      m.max_basis_points = std::llround(*m.max_percent * 100.0);
    }
    m.basis = parse_count_key(n, false).value_or(m.basis);
    if (yaml_doc::child(n, "confidence").IsDefined()) {
      m.conf = parse_confidence_key(n, m.title, "milestone '" + m.title + "'");
    }
    m.line = doc_.at(n, "").line;
    return m;
  }

  void parse_rules(const YAML::Node& list, pack& p) {
    if (absent(list)) {
      return;
    }
    for_each_entry(list, "rules", "rule",
                   {"id", "title", "effect", "severity", "source", "confidence", "from", "until", "covers", "cap",
                    "milestones", "conditions", "overlaps", "operators", "text", "answer", "weighing"},
                   [&](const YAML::Node& n) {
                     rule r = parse_rule(n, p);
                     rule_nodes_.emplace(r.id, YAML::Node(n));
                     replace_or_add(p.rules, std::move(r), n, "rule");
                   });
  }

  rule parse_rule(const YAML::Node& n, const pack& p) {
    rule r;
    r.file = doc_.file();
    r.line = doc_.at(n, "").line;
    r.origin_pack = p.id;
    r.id = doc_.str(n, "id", true).value_or("");
    r.title = doc_.str(n, "title", true).value_or("");
    r.text = doc_.str(n, "text", true).value_or("");
    r.eff = lookup(n, "effect", true, "effect", "; expected one of: " + effect_list(), parse_effect).value_or(r.eff);
    r.severity = parse_severity(n, r.eff);
    r.src = parse_source(n, "rule '" + r.id + "'");
    r.conf = parse_confidence_key(n, r.text + " " + r.title, "rule '" + r.id + "'");
    r.dates.from = doc_.day(n, "from", true);
    r.dates.until = doc_.day(n, "until", false);
    if (r.dates.from && r.dates.until && *r.dates.until < *r.dates.from) {
      doc_.fail(yaml_doc::child(n, "until"), "until", "rule '" + r.id + "' ends ('until') before it starts ('from')");
    }
    r.covers = parse_coverage(yaml_doc::child(n, "covers"), p, r.id);
    r.conditions = doc_.strings(n, "conditions");
    r.overlaps = doc_.strings(n, "overlaps");
    r.operators = doc_.strings(n, "operators");
    if (const auto cap = effect_key(n, r, effect::cap, "cap", "max_percent, count")) {
      r.cap = parse_cap(*cap, r.covers, p);
    }
    if (r.eff == effect::cap && r.covers.all_vendors) {
      doc_.fail(n, "covers", "cap rule '" + r.id + "' must name the vendors or designations whose share it caps");
    }
    if (const auto ms = effect_key(n, r, effect::remove, "milestones", "by, title")) {
      r.milestones = parse_milestones(*ms, p);
    }
    r.answers = lookup(n, "answer", false, "answer", "; expected floor or complete", parse_answer).value_or(r.answers);
    const YAML::Node weighing = yaml_doc::child(n, "weighing");
    if (r.eff == effect::weigh) {
      r.weighing = parse_weighing(doc_, weighing);
    } else if (weighing.IsDefined()) {
      doc_.fail(weighing, "weighing", "'weighing' is only for rules with effect weigh");
    }
    check_effect_needs(n, r);
    return r;
  }

  // Prohibitions and removals weigh significant unless `severity` says otherwise.
  decision parse_severity(const YAML::Node& n, effect eff) {
    const decision fallback =
        (eff == effect::prohibit || eff == effect::remove) ? decision::significant_risk : decision::risk_to_address;
    const auto sev = doc_.str(n, "severity", false);
    if (!sev) {
      return fallback;
    }
    const auto d = parse_decision(*sev);
    if (!d || (*d != decision::significant_risk && *d != decision::risk_to_address)) {
      doc_.fail(yaml_doc::child(n, "severity"), "severity",
                "unknown severity '" + *sev + "'; expected significant_risk or risk_to_address");
      return fallback;
    }
    return *d;
  }

  // Key `key` belongs to the rules of effect `eff`, which require it: its
  // node when the rule has that effect and the key (else nullopt, recorded
  // where it is missing or out of place).
  std::optional<YAML::Node> effect_key(const YAML::Node& n, const rule& r, effect eff, std::string_view key,
                                       std::string_view contents) {
    const YAML::Node v = yaml_doc::child(n, key);
    const std::string k(key);
    if (r.eff != eff) {
      if (v.IsDefined()) {
        doc_.fail(v, key, "'" + k + "' is only for rules with effect " + std::string(to_string(eff)));
      }
      return std::nullopt;
    }
    if (!v.IsDefined()) {
      doc_.fail(n, key,
                "rule '" + r.id + "' has effect " + std::string(to_string(eff)) + " but no '" + k + ":' (" +
                    std::string(contents) + ")");
      return std::nullopt;
    }
    return v;
  }

  // What an effect asks of the rest of the rule: conditions for allow, named vendors for prohibit and remove.
  void check_effect_needs(const YAML::Node& n, const rule& r) {
    if (r.eff == effect::allow && r.conditions.empty()) {
      doc_.fail(n, "conditions", "allow rule '" + r.id + "' must state its 'conditions'");
    }
    if ((r.eff == effect::prohibit || r.eff == effect::remove) && r.covers.all_vendors) {
      doc_.fail(n, "covers",
                "rule '" + r.id + "' (" + std::string(to_string(r.eff)) +
                    ") must name the vendors or designations it applies to");
    }
  }

  static bool vendors_intersect(const coverage& a, const coverage& b) {
    if (a.all_vendors || b.all_vendors) {
      return true;
    }
    for (const auto v : a.vendors) {
      if (b.vendors.count(v) > 0) {
        return true;
      }
    }
    return false;
  }

  static bool intersects(const coverage& a, const coverage& b) {
    if (!vendors_intersect(a, b)) {
      return false;
    }
    const function_mask all = function_mask().set();
    if (((a.all_parts ? all : a.parts) & (b.all_parts ? all : b.parts)).none()) {
      return false;
    }
    if (!a.generations.empty() && !b.generations.empty()) {
      bool any = false;
      for (const auto g : a.generations) {
        any = any || b.generations.count(g) > 0;
      }
      if (!any) {
        return false;
      }
    }
    if (a.deploy != deployment::all && b.deploy != deployment::all && a.deploy != b.deploy) {
      return false;
    }
    if (!a.regions.empty() && !b.regions.empty()) {
      bool any = false;
      for (const auto& r : a.regions) {
        any = any || b.matches_region(r);
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  // The node rule `id` was read from (nullptr: inherited).
  const YAML::Node* node_of(const std::string& id) const {
    const auto it = rule_nodes_.find(id);
    return it != rule_nodes_.end() ? &it->second : nullptr;
  }

  // The pack's own rules (inherited ones were checked in their pack), each
  // of whose declared `overlaps` must name a rule of the pack.
  std::vector<const rule*> own_rules(const pack& p) {
    std::vector<const rule*> own;
    for (const auto& r : p.rules) {
      if (r.origin_pack != p.id) {
        continue;
      }
      own.push_back(&r);
      for (const auto& o : r.overlaps) {
        if (p.find_rule(o) == nullptr) {
          const YAML::Node* at = node_of(r.id);
          doc_.fail(at != nullptr ? yaml_doc::child(*at, "overlaps") : YAML::Node(), "overlaps",
                    "rule '" + r.id + "' declares an overlap with unknown rule '" + o + "'");
        }
      }
    }
    return own;
  }

  void check_overlaps(const pack& p) {
    const std::vector<const rule*> own = own_rules(p);
    for (std::size_t i = 0; i < own.size(); ++i) {
      for (std::size_t j = i + 1; j < own.size(); ++j) {
        check_pair(*own[i], *own[j]);
      }
    }
  }

  // Two rules that cover the same on the same dates: an error when they
  // contradict each other (prohibit and allow) or when they have the same
  // effect (but notify) and neither declares the overlap.
  void check_pair(const rule& a, const rule& b) {
    if (!a.dates.overlaps(b.dates) || !intersects(a.covers, b.covers)) {
      return;
    }
    const auto declared = [](const rule& x, const rule& y) {
      return std::find(x.overlaps.begin(), x.overlaps.end(), y.id) != x.overlaps.end();
    };
    const bool contradictory =
        (a.eff == effect::prohibit && b.eff == effect::allow) || (a.eff == effect::allow && b.eff == effect::prohibit);
    const bool overlapping = a.eff == b.eff && a.eff != effect::notify && !declared(a, b) && !declared(b, a);
    if (!contradictory && !overlapping) {
      return;
    }
    const YAML::Node* at = node_of(b.id);
    const std::string what = contradictory ? "contradictory rules: '" : "overlapping rules: '";
    doc_.fail(at != nullptr ? *at : YAML::Node(), "covers",
              what + b.id + "' (" + std::string(to_string(b.eff)) + ", line " + std::to_string(b.line) + ") and '" +
                  a.id + "' (" + std::string(to_string(a.eff)) + ", line " + std::to_string(a.line) +
                  ") cover the same vendors and parts on the same dates; narrow one of them (dates, parts, "
                  "generations, deployments or regions) or merge them");
  }

  yaml_doc doc_;
  const model::vendor_catalog& catalog_;
  const pack_lookup& parents_;
  std::set<std::string> own_ids_;
  std::map<std::string, YAML::Node> rule_nodes_;
};

std::string stem_of(const std::string& name) {
  const std::filesystem::path path(name);
  return path.stem().string();
}

// Every error `diag` holds as one pack error.
error pack_errors(const diagnostics& diag) {
  auto e = diag.combined();
  e.code = error_code::policy_error;
  return e;
}

// A pack file with the id its name gives it and the parent it extends.
struct pack_entry {
  pack_file file;
  std::string id;
  std::string extends;
  enum class state : std::uint8_t { todo, in_progress, done } at = state::todo;
};

// Reads every file's id and `extends` (a file YAML cannot read extends
// nothing here: parse_pack reports its syntax error with the line).
std::vector<pack_entry> pack_entries(std::vector<pack_file> files) {
  std::vector<pack_entry> entries;
  for (auto& f : files) {
    pack_entry e;
    e.id = stem_of(f.name);
    try {
      const YAML::Node root = YAML::Load(f.text);
      if (root.IsMap() && root["extends"] && root["extends"].IsScalar()) {
        e.extends = root["extends"].Scalar();
      }
    } catch (const std::exception&) {
      // parse_pack reports the syntax error with its line.
    }
    e.file = std::move(f);
    entries.push_back(std::move(e));
  }
  return entries;
}

// Parses the packs of `entries`, each after the pack it extends; errors into `diag`.
class pack_resolver {
 public:
  pack_resolver(std::vector<pack_entry>& entries, const model::vendor_catalog& catalog, diagnostics& diag)
      : entries_(entries), catalog_(catalog), diag_(diag) {}

  // The packs by id.
  std::map<std::string, pack> run() {
    for (auto& e : entries_) {
      resolve(e);
    }
    return std::move(done_);
  }

 private:
  void resolve(pack_entry& e) {
    if (e.at == pack_entry::state::done) {
      return;
    }
    if (e.at == pack_entry::state::in_progress) {
      diag_.add(error_code::policy_error, "packs extend each other in a cycle", location{e.file.name, 0, 0, "extends"});
      return;
    }
    e.at = pack_entry::state::in_progress;
    for (auto& other : entries_) {
      if (!e.extends.empty() && other.id == e.extends) {
        resolve(other);
      }
    }
    const pack_lookup lookup = [this](std::string_view pid) -> const pack* {
      const auto it = done_.find(std::string(pid));
      return it == done_.end() ? nullptr : &it->second;
    };
    auto p = parse_pack(e.file.text, e.file.name, catalog_, lookup);
    if (!p) {
      diag_.add(p.take_error());
    } else if (p->id != e.id) {
      diag_.add(error_code::policy_error,
                "file " + e.id + ".yaml must hold pack id '" + e.id + "', not '" + p->id + "'",
                location{e.file.name, 0, 0, "id"});
    } else {
      done_.emplace(e.id, std::move(*p));
    }
    e.at = pack_entry::state::done;
  }

  std::vector<pack_entry>& entries_;
  const model::vendor_catalog& catalog_;
  diagnostics& diag_;
  std::map<std::string, pack> done_;
};

// The *.yaml files of folder `dir`, sorted by name; none when `dir` is not
// a folder (or cannot be listed).
result<std::vector<pack_file>> read_pack_folder(const std::string& dir, file_system& fs) {
  std::vector<pack_file> files;
  const auto st = fs.status_of(dir);
  if (dir.empty() || !st || !st->is_directory) {
    return files;
  }
  auto names = fs.list_directory(dir);
  if (!names) {
    return files;
  }
  for (const auto& name : *names) {
    const std::filesystem::path path = std::filesystem::path(dir) / name;
    if (path.extension() != ".yaml") {
      continue;
    }
    auto text = fs.read_file(path.string(), detail::kMaxPolicyFileBytes);
    if (!text) {
      error e = text.take_error();
      e.message = "cannot read pack: " + e.message;
      return e;
    }
    files.push_back(pack_file{path.string(), std::move(*text)});
  }
  return files;
}

}  // namespace

result<pack> parse_pack(std::string_view text, const std::string& file, const model::vendor_catalog& catalog,
                        const pack_lookup& parents) {
  diagnostics diag(50);
  try {
    pack_parser parser(file, catalog, parents, diag);
    auto p = parser.run(text);
    if (diag.empty() && p) {
      return std::move(*p);
    }
    if (diag.empty()) {
      return make_error(error_code::policy_error, "cannot read pack", location{file, 0, 0, ""});
    }
    return pack_errors(diag);
  } catch (const std::exception& e) {
    // yaml-cpp may throw from any accessor: never let it out of the library.
    return make_error(error_code::policy_error, std::string("cannot read pack: ") + e.what(), location{file, 0, 0, ""});
  }
}

std::string pack_library::ids() const {
  std::vector<std::string> ids;
  for (const auto& p : packs_) {
    std::string s = p.id;
    for (const auto& a : p.aliases) {
      s += "/" + a;
    }
    ids.push_back(std::move(s));
  }
  return join(ids, ", ");
}

const pack* pack_library::find(std::string_view id) const {
  const std::string want = to_lower_ascii(trim(id));
  for (const auto& p : packs_) {
    if (p.id == want) {
      return &p;
    }
    for (const auto& a : p.aliases) {
      if (to_lower_ascii(a) == want) {
        return &p;
      }
    }
  }
  return nullptr;
}

result<const pack*> pack_library::get(std::string_view id, std::string_view field) const {
  if (const pack* p = find(id)) {
    return p;
  }
  return make_error(error_code::not_found,
                    "unknown jurisdiction or policy pack '" + std::string(id) + "'; available: " + ids(),
                    location{"", 0, 0, std::string(field)});
}

result<pack_library> pack_library::from_files(std::vector<pack_file> files, const model::vendor_catalog& catalog,
                                              std::string origin) {
  // Read every file's id and extends first, then resolve parents before children.
  std::vector<pack_entry> entries = pack_entries(std::move(files));
  diagnostics diag(50);
  std::map<std::string, pack> done = pack_resolver(entries, catalog, diag).run();
  if (!diag.empty()) {
    return pack_errors(diag);
  }
  pack_library lib;
  lib.origin_ = std::move(origin);
  for (auto& [id, p] : done) {
    lib.packs_.push_back(std::move(p));
  }
  return lib;
}

result<pack_library> pack_library::load(const std::vector<std::string>& dirs, const model::vendor_catalog& catalog) {
  return load(dirs, catalog, local_file_system());
}

result<pack_library> pack_library::load(const std::vector<std::string>& dirs, const model::vendor_catalog& catalog,
                                        file_system& fs) {
  for (const auto& dir : dirs) {
    NETVET_ASSIGN_OR_RETURN(auto files, read_pack_folder(dir, fs));
    if (!files.empty()) {
      return from_files(std::move(files), catalog, "directory " + dir);
    }
  }
  return from_files(embedded_pack_files(), catalog, "embedded in the netvet binary");
}

result<pack> pack_library::load_file(const std::string& path, const model::vendor_catalog& catalog) const {
  return load_file(path, catalog, local_file_system());
}

result<pack> pack_library::load_file(const std::string& path, const model::vendor_catalog& catalog,
                                     file_system& fs) const {
  NETVET_ASSIGN_OR_RETURN(const file_status st, fs.status_of(path));
  if (!st.exists) {
    return make_error(error_code::not_found, "no such pack file", location{path, 0, 0, ""});
  }
  if (st.is_directory) {
    return make_error(error_code::invalid_input, "is a folder, expected a pack file (*.yaml)", location{path});
  }
  NETVET_ASSIGN_OR_RETURN(const std::string text, fs.read_file(path, detail::kMaxPolicyFileBytes));
  const pack_lookup lookup = [this](std::string_view id) { return find(id); };
  return parse_pack(text, path, catalog, lookup);
}

}  // namespace netvet::policy
