#include "netvet/policy/loader.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "netvet/core/text.h"
#include "netvet/policy/yaml_util.h"

namespace netvet::policy {
namespace {

namespace fs = std::filesystem;
using detail::yaml_doc;

// Resolves vendor display names (or any spelling the catalogue knows) to ids.
std::optional<model::vendor_id> find_vendor(const model::vendor_catalog& catalog, const std::string& name) {
  if (auto id = catalog.find(name)) {
    return id;
  }
  const auto m = catalog.resolve(name);
  return m.vendor;
}

// Adds the subsidiaries (vendors.csv `parent`, transitively) of `ids`.
void add_affiliates(const model::vendor_catalog& catalog, std::set<model::vendor_id>& ids) {
  bool grew = true;
  while (grew) {
    grew = false;
    for (model::vendor_id v = 0; v < catalog.size(); ++v) {
      if (ids.count(v) > 0) {
        continue;
      }
      const auto& parent = catalog.info(v).parent;
      if (parent.empty()) {
        continue;
      }
      const auto p = catalog.find(parent);
      if (p && ids.count(*p) > 0) {
        ids.insert(v);
        grew = true;
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
    pack p;
    p.file = doc_.file();
    const auto ver = doc_.integer(*root, "netvet_policy", true);
    if (ver && *ver != kPackFormatVersion) {
      doc_.fail(yaml_doc::child(*root, "netvet_policy"), "netvet_policy",
                "pack format version " + std::to_string(*ver) + " is not supported (this netvet reads version " +
                    std::to_string(kPackFormatVersion) + ")");
    }
    p.id = doc_.str(*root, "id", true).value_or("");
    p.name = doc_.str(*root, "name", true).value_or("");
    p.jurisdiction = doc_.str(*root, "jurisdiction", true).value_or("");
    p.aliases = doc_.strings(*root, "aliases");
    p.extends = doc_.str(*root, "extends", false).value_or("");
    p.version = doc_.str(*root, "version", false).value_or("");
    p.description = doc_.str(*root, "description", false).value_or("");
    p.notes = doc_.strings(*root, "notes");
    if (!p.id.empty() && p.id != to_lower_ascii(p.id)) {
      doc_.fail(yaml_doc::child(*root, "id"), "id", "pack id '" + p.id + "' must be lower case");
    }
    if (!p.extends.empty()) {
      const pack* parent = parents_ ? parents_(p.extends) : nullptr;
      if (parent == nullptr) {
        doc_.fail(yaml_doc::child(*root, "extends"), "extends", "unknown pack '" + p.extends + "' in extends");
      } else if (parent->id == p.id) {
        doc_.fail(yaml_doc::child(*root, "extends"), "extends", "a pack cannot extend itself");
      } else {
        p.designations = parent->designations;
        p.areas = parent->areas;
        p.rules = parent->rules;
      }
    }
    parse_designations(yaml_doc::child(*root, "designations"), p);
    parse_areas(yaml_doc::child(*root, "areas"), p);
    parse_rules(yaml_doc::child(*root, "rules"), p);
    check_overlaps(p);
    return p;
  }

 private:
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
    const auto s = doc_.str(owner, "confidence", true);
    if (!s) {
      return confidence::unconfirmed;
    }
    const auto c = policy::parse_confidence(*s);
    if (!c) {
      doc_.fail(yaml_doc::child(owner, "confidence"), "confidence",
                "unknown confidence '" + *s + "'; expected C (confirmed), P (partly) or U (unconfirmed)");
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

  // functions/layers/categories/areas of `n` into a mask; false if none listed.
  bool parse_parts(const YAML::Node& n, const pack& p, function_mask& mask, std::vector<std::string>& functions,
                   std::vector<std::string>& layers, std::vector<std::string>& categories,
                   std::vector<std::string>* areas) {
    functions = doc_.strings(n, "functions");
    layers = doc_.strings(n, "layers");
    categories = doc_.strings(n, "categories");
    if (areas != nullptr) {
      *areas = doc_.strings(n, "areas");
    }
    mask.reset();
    for (const auto& f : functions) {
      if (const auto fn = model::parse_function(f)) {
        mask.set(static_cast<std::size_t>(*fn));
      } else {
        doc_.fail(yaml_doc::child(n, "functions"), "functions",
                  "unknown function '" + f + "'; expected one of: " + std::string(model::function_list()));
      }
    }
    for (const auto& l : layers) {
      if (const auto ly = model::parse_layer(l)) {
        for (const auto fn : model::all_functions()) {
          if (model::layer_of(fn) == *ly) {
            mask.set(static_cast<std::size_t>(fn));
          }
        }
      } else {
        doc_.fail(yaml_doc::child(n, "layers"), "layers",
                  "unknown layer '" + l + "'; expected one of: access, transport, core, management, security");
      }
    }
    for (const auto& c : categories) {
      if (const auto cat = model::parse_asset_category(c)) {
        for (const auto fn : model::all_functions()) {
          if (model::category_of(fn) == *cat) {
            mask.set(static_cast<std::size_t>(fn));
          }
        }
      } else {
        doc_.fail(
            yaml_doc::child(n, "categories"), "categories",
            "unknown asset category '" + c +
                "'; expected one of: CORE, SUBDB, MANO, NFVI, OSS, AAA, BSS, LI, RAN, TRANS, INTERCONN, FIXEDACC");
      }
    }
    if (areas != nullptr) {
      for (const auto& a : *areas) {
        if (const auto* ar = p.find_area(a)) {
          mask |= ar->parts;
        } else {
          doc_.fail(yaml_doc::child(n, "areas"), "areas", "unknown area '" + a + "' (define it under 'areas:')");
        }
      }
    }
    return !functions.empty() || !layers.empty() || !categories.empty() || (areas != nullptr && !areas->empty());
  }

  std::set<model::generation> parse_generations(const YAML::Node& n) {
    std::set<model::generation> out;
    for (const auto& g : doc_.strings(n, "generations")) {
      if (const auto gen = model::parse_generation(g)) {
        out.insert(*gen);
      } else {
        doc_.fail(yaml_doc::child(n, "generations"), "generations",
                  "unknown generation '" + g + "'; expected 4g, 5g or any");
      }
    }
    return out;
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
    if (!list.IsDefined() || list.IsNull()) {
      return;
    }
    if (!list.IsSequence()) {
      doc_.fail(list, "designations", "'designations' must be a list");
      return;
    }
    for (const auto& n : list) {
      if (!doc_.check_map(n, "designation", {"id", "title", "vendors", "affiliates", "source", "confidence", "text"})) {
        continue;
      }
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
      replace_or_add(p.designations, std::move(d), n, "designation");
    }
  }

  void parse_areas(const YAML::Node& list, pack& p) {
    if (!list.IsDefined() || list.IsNull()) {
      return;
    }
    if (!list.IsSequence()) {
      doc_.fail(list, "areas", "'areas' must be a list");
      return;
    }
    for (const auto& n : list) {
      if (!doc_.check_map(n, "area",
                          {"id", "title", "functions", "layers", "categories", "source", "confidence", "text"})) {
        continue;
      }
      area a;
      a.id = doc_.str(n, "id", true).value_or("");
      a.title = doc_.str(n, "title", true).value_or("");
      a.text = doc_.str(n, "text", false).value_or("");
      if (!parse_parts(n, p, a.parts, a.functions, a.layers, a.categories, nullptr)) {
        doc_.fail(n, "functions", "area '" + a.id + "' names no functions, layers or categories");
      }
      a.src = parse_source(n, "area '" + a.id + "'");
      a.conf = parse_confidence_key(n, a.text + " " + a.title, "area '" + a.id + "'");
      a.line = doc_.at(n, "").line;
      replace_or_add(p.areas, std::move(a), n, "area");
    }
  }

  template <typename T>
  void replace_or_add(std::vector<T>& items, T item, const YAML::Node& n, std::string_view what) {
    for (auto& existing : items) {
      if (existing.id == item.id) {
        if (own_ids_.count(std::string(what) + ":" + item.id) > 0) {
          doc_.fail(n, "id", "duplicate " + std::string(what) + " id '" + item.id + "'");
          return;
        }
        own_ids_.insert(std::string(what) + ":" + item.id);
        existing = std::move(item);  // a child pack replaces its parent's
        return;
      }
    }
    own_ids_.insert(std::string(what) + ":" + item.id);
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
    c.all_parts = !parse_parts(n, p, c.parts, c.functions, c.layers, c.categories, &c.areas);
    c.generations = parse_generations(n);
    if (const auto d = doc_.str(n, "deployments", false)) {
      if (const auto dep = parse_deployment(*d)) {
        c.deploy = *dep;
      } else {
        doc_.fail(yaml_doc::child(n, "deployments"), "deployments",
                  "unknown deployments '" + *d + "' in rule '" + rule_id + "'; expected all, new or existing");
      }
    }
    c.regions = doc_.strings(n, "regions");
    c.all_vendors = c.vendor_names.empty() && c.designations.empty();
    resolve_vendors(yaml_doc::child(n, "vendors"), c.vendor_names, c.affiliates, c.vendors);
    for (const auto& d : c.designations) {
      if (const auto* des = p.find_designation(d)) {
        c.vendors.insert(des->resolved.begin(), des->resolved.end());
      } else {
        doc_.fail(yaml_doc::child(n, "designations"), "designations",
                  "unknown designation '" + d + "' (define it under 'designations:')");
      }
    }
    if (c.affiliates) {
      add_affiliates(catalog_, c.vendors);
    }
    return c;
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
    const auto basis = doc_.str(n, "count", true);
    if (basis) {
      if (const auto b = parse_count_basis(*basis)) {
        c.basis = *b;
      } else {
        doc_.fail(yaml_doc::child(n, "count"), "count",
                  "unknown count '" + *basis + "'; expected elements, sites or subscribers");
      }
    }
    const YAML::Node of = yaml_doc::child(n, "of");
    if (of.IsDefined()) {
      if (doc_.check_map(of, "cap.of", {"functions", "layers", "categories", "areas", "generations", "regions"})) {
        c.of.all_parts = !parse_parts(of, p, c.of.parts, c.of.functions, c.of.layers, c.of.categories, &c.of.areas);
        c.of.generations = parse_generations(of);
        c.of.regions = doc_.strings(of, "regions");
      }
    } else {
      c.of = rule_cov;  // the rule's own parts, every vendor
    }
    c.of.all_vendors = true;
    c.of.vendors.clear();
    c.of.vendor_names.clear();
    c.of.designations.clear();
    c.of.deploy = deployment::all;
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

  std::vector<milestone> parse_milestones(const YAML::Node& list, const pack& p) {
    std::vector<milestone> out;
    if (!list.IsSequence()) {
      doc_.fail(list, "milestones", "'milestones' must be a list");
      return out;
    }
    for (const auto& n : list) {
      if (!doc_.check_map(n, "milestone",
                          {"by", "title", "functions", "layers", "categories", "areas", "generations", "max_percent",
                           "count", "confidence"})) {
        continue;
      }
      milestone m;
      m.by = doc_.day(n, "by", true).value_or(date{});
      m.title = doc_.str(n, "title", true).value_or("");
      coverage scope;
      const bool narrowed =
          parse_parts(n, p, scope.parts, scope.functions, scope.layers, scope.categories, &scope.areas);
      scope.generations = parse_generations(n);
      if (narrowed || !scope.generations.empty()) {
        scope.all_parts = !narrowed;
        m.scope = std::move(scope);
      }
      m.max_percent = doc_.number(n, "max_percent", false);
      if (m.max_percent) {
        m.max_basis_points = std::llround(*m.max_percent * 100.0);
      }
      if (const auto b = doc_.str(n, "count", false)) {
        if (const auto basis = parse_count_basis(*b)) {
          m.basis = *basis;
        } else {
          doc_.fail(yaml_doc::child(n, "count"), "count",
                    "unknown count '" + *b + "'; expected elements, sites or subscribers");
        }
      }
      if (yaml_doc::child(n, "confidence").IsDefined()) {
        m.conf = parse_confidence_key(n, m.title, "milestone '" + m.title + "'");
      }
      m.line = doc_.at(n, "").line;
      out.push_back(std::move(m));
    }
    std::stable_sort(out.begin(), out.end(), [](const milestone& a, const milestone& b) { return a.by < b.by; });
    return out;
  }

  void parse_rules(const YAML::Node& list, pack& p) {
    if (!list.IsDefined() || list.IsNull()) {
      return;
    }
    if (!list.IsSequence()) {
      doc_.fail(list, "rules", "'rules' must be a list");
      return;
    }
    for (const auto& n : list) {
      if (!doc_.check_map(n, "rule",
                          {"id", "title", "effect", "severity", "source", "confidence", "from", "until", "covers",
                           "cap", "milestones", "conditions", "overlaps", "text"})) {
        continue;
      }
      rule r;
      r.file = doc_.file();
      r.line = doc_.at(n, "").line;
      r.origin_pack = p.id;
      r.id = doc_.str(n, "id", true).value_or("");
      r.title = doc_.str(n, "title", true).value_or("");
      r.text = doc_.str(n, "text", true).value_or("");
      const auto eff = doc_.str(n, "effect", true);
      if (eff) {
        if (const auto e = parse_effect(*eff)) {
          r.eff = *e;
        } else {
          doc_.fail(yaml_doc::child(n, "effect"), "effect",
                    "unknown effect '" + *eff + "'; expected one of: " + effect_list());
        }
      }
      r.severity = (r.eff == effect::prohibit || r.eff == effect::remove) ? decision::significant_risk
                                                                          : decision::risk_to_address;
      if (const auto sev = doc_.str(n, "severity", false)) {
        const auto d = parse_decision(*sev);
        if (!d || (*d != decision::significant_risk && *d != decision::risk_to_address)) {
          doc_.fail(yaml_doc::child(n, "severity"), "severity",
                    "unknown severity '" + *sev + "'; expected significant_risk or risk_to_address");
        } else {
          r.severity = *d;
        }
      }
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
      const YAML::Node capn = yaml_doc::child(n, "cap");
      const YAML::Node ms = yaml_doc::child(n, "milestones");
      if (r.eff == effect::cap) {
        if (!capn.IsDefined()) {
          doc_.fail(n, "cap", "rule '" + r.id + "' has effect cap but no 'cap:' (max_percent, count)");
        } else {
          r.cap = parse_cap(capn, r.covers, p);
        }
        if (r.covers.all_vendors) {
          doc_.fail(n, "covers", "cap rule '" + r.id + "' must name the vendors or designations whose share it caps");
        }
      } else if (capn.IsDefined()) {
        doc_.fail(capn, "cap", "'cap' is only for rules with effect cap");
      }
      if (r.eff == effect::remove) {
        if (!ms.IsDefined()) {
          doc_.fail(n, "milestones", "rule '" + r.id + "' has effect remove but no 'milestones:' (by, title)");
        } else {
          r.milestones = parse_milestones(ms, p);
        }
      } else if (ms.IsDefined()) {
        doc_.fail(ms, "milestones", "'milestones' is only for rules with effect remove");
      }
      if (r.eff == effect::allow && r.conditions.empty()) {
        doc_.fail(n, "conditions", "allow rule '" + r.id + "' must state its 'conditions'");
      }
      if ((r.eff == effect::prohibit || r.eff == effect::remove) && r.covers.all_vendors) {
        doc_.fail(n, "covers",
                  "rule '" + r.id + "' (" + std::string(to_string(r.eff)) +
                      ") must name the vendors or designations it applies to");
      }
      rule_nodes_.emplace(r.id, YAML::Node(n));
      replace_or_add(p.rules, std::move(r), n, "rule");
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

  void check_overlaps(const pack& p) {
    std::vector<const rule*> own;
    for (const auto& r : p.rules) {
      if (r.origin_pack == p.id) {
        own.push_back(&r);
        for (const auto& o : r.overlaps) {
          if (p.find_rule(o) == nullptr) {
            const auto it = rule_nodes_.find(r.id);
            doc_.fail(it != rule_nodes_.end() ? yaml_doc::child(it->second, "overlaps") : YAML::Node(), "overlaps",
                      "rule '" + r.id + "' declares an overlap with unknown rule '" + o + "'");
          }
        }
      }
    }
    for (std::size_t i = 0; i < own.size(); ++i) {
      for (std::size_t j = i + 1; j < own.size(); ++j) {
        const rule& a = *own[i];
        const rule& b = *own[j];
        if (!a.dates.overlaps(b.dates) || !intersects(a.covers, b.covers)) {
          continue;
        }
        const auto declared = [](const rule& x, const rule& y) {
          return std::find(x.overlaps.begin(), x.overlaps.end(), y.id) != x.overlaps.end();
        };
        const bool contradictory = (a.eff == effect::prohibit && b.eff == effect::allow) ||
                                   (a.eff == effect::allow && b.eff == effect::prohibit);
        const bool overlapping = a.eff == b.eff && a.eff != effect::notify && !declared(a, b) && !declared(b, a);
        if (!contradictory && !overlapping) {
          continue;
        }
        const auto it = rule_nodes_.find(b.id);
        const YAML::Node at = it != rule_nodes_.end() ? it->second : YAML::Node();
        const std::string what = contradictory ? "contradictory rules: '" : "overlapping rules: '";
        doc_.fail(at, "covers",
                  what + b.id + "' (" + std::string(to_string(b.eff)) + ", line " + std::to_string(b.line) + ") and '" +
                      a.id + "' (" + std::string(to_string(a.eff)) + ", line " + std::to_string(a.line) +
                      ") cover the same vendors and parts on the same dates; narrow one of them (dates, parts, "
                      "generations, deployments or regions) or merge them");
      }
    }
  }

  yaml_doc doc_;
  const model::vendor_catalog& catalog_;
  const pack_lookup& parents_;
  std::set<std::string> own_ids_;
  std::map<std::string, YAML::Node> rule_nodes_;
};

std::string stem_of(const std::string& name) {
  const fs::path path(name);
  return path.stem().string();
}

}  // namespace

result<pack> parse_pack(std::string_view text, const std::string& file, const model::vendor_catalog& catalog,
                        const pack_lookup& parents) {
  diagnostics diag(50);
  try {
    pack_parser parser(file, catalog, parents, diag);
    auto p = parser.run(text);
    if (!diag.empty() || !p) {
      auto e = diag.empty() ? make_error(error_code::policy_error, "cannot read pack", location{file, 0, 0, ""})
                            : diag.combined();
      e.code = error_code::policy_error;
      return e;
    }
    return std::move(*p);
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
  struct entry {
    pack_file file;
    std::string id;
    std::string extends;
    int state = 0;  // 0 todo, 1 in progress, 2 done
  };
  std::vector<entry> entries;
  diagnostics diag(50);
  for (auto& f : files) {
    entry e;
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
  pack_library lib;
  lib.origin_ = std::move(origin);
  std::map<std::string, pack> done;
  std::function<void(entry&)> resolve = [&](entry& e) {
    if (e.state == 2) {
      return;
    }
    if (e.state == 1) {
      diag.add(error_code::policy_error, "packs extend each other in a cycle", location{e.file.name, 0, 0, "extends"});
      return;
    }
    e.state = 1;
    for (auto& other : entries) {
      if (!e.extends.empty() && other.id == e.extends) {
        resolve(other);
      }
    }
    pack_lookup lookup = [&done](std::string_view pid) -> const pack* {
      const auto it = done.find(std::string(pid));
      return it == done.end() ? nullptr : &it->second;
    };
    auto p = parse_pack(e.file.text, e.file.name, catalog, lookup);
    if (!p) {
      diag.add(p.take_error());
    } else if (p->id != e.id) {
      diag.add(error_code::policy_error, "file " + e.id + ".yaml must hold pack id '" + e.id + "', not '" + p->id + "'",
               location{e.file.name, 0, 0, "id"});
    } else {
      done.emplace(e.id, std::move(*p));
    }
    e.state = 2;
  };
  for (auto& e : entries) {
    resolve(e);
  }
  if (!diag.empty()) {
    auto err = diag.combined();
    err.code = error_code::policy_error;
    return err;
  }
  for (auto& [id, p] : done) {
    lib.packs_.push_back(std::move(p));
  }
  return lib;
}

result<pack_library> pack_library::load(const std::vector<std::string>& dirs, const model::vendor_catalog& catalog) {
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) {
      continue;
    }
    std::vector<pack_file> files;
    for (const auto& ent : fs::directory_iterator(dir, ec)) {
      if (ent.path().extension() != ".yaml") {
        continue;
      }
      std::ifstream in(ent.path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      if (!in.good() && !in.eof()) {
        return make_error(error_code::io_error, "cannot read pack", location{ent.path().string(), 0, 0, ""});
      }
      files.push_back(pack_file{ent.path().string(), ss.str()});
    }
    if (files.empty()) {
      continue;
    }
    std::sort(files.begin(), files.end(), [](const pack_file& a, const pack_file& b) { return a.name < b.name; });
    return from_files(std::move(files), catalog, "directory " + dir);
  }
  return from_files(embedded_pack_files(), catalog, "embedded in the netvet binary");
}

result<pack> pack_library::load_file(const std::string& path, const model::vendor_catalog& catalog) const {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return make_error(error_code::not_found, "no such pack file", location{path, 0, 0, ""});
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  pack_lookup lookup = [this](std::string_view id) { return find(id); };
  return parse_pack(ss.str(), path, catalog, lookup);
}

}  // namespace netvet::policy
