// CycloneDX HBOMs in and out (cyclonedx.h; docs/formats/cyclonedx.md).
#include "netvet/io/cyclonedx.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "netvet/core/date.h"
#include "netvet/core/text.h"
#include "netvet/crypto/digest.h"
#include "netvet/io/columns_internal.h"
#include "netvet/io/json_internal.h"

namespace netvet::io {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
using model::element_column;
using model::link_column;

constexpr std::string_view kNs = "netvet:";
constexpr std::string_view kAttr = "netvet:attribute:";
constexpr std::string_view kFinding = "netvet:finding";
constexpr std::string_view kNestedAttr = "cdx:components";
constexpr std::string_view kDependsAttr = "cdx:depends_on";

std::string shortest(double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, p};
}

// "name version", or the bom-ref when a component has no name.
std::string label_of(const json& c) {
  std::string out;
  if (c.contains("name") && c["name"].is_string()) {
    out = c["name"].get<std::string>();
  }
  if (c.contains("version") && c["version"].is_string() && !c["version"].get<std::string>().empty()) {
    out += (out.empty() ? "" : " ") + c["version"].get<std::string>();
  }
  if (out.empty() && c.contains("bom-ref") && c["bom-ref"].is_string()) {
    out = c["bom-ref"].get<std::string>();
  }
  return out;
}

// An organizational entity's name (`manufacturer`, `supplier`), or empty.
std::string entity_name(const json& c, const char* key) {
  if (!c.contains(key) || !c[key].is_object()) {
    return {};
  }
  const json& o = c[key];
  if (!o.contains("name") || !o["name"].is_string()) {
    return {};
  }
  return std::string(trim(o["name"].get<std::string>()));
}

std::string string_member(const json& c, const char* key) {
  return c.contains(key) && c[key].is_string() ? c[key].get<std::string>() : std::string{};
}

// One link as a `netvet:link` property gives it.
struct parsed_link {
  std::uint64_t n = 0;
  std::string b;
  std::string medium;
  std::string capacity;  // shortest text of the number, or empty
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string where;
};

// One device component, read but not yet added (attributes are known only
// once every component is read).
struct parsed_element {
  std::string where;  // "/components/3"
  std::string id;
  std::string fn;
  std::string fn_where;
  std::string vendor;
  std::string model;
  std::map<std::string, std::string> netvet;    // netvet:<key> (without prefix) -> value
  std::map<std::string, std::string> where_of;  // netvet key -> pointer of its property
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<parsed_link> links;
  std::size_t parent = SIZE_MAX;
  std::vector<std::string> nested;      // labels of nested non-element components
  std::vector<std::string> depends_on;  // labels of non-element dependencies

  void add_attribute(const std::string& name, const std::string& value) {
    for (auto& [n, v] : attributes) {
      if (n == name) {
        v += "; " + value;  // a property named twice (CycloneDX allows it)
        return;
      }
    }
    attributes.emplace_back(name, value);
  }
};

// The `netvet:*` properties a reader takes as columns (the rest are attributes).
constexpr std::string_view kNetvetKeys[] = {"id",        "function",   "vendor", "model",     "software",
                                            "site",      "region",     "lat",    "lon",       "subscribers",
                                            "installed", "managed_by", "status", "generation"};
bool is_column_key(std::string_view k) {
  return std::find(std::begin(kNetvetKeys), std::end(kNetvetKeys), k) != std::end(kNetvetKeys);
}

class bom_loader {
 public:
  bom_loader(std::string_view name, const read_options& options)
      : name_(name), options_(options), diag_(options.max_errors) {}

  result<cyclonedx_import> run(const json& doc) {
    read_metadata(doc);
    if (doc.contains("components")) {
      walk(doc["components"], "/components", SIZE_MAX, {});
    }
    if (doc.contains("dependencies")) {
      read_dependencies(doc["dependencies"]);
    }
    if (!diag_.empty()) {
      return diag_.combined();
    }
    return build();
  }

 private:
  void bad(const std::string& pointer, std::string msg) {
    diag_.add(error_code::invalid_input, std::move(msg), location{name_, 0, 0, pointer});
  }
  void note(const std::string& what, std::size_t n = 1) {
    for (auto& [text, count] : notes_) {
      if (text == what) {
        count += n;
        return;
      }
    }
    notes_.emplace_back(what, n);
  }

  // BOM-level netvet properties: the columns and attribute order a netvet
  // BOM states (so that reading it back gives the columns as they were).
  void read_metadata(const json& doc) {
    if (!doc.contains("metadata") || !doc["metadata"].is_object()) {
      return;
    }
    const json& md = doc["metadata"];
    if (md.contains("component")) {
      note("metadata.component (the BOM's subject) is not read as an element");
    }
    if (!md.contains("properties") || !md["properties"].is_array()) {
      return;
    }
    std::size_t i = 0;
    for (const auto& p : md["properties"]) {
      const std::string at = "/metadata/properties/" + std::to_string(i++);
      const std::string n = string_member(p, "name");
      const std::string v = string_member(p, "value");
      if (n == "netvet:element_columns") {
        element_columns_ = split_list(v);
      } else if (n == "netvet:link_columns") {
        link_columns_ = split_list(v);
      } else if (n == "netvet:element_attributes" || n == "netvet:link_attributes") {
        const json names = json::parse(v, nullptr, false);
        if (!names.is_array() ||
            !std::all_of(names.begin(), names.end(), [](const json& x) { return x.is_string(); })) {
          bad(at + "/value", n + " must be a JSON array of names");
          continue;
        }
        (n == "netvet:element_attributes" ? declared_element_attrs_ : declared_link_attrs_) =
            names.get<std::vector<std::string>>();
      }
    }
  }

  static std::optional<std::vector<std::string>> split_list(const std::string& v) {
    std::vector<std::string> out;
    for (auto part : split(v, ',')) {
      if (!trim(part).empty()) {
        out.emplace_back(trim(part));
      }
    }
    return out;
  }

  // Whether a component states a netvet function (a nested device that does
  // is an element of its own; one that does not is a part of its parent).
  static bool names_function(const json& c) {
    if (!c.contains("properties") || !c["properties"].is_array()) {
      return false;
    }
    for (const auto& p : c["properties"]) {
      const std::string n = string_member(p, "name");
      if ((n == "netvet:function" || n == "cdx:device:function") && model::parse_function(string_member(p, "value"))) {
        return true;
      }
    }
    return false;
  }

  void register_ref(const json& c, const std::string& at, const std::string& label) {
    if (!c.contains("bom-ref")) {
      return;
    }
    if (!c["bom-ref"].is_string()) {
      bad(at + "/bom-ref", "bom-ref must be a string");
      return;
    }
    const std::string ref = c["bom-ref"].get<std::string>();
    const auto [it, fresh] = refs_.try_emplace(ref, at);
    if (!fresh) {
      bad(at + "/bom-ref", "bom-ref '" + ref + "' is used twice (first at " + it->second + ")");
      return;
    }
    labels_[ref] = label;
  }

  void walk(const json& list, const std::string& at, std::size_t parent, const std::string& parent_vendor) {
    if (!list.is_array()) {
      bad(at, "must be an array of components");
      return;
    }
    std::size_t i = 0;
    for (const auto& c : list) {
      const std::string here = at + "/" + std::to_string(i++);
      if (!c.is_object()) {
        bad(here, "a component must be an object");
        continue;
      }
      const std::string type = string_member(c, "type");
      const bool element = type == "device" && (parent == SIZE_MAX || names_function(c));
      std::size_t self = parent;
      if (element) {
        self = read_device(c, here, parent, parent_vendor);
        if (c.contains("bom-ref") && c["bom-ref"].is_string() && self != SIZE_MAX) {
          ref_element_[c["bom-ref"].get<std::string>()] = self;
        }
      } else {
        read_part(c, here, parent, type);
      }
      if (c.contains("components")) {
        const std::string vendor = self != SIZE_MAX ? elements_[self].vendor : parent_vendor;
        walk(c["components"], here + "/components", self, vendor);
      }
    }
  }

  // A component that is not an element: a part of its parent element
  // (listed in its cdx:components), or, at the top, counted as not read.
  void read_part(const json& c, const std::string& at, std::size_t parent, const std::string& type) {
    const std::string label = label_of(c);
    register_ref(c, at, label);
    if (parent == SIZE_MAX) {
      note("top-level components that are not devices (type '" + type + "') are not network elements");
    } else if (!label.empty()) {
      elements_[parent].nested.push_back(label);
    }
  }

  // Reads one device component into elements_; SIZE_MAX when it is refused.
  std::size_t read_device(const json& c, const std::string& at, std::size_t parent, const std::string& parent_vendor) {
    parsed_element p;
    p.where = at;
    p.parent = parent;
    read_properties(c, at, p);
    register_ref(c, at, label_of(c));
    // id: netvet:id, else bom-ref, else name.
    p.id = p.netvet.contains("id") ? p.netvet["id"] : string_member(c, "bom-ref");
    if (p.id.empty()) {
      p.id = string_member(c, "name");
    }
    if (trim(p.id).empty()) {
      bad(at, "a device component needs a netvet:id property, a bom-ref or a name (the element's id)");
      return SIZE_MAX;
    }
    // vendor: netvet:vendor (the spelling netvet wrote), manufacturer, supplier, publisher, the parent's.
    for (const std::string& v :
         {p.netvet.contains("vendor") ? p.netvet["vendor"] : std::string{}, entity_name(c, "manufacturer"),
          entity_name(c, "supplier"), std::string(trim(string_member(c, "publisher"))), parent_vendor}) {
      if (!trim(v).empty()) {
        p.vendor = v;
        break;
      }
    }
    if (p.vendor.empty()) {
      bad(at + "/manufacturer", "device '" + label_of(c) +
                                    "' has no manufacturer, supplier or publisher: netvet needs each element's vendor");
      return SIZE_MAX;
    }
    // model: netvet:model in a BOM netvet wrote (netvet:id set), else name and version.
    if (p.netvet.contains("id")) {
      p.model = p.netvet.contains("model") ? p.netvet["model"] : std::string{};
    } else {
      p.model = label_of(c);
      if (c.contains("bom-ref") && p.model == string_member(c, "bom-ref") && !c.contains("name")) {
        p.model.clear();
      }
    }
    elements_.push_back(std::move(p));
    return elements_.size() - 1;
  }

  void read_properties(const json& c, const std::string& at, parsed_element& p) {
    if (!c.contains("properties")) {
      return;
    }
    if (!c["properties"].is_array()) {
      bad(at + "/properties", "must be an array of {name, value}");
      return;
    }
    std::size_t i = 0;
    std::string device_function;
    std::string device_function_at;
    for (const auto& prop : c["properties"]) {
      const std::string here = at + "/properties/" + std::to_string(i++);
      if (!prop.is_object() || !prop.contains("name") || !prop["name"].is_string()) {
        bad(here, "a property is an object with a string name");
        continue;
      }
      const std::string n = prop["name"].get<std::string>();
      const std::string v = string_member(prop, "value");
      if (n == "cdx:device:function" && model::parse_function(v)) {
        device_function = v;
        device_function_at = here;
        continue;
      }
      take_property(n, v, here, p);
    }
    if (!p.netvet.contains("function") && !device_function.empty()) {
      p.netvet["function"] = device_function;
      p.where_of["function"] = device_function_at;
    }
  }

  // One property other than cdx:device:function: a netvet column, link or
  // attribute, or any other name as an attribute.
  void take_property(const std::string& n, const std::string& v, const std::string& here, parsed_element& p) {
    if (!std::string_view(n).starts_with(kNs)) {
      p.add_attribute(n, v);
      return;
    }
    const std::string key = n.substr(kNs.size());
    if (std::string_view(n).starts_with(kFinding)) {
      note("audit finding properties (netvet:finding...) are output, not inventory: not read");
    } else if (key == "link") {
      read_link_property(v, here, p);
    } else if (std::string_view(n).starts_with(kAttr)) {
      p.add_attribute(n.substr(kAttr.size()), v);
    } else if (is_column_key(key)) {
      p.netvet[key] = v;
      p.where_of[key] = here;
    } else if (key != "vendor_name" && key != "vendor_country") {  // those two: the catalogue's, on reading
      p.add_attribute(n, v);
    }
  }

  void read_link_property(const std::string& v, const std::string& at, parsed_element& p) {
    const json l = json::parse(v, nullptr, false);
    if (!l.is_object() || !l.contains("b") || !l["b"].is_string()) {
      bad(at + "/value", "a netvet:link value is a JSON object with \"b\" (the other end's id)");
      return;
    }
    parsed_link out;
    out.where = at;
    out.b = l["b"].get<std::string>();
    if (l.contains("n") && l["n"].is_number_unsigned()) {
      out.n = l["n"].get<std::uint64_t>();
    } else {
      out.n = UINT64_MAX;
    }
    if (l.contains("medium") && l["medium"].is_string()) {
      out.medium = l["medium"].get<std::string>();
    }
    if (l.contains("capacity_gbps")) {
      if (!l["capacity_gbps"].is_number() || l["capacity_gbps"].get<double>() < 0) {
        bad(at + "/value", "capacity_gbps must be a non-negative number");
        return;
      }
      out.capacity = shortest(l["capacity_gbps"].get<double>());
    }
    if (l.contains("attributes") && l["attributes"].is_object()) {
      for (const auto& [k, a] : l["attributes"].items()) {
        out.attributes.emplace_back(k, a.is_string() ? a.get<std::string>() : a.dump());
      }
    }
    p.links.push_back(std::move(out));
  }

  void read_dependencies(const json& deps) {
    if (!deps.is_array()) {
      bad("/dependencies", "must be an array");
      return;
    }
    for (const auto& d : deps) {
      const std::string ref = string_member(d, "ref");
      const auto from = ref_element_.find(ref);
      if (from == ref_element_.end()) {
        note(labels_.contains(ref) ? "dependencies of components that are not elements are not read"
                                   : "dependencies naming a bom-ref that no component has are not read");
        continue;
      }
      if (!d.contains("dependsOn") || !d["dependsOn"].is_array()) {
        continue;
      }
      for (const auto& t : d["dependsOn"]) {
        const std::string to = t.is_string() ? t.get<std::string>() : std::string{};
        const auto e = ref_element_.find(to);
        if (e != ref_element_.end()) {
          if (e->second != from->second) {
            dependency_links_.emplace_back(from->second, e->second);
          }
        } else if (labels_.contains(to)) {
          elements_[from->second].depends_on.push_back(labels_[to]);
        } else {
          note("dependencies naming a bom-ref that no component has are not read");
        }
      }
    }
  }

  // The attribute names: the declared ones, then the others in first-seen order.
  status element_attribute_names() {
    auto add = [this](const std::string& n) -> status {
      if (attr_index_.contains(n)) {
        return status::ok();
      }
      if (attr_names_.size() >= columns::kMaxAttributeNames) {
        return make_error(error_code::limit_exceeded,
                          "more than " + std::to_string(columns::kMaxAttributeNames) +
                              " distinct properties: at most that many attributes are read per file",
                          location{name_, 0, 0, "/components"});
      }
      attr_index_.emplace(n, attr_names_.size());
      attr_names_.push_back(n);
      return status::ok();
    };
    for (const auto& n : declared_element_attrs_) {
      NETVET_TRY(add(n));
    }
    for (auto& p : elements_) {
      if (!p.nested.empty()) {
        p.add_attribute(std::string(kNestedAttr), join(p.nested, "; "));
      }
      if (!p.depends_on.empty()) {
        p.add_attribute(std::string(kDependsAttr), join(p.depends_on, "; "));
      }
      for (const auto& [n, v] : p.attributes) {
        NETVET_TRY(add(n));
      }
    }
    return status::ok();
  }

  void mark_element_columns(model::network_builder& b) {
    if (element_columns_) {
      for (const auto& c : *element_columns_) {
        if (auto col = model::parse_element_column(c)) {
          b.mark_column(*col);
        }
      }
    }
    // A column with a value is present, listed or not.
    for (const auto& p : elements_) {
      for (const auto& [k, v] : p.netvet) {
        if (auto col = model::parse_element_column(k); col && !v.empty()) {
          b.mark_column(*col);
        }
      }
      if (!p.model.empty()) {
        b.mark_column(element_column::model);
      }
    }
  }

  std::string value(parsed_element& p, const char* key) { return p.netvet.contains(key) ? p.netvet[key] : ""; }
  std::string where(parsed_element& p, const char* key) {
    return p.where_of.contains(key) ? p.where_of[key] + "/value" : p.where;
  }

  // The numbers, dates and names of one element; false (and reported) when one is bad.
  bool typed_values(parsed_element& p, model::element_record& r) {
    bool ok = read_function(p, r);
    ok = read_coordinates(p, r) && ok;
    ok = read_subscribers(p, r) && ok;
    ok = read_installed_and_status(p, r) && ok;
    return read_generation(p, r, ok) && ok;
  }

  bool read_function(parsed_element& p, model::element_record& r) {
    const std::string fn = value(p, "function");
    if (fn.empty()) {
      r.fn = options_.graphml_function;
      note("device components name no function (netvet:function or cdx:device:function): read as '" +
           std::string(model::to_string(options_.graphml_function)) + "' (--graphml-function)");
      return true;
    }
    if (auto f = model::parse_function(fn)) {
      r.fn = *f;
      return true;
    }
    bad(where(p, "function"), "unknown function '" + fn + "'; expected one of: " + std::string(model::function_list()));
    return false;
  }

  bool read_coordinates(parsed_element& p, model::element_record& r) {
    bool ok = true;
    for (const char* key : {"lat", "lon"}) {
      const std::string v = value(p, key);
      if (v.empty()) {
        continue;
      }
      double d = 0;
      const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
      const double lim = key[1] == 'a' ? 90.0 : 180.0;
      if (ec != std::errc{} || ptr != v.data() + v.size() || !(d >= -lim && d <= lim)) {
        bad(where(p, key), std::string(key) + " must be a number in [" + format_double(-lim) + ", " +
                               format_double(lim) + "], not '" + v + "'");
        ok = false;
        continue;
      }
      (key[1] == 'a' ? r.lat : r.lon) = d;
    }
    return ok;
  }

  bool read_subscribers(parsed_element& p, model::element_record& r) {
    const std::string v = value(p, "subscribers");
    if (v.empty()) {
      return true;
    }
    std::uint64_t n = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc{} || ptr != v.data() + v.size() || n > 0xFFFFFFFFULL) {
      bad(where(p, "subscribers"), "subscribers must be a whole number from 0 to 4294967295, not '" + v + "'");
      return false;
    }
    r.subscribers = static_cast<std::uint32_t>(n);
    return true;
  }

  bool read_installed_and_status(parsed_element& p, model::element_record& r) {
    bool ok = true;
    if (const std::string v = value(p, "installed"); !v.empty()) {
      if (auto d = parse_date(v)) {
        r.installed = d->days;
      } else {
        bad(where(p, "installed"), "not a date (YYYY-MM-DD): '" + v + "'");
        ok = false;
      }
    }
    if (const std::string v = value(p, "status"); !v.empty()) {
      if (auto s = model::parse_status(v)) {
        r.status = *s;
      } else {
        bad(where(p, "status"), "unknown status '" + v + "'");
        ok = false;
      }
    }
    return ok;
  }

  // `generation`, checked against the function when the rest is well formed.
  bool read_generation(parsed_element& p, model::element_record& r, bool rest_ok) {
    const std::string v = value(p, "generation");
    if (trim(v).empty()) {
      return true;
    }
    const auto g = model::parse_generation(trim(v));
    if (!g) {
      bad(where(p, "generation"), "unknown generation '" + v + "'; expected 4g, 5g or any");
      return false;
    }
    r.generation = model::generation_set::of(*g);
    if (rest_ok && !model::generation_fits(r.fn, r.generation)) {
      bad(where(p, "generation"), model::generation_conflict(r.fn, r.generation));
      return false;
    }
    return true;
  }

  result<cyclonedx_import> build() {
    NETVET_TRY(element_attribute_names());
    model::network_builder b(*options_.catalog);
    b.set_element_attributes(attr_names_);
    mark_element_columns(b);
    std::vector<model::element_index> index_of(elements_.size(), model::kNoElement);
    add_elements(b, index_of);
    if (!diag_.empty()) {
      return diag_.combined();
    }
    NETVET_TRY(build_links(b, index_of));
    if (!diag_.empty()) {
      return diag_.combined();
    }
    cyclonedx_import out{std::move(b).finish(), {}};
    for (const auto& [text, n] : notes_) {
      out.notes.push_back(std::to_string(n) + " " + text);
    }
    return out;
  }

  void add_elements(model::network_builder& b, std::vector<model::element_index>& index_of) {
    std::vector<std::string> store(attr_names_.size());
    std::vector<std::string_view> views(attr_names_.size());
    for (std::size_t i = 0; i < elements_.size(); ++i) {
      parsed_element& p = elements_[i];
      model::element_record r;
      if (!typed_values(p, r)) {
        continue;
      }
      const std::string software = value(p, "software");
      const std::string site = value(p, "site");
      const std::string region = value(p, "region");
      const std::string managed = value(p, "managed_by");
      r.id = p.id;
      r.vendor = trim(p.vendor);
      r.model = p.model;
      r.software = software;
      r.site = site;
      r.region = region;
      r.managed_by = managed;
      std::fill(store.begin(), store.end(), std::string{});
      for (const auto& [n, v] : p.attributes) {
        store[attr_index_.at(n)] = v;
      }
      std::copy(store.begin(), store.end(), views.begin());
      r.attributes = views;
      index_of[i] = b.add_element(r);
      if (index_of[i] == model::kNoElement) {
        bad(p.where, "duplicate element id '" + p.id + "'");
      }
    }
  }

  struct pending_link {
    std::uint64_t n;
    model::element_index a;
    const parsed_link* l;
  };
  using element_pair = std::pair<model::element_index, model::element_index>;
  static element_pair pair_of(model::element_index x, model::element_index y) { return std::minmax(x, y); }

  // The netvet:link properties in link order, and their attribute names
  // (declared, then first seen) into link_attr_names_.
  result<std::vector<pending_link>> property_links(const std::vector<model::element_index>& index_of) {
    link_attr_names_ = declared_link_attrs_;
    for (std::size_t i = 0; i < link_attr_names_.size(); ++i) {
      link_attr_index_.emplace(link_attr_names_[i], i);
    }
    std::vector<pending_link> links;
    for (std::size_t i = 0; i < elements_.size(); ++i) {
      for (const auto& l : elements_[i].links) {
        links.push_back({l.n, index_of[i], &l});
        for (const auto& [k, v] : l.attributes) {
          if (link_attr_index_.contains(k)) {
            continue;
          }
          if (link_attr_names_.size() >= columns::kMaxAttributeNames) {
            return make_error(error_code::limit_exceeded, "too many link attribute names",
                              location{name_, 0, 0, l.where});
          }
          link_attr_index_.emplace(k, link_attr_names_.size());
          link_attr_names_.push_back(k);
        }
      }
    }
    std::stable_sort(links.begin(), links.end(),
                     [](const pending_link& x, const pending_link& y) { return x.n < y.n; });
    return links;
  }

  // One netvet:link property's link; false (and reported) when it is bad.
  bool link_record_of(const model::network_builder& b, const pending_link& p, model::link_record& r,
                      std::vector<std::string>& store) {
    const parsed_link& l = *p.l;
    const auto other = b.find(l.b);
    if (!other) {
      bad(l.where + "/value", "dangling link end: no element '" + l.b + "'");
      return false;
    }
    r.a = p.a;
    r.b = *other;
    if (!l.medium.empty()) {
      const auto m = model::parse_medium(l.medium);
      if (!m) {
        bad(l.where + "/value", "unknown medium '" + l.medium + "'");
        return false;
      }
      r.medium = *m;
    }
    if (!l.capacity.empty()) {
      r.capacity_gbps = std::strtod(l.capacity.c_str(), nullptr);
    }
    std::fill(store.begin(), store.end(), std::string{});
    for (const auto& [k, v] : l.attributes) {
      store[link_attr_index_.at(k)] = v;
    }
    return true;
  }

  status build_links(model::network_builder& b, const std::vector<model::element_index>& index_of) {
    NETVET_ASSIGN_OR_RETURN(const auto links, property_links(index_of));
    b.set_link_attributes(link_attr_names_);
    mark_link_columns(b);
    std::vector<std::string> store(link_attr_names_.size());
    std::vector<std::string_view> views(link_attr_names_.size());
    std::set<element_pair> linked;
    for (const auto& p : links) {
      model::link_record r;
      if (!link_record_of(b, p, r, store)) {
        continue;
      }
      std::copy(store.begin(), store.end(), views.begin());
      r.attributes = views;
      b.add_link(r);
      linked.insert(pair_of(r.a, r.b));
    }
    add_plain_links(b, index_of, linked);
    return status::ok();
  }

  // Nested devices to their parents, then dependencies between elements:
  // links with no medium, capacity or attributes, once per pair.
  void add_plain_links(model::network_builder& b, const std::vector<model::element_index>& index_of,
                       std::set<element_pair>& linked) {
    const std::vector<std::string_view> none(link_attr_names_.size());
    auto add = [&](model::element_index x, model::element_index y) {
      if (x == model::kNoElement || y == model::kNoElement || x == y || !linked.insert(pair_of(x, y)).second) {
        return;
      }
      model::link_record r;
      r.a = x;
      r.b = y;
      r.attributes = none;
      b.add_link(r);
    };
    for (std::size_t i = 0; i < elements_.size(); ++i) {
      if (elements_[i].parent != SIZE_MAX) {
        add(index_of[elements_[i].parent], index_of[i]);
      }
    }
    for (const auto& [x, y] : dependency_links_) {
      add(index_of[x], index_of[y]);
    }
  }

  void mark_link_columns(model::network_builder& b) {
    if (link_columns_) {
      for (const auto& c : *link_columns_) {
        if (auto col = model::parse_link_column(c)) {
          b.mark_column(*col);
        }
      }
    }
    for (const auto& p : elements_) {
      for (const auto& l : p.links) {
        if (!l.medium.empty()) {
          b.mark_column(link_column::medium);
        }
        if (!l.capacity.empty()) {
          b.mark_column(link_column::capacity_gbps);
        }
      }
    }
  }

  std::string name_;
  const read_options& options_;
  diagnostics diag_;
  std::vector<std::pair<std::string, std::size_t>> notes_;
  std::optional<std::vector<std::string>> element_columns_;
  std::optional<std::vector<std::string>> link_columns_;
  std::vector<std::string> declared_element_attrs_;
  std::vector<std::string> declared_link_attrs_;
  std::vector<parsed_element> elements_;
  std::unordered_map<std::string, std::string> refs_;    // bom-ref -> where first seen
  std::unordered_map<std::string, std::string> labels_;  // bom-ref -> "name version"
  std::unordered_map<std::string, std::size_t> ref_element_;
  std::vector<std::pair<std::size_t, std::size_t>> dependency_links_;
  std::vector<std::string> attr_names_;
  std::unordered_map<std::string, std::size_t> attr_index_;
  std::vector<std::string> link_attr_names_;
  std::unordered_map<std::string, std::size_t> link_attr_index_;
};

status check_bom(const json& doc, std::string_view name) {
  const std::string file(name);
  if (!doc.is_object()) {
    return make_error(error_code::invalid_input,
                      "not a CycloneDX BOM: expected a JSON object with \"bomFormat\": \"CycloneDX\"",
                      location{file, 0, 0, "/"});
  }
  if (!doc.contains("bomFormat") || doc["bomFormat"] != "CycloneDX") {
    return make_error(error_code::invalid_input,
                      "not a CycloneDX BOM: \"bomFormat\" must be \"CycloneDX\", not " +
                          (doc.contains("bomFormat") ? doc["bomFormat"].dump() : std::string("missing")),
                      location{file, 0, 0, "/bomFormat"});
  }
  const std::string version = doc.contains("specVersion") && doc["specVersion"].is_string()
                                  ? doc["specVersion"].get<std::string>()
                                  : std::string{};
  if (std::find(std::begin(kCycloneDxVersions), std::end(kCycloneDxVersions), version) ==
      std::end(kCycloneDxVersions)) {
    return make_error(error_code::unsupported,
                      "CycloneDX specVersion " +
                          (doc.contains("specVersion") ? doc["specVersion"].dump() : std::string("missing")) +
                          " is not supported: netvet reads 1.5 and 1.6",
                      location{file, 0, 0, "/specVersion"});
  }
  return status::ok();
}

error too_large(std::string_view name, std::uint64_t size, std::uint64_t max) {
  return make_error(error_code::limit_exceeded,
                    "the BOM is " + std::to_string(size) + " bytes; netvet reads CycloneDX BOMs of at most " +
                        std::to_string(max) + " bytes (README \"Limits\"): split it, one BOM per site or region",
                    location{std::string(name)});
}

}  // namespace

result<cyclonedx_import> read_cyclonedx_text(std::string_view text, std::string_view name,
                                             const read_options& options) {
  if (text.size() > options.max_bom_bytes) {
    return too_large(name, text.size(), options.max_bom_bytes);
  }
  NETVET_ASSIGN_OR_RETURN(const json doc, detail::parse_json_text(text, name));
  NETVET_TRY(check_bom(doc, name));
  bom_loader loader(name, options);
  return loader.run(doc);
}

result<cyclonedx_import> read_cyclonedx(const std::string& path, const read_options& options) {
  NETVET_ASSIGN_OR_RETURN(const file_status st, options.files().status_of(path));
  if (st.exists && !st.is_directory && st.size > options.max_bom_bytes) {
    return too_large(path, st.size, options.max_bom_bytes);  // refused before a byte is read
  }
  NETVET_ASSIGN_OR_RETURN(const std::string text, options.files().read_file(path));
  return read_cyclonedx_text(text, path, options);
}

// --- writing -----------------------------------------------------------------

namespace {

void put(ojson& props, std::string_view name, std::string_view value) {
  if (value.empty()) {
    return;
  }
  ojson p = ojson::object();
  p["name"] = std::string(name);
  p["value"] = std::string(value);
  props.push_back(std::move(p));
}

std::string bom_ref(std::string_view id) { return "element:" + std::string(id); }

template <typename Column>
std::string columns_list(const model::network& net, std::size_t count) {
  std::vector<std::string> out;
  for (std::size_t c = 0; c < count; ++c) {
    if (net.has_column(static_cast<Column>(c))) {
      out.emplace_back(model::to_string(static_cast<Column>(c)));
    }
  }
  return join(out, ",");
}

// The legal name and home country of an element's vendor (the spelling when
// the catalogue does not know it).
std::pair<std::string, std::string> legal_vendor(const model::network& net, model::element_index e,
                                                 const model::vendor_catalog& cat) {
  const model::network_vendor& v = net.vendors()[net.vendor(e)];
  if (v.catalog_id && *v.catalog_id < cat.size() && cat.info(*v.catalog_id).display_name == v.name) {
    const auto& info = cat.info(*v.catalog_id);
    return {info.canonical_name.empty() ? info.display_name : info.canonical_name, info.hq_country};
  }
  return {v.name.empty() ? std::string(net.vendor_spelling_of(e)) : v.name, {}};
}

ojson link_value(const model::network& net, model::link_index l) {
  ojson o = ojson::object();
  o["n"] = l;
  o["b"] = std::string(net.id(net.link_b(l)));
  if (net.medium(l) != model::link_medium::none) {
    o["medium"] = std::string(model::to_string(net.medium(l)));
  }
  if (!std::isnan(net.capacity_gbps(l))) {
    o["capacity_gbps"] = net.capacity_gbps(l);
  }
  ojson attrs = ojson::object();
  for (std::size_t a = 0; a < net.link_attribute_names().size(); ++a) {
    const auto text = net.link_attribute(a, l);
    if (!text.view().empty()) {
      attrs[net.link_attribute_names()[a]] = std::string(text.view());
    }
  }
  if (!attrs.empty()) {
    o["attributes"] = std::move(attrs);
  }
  return o;
}

ojson component(const model::network& net, model::element_index e, const model::vendor_catalog& cat,
                const std::vector<model::link_index>& links, const bom_options& options) {
  const auto [legal, country] = legal_vendor(net, e, cat);
  ojson c = ojson::object();
  c["type"] = "device";
  c["bom-ref"] = bom_ref(net.id(e));
  ojson maker = ojson::object();
  maker["name"] = legal;
  c["manufacturer"] = std::move(maker);
  c["name"] = std::string(net.model(e).empty() ? net.id(e) : net.model(e));
  if (!net.software(e).empty()) {
    c["version"] = std::string(net.software(e));
  }
  ojson props = ojson::array();
  put(props, "netvet:id", net.id(e));
  put(props, "netvet:function", model::to_string(net.fn(e)));
  put(props, "netvet:vendor", net.vendor_spelling_of(e));
  put(props, "netvet:vendor_name", net.vendor_name(e));
  put(props, "netvet:vendor_country", country);
  put(props, "netvet:model", net.model(e));
  put(props, "netvet:software", net.software(e));
  put(props, "netvet:site", net.site(e));
  put(props, "netvet:region", net.region(e));
  if (!std::isnan(net.lat(e))) {
    put(props, "netvet:lat", shortest(net.lat(e)));
  }
  if (!std::isnan(net.lon(e))) {
    put(props, "netvet:lon", shortest(net.lon(e)));
  }
  if (net.has_column(element_column::subscribers) || net.subscribers(e) != 0) {
    put(props, "netvet:subscribers", std::to_string(net.subscribers(e)));
  }
  if (auto d = net.installed(e)) {
    put(props, "netvet:installed", format_date(*d));
  }
  put(props, "netvet:managed_by", net.managed_by(e));
  if (net.has_column(element_column::status) || net.status(e) != model::element_status::active) {
    put(props, "netvet:status", model::to_string(net.status(e)));
  }
  put(props, "netvet:generation", model::to_string(net.stated_generations(e)));
  for (std::size_t a = 0; a < net.element_attribute_names().size(); ++a) {
    const auto text = net.element_attribute(a, e);
    put(props, std::string(kAttr) + net.element_attribute_names()[a], text.view());
  }
  for (const model::link_index l : links) {
    put(props, "netvet:link", link_value(net, l).dump());
  }
  if (e < options.element_properties.size()) {
    for (const auto& p : options.element_properties[e]) {
      put(props, p.name, p.value);
    }
  }
  c["properties"] = std::move(props);
  return c;
}

// RFC 9562 version 8 (custom) UUID from the first 16 bytes of a SHA-256.
std::string uuid_of(std::string_view content) {
  crypto::digest d = crypto::sha256(content);
  d[6] = static_cast<std::uint8_t>((d[6] & 0x0F) | 0x80);
  d[8] = static_cast<std::uint8_t>((d[8] & 0x3F) | 0x80);
  const std::string hex = crypto::to_hex(std::span<const std::uint8_t>(d.data(), 16));
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
         "-" + hex.substr(20, 12);
}

// metadata without the timestamp: the tool, the columns and attribute
// order, the caller's properties.
ojson metadata_of(const model::network& net, const bom_options& options) {
  ojson md = ojson::object();
  if (!options.tool_version.empty()) {
    ojson tool = ojson::object();
    tool["type"] = "application";
    tool["name"] = "netvet";
    tool["version"] = options.tool_version;
    md["tools"]["components"] = ojson::array({tool});
  }
  ojson mprops = ojson::array();
  put(mprops, "netvet:format", "netvet-network");
  put(mprops, "netvet:format_version", "1");
  put(mprops, "netvet:element_columns", columns_list<element_column>(net, model::kElementColumnCount));
  put(mprops, "netvet:link_columns", columns_list<link_column>(net, model::kLinkColumnCount));
  if (!net.element_attribute_names().empty()) {
    put(mprops, "netvet:element_attributes", ojson(net.element_attribute_names()).dump());
  }
  if (!net.link_attribute_names().empty()) {
    put(mprops, "netvet:link_attributes", ojson(net.link_attribute_names()).dump());
  }
  for (const auto& p : options.metadata) {
    put(mprops, p.name, p.value);
  }
  md["properties"] = std::move(mprops);
  return md;
}

}  // namespace

std::string write_cyclonedx(const model::network& net, const bom_options& options) {
  const model::vendor_catalog& cat = options.catalog != nullptr ? *options.catalog : model::vendor_catalog::builtin();
  std::vector<std::vector<model::link_index>> by_a(net.element_count());
  for (model::link_index l = 0; l < net.link_count(); ++l) {
    by_a[net.link_a(l)].push_back(l);
  }
  const ojson md = metadata_of(net, options);
  ojson comps = ojson::array();
  ojson deps = ojson::array();
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    comps.push_back(component(net, e, cat, by_a[e], options));
    std::vector<std::string> on;
    for (const model::link_index l : by_a[e]) {
      std::string ref = bom_ref(net.id(net.link_b(l)));
      if (net.link_b(l) != e && std::find(on.begin(), on.end(), ref) == on.end()) {
        on.push_back(std::move(ref));
      }
    }
    if (!on.empty()) {
      ojson d = ojson::object();
      d["ref"] = bom_ref(net.id(e));
      d["dependsOn"] = on;
      deps.push_back(std::move(d));
    }
  }
  // The content without serial number and timestamp names the BOM.
  ojson body = ojson::object();
  body["metadata"] = md;
  body["components"] = comps;
  body["dependencies"] = deps;
  const std::string serial = uuid_of(body.dump());

  ojson doc = ojson::object();
  doc["bomFormat"] = "CycloneDX";
  doc["specVersion"] = "1.6";
  doc["serialNumber"] = serial;
  doc["version"] = 1;
  ojson meta = ojson::object();
  if (!options.timestamp.empty()) {
    meta["timestamp"] = options.timestamp;
  }
  for (const auto& [k, v] : md.items()) {
    meta[k] = v;
  }
  doc["metadata"] = std::move(meta);
  doc["components"] = std::move(comps);
  doc["dependencies"] = std::move(deps);
  return doc.dump(2) + "\n";
}

result<std::string> bom_timestamp() {
  std::int64_t secs = 0;
  if (const char* env = std::getenv("SOURCE_DATE_EPOCH"); env != nullptr && *env != '\0') {
    const std::string_view v(env);
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
    if (ec != std::errc{} || p != v.data() + v.size() || secs < 0 || secs > 253402300799) {
      return make_error(error_code::invalid_input,
                        "SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, not '" + std::string(v) + "'",
                        location{"", 0, 0, "SOURCE_DATE_EPOCH"});
    }
  } else {
    secs =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
  const auto t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf);
}

}  // namespace netvet::io
