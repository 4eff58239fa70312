// netvet JSON network format (README "netvet JSON"):
//   {"format": "netvet-network", "version": 1,
//    "element_columns": ["model", "site", ...],   // optional columns present
//    "link_columns": ["medium"],
//    "element_attributes": ["rack", ...],          // attribute columns, in order
//    "elements": [{"id": "...", "function": "gnb", "vendor": "Huawei", ...,
//                  "attributes": {"extra": "value"}}],
//    "links": [{"a": "...", "b": "...", "medium": "fiber", "capacity_gbps": 10}]}
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "netvet/core/text.h"
#include "netvet/io/columns_internal.h"
#include "netvet/io/json_internal.h"
#include "netvet/io/reader.h"

namespace netvet::io {
namespace {

using json = nlohmann::json;
using model::element_column;

bool is_element_key(std::string_view k) { return columns::position(columns::kElement, k) || k == "attributes"; }
bool is_link_key(std::string_view k) { return columns::position(columns::kLink, k) || k == "attributes"; }

// Attribute names: union over all objects of `arr`, in first-seen order,
// each with its position (hashed: thousands of names stay linear). At most
// columns::kMaxAttributeNames; more is limit_exceeded naming the file.
struct attribute_columns {
  std::vector<std::string> names;
  std::unordered_map<std::string, std::size_t> index;
};

// A too-long list of names is limit_exceeded naming the file.
status check_attribute_count(const attribute_columns& out, const std::string& file, const char* kind) {
  if (out.names.size() < columns::kMaxAttributeNames) {
    return status::ok();
  }
  return make_error(error_code::limit_exceeded,
                    std::string("more than ") + std::to_string(columns::kMaxAttributeNames) + " " + kind +
                        " attribute names: at most that many are read per file",
                    location{file, 0, 0, std::string(kind) + "s"});
}

// The names of a document's "element_attributes" / "link_attributes": the
// attribute columns in their order (JSON objects keep no key order, so the
// writer states it, and CSV -> JSON -> CSV gives the columns back as they were).
result<attribute_columns> declared_attributes(const json& list, const std::string& file, const std::string& field) {
  attribute_columns out;
  if (!list.is_array()) {
    return make_error(error_code::invalid_input, "must be an array of attribute names", location{file, 0, 0, field});
  }
  for (const auto& n : list) {
    if (!n.is_string()) {
      return make_error(error_code::invalid_input, "attribute names are strings, not " + n.dump(),
                        location{file, 0, 0, field});
    }
    NETVET_TRY(check_attribute_count(out, file, field.c_str()));
    const auto& name = n.get_ref<const std::string&>();
    if (!out.index.try_emplace(name, out.names.size()).second) {
      return make_error(error_code::invalid_input, "attribute '" + name + "' is listed twice",
                        location{file, 0, 0, field});
    }
    out.names.push_back(name);
  }
  return out;
}

// `declared`: the document's list of names, or null. Names only in objects
// follow the declared ones.
result<attribute_columns> attribute_names(const json& arr, const std::string& file, const char* kind,
                                          const json* declared) {
  attribute_columns out;
  if (declared != nullptr) {
    NETVET_ASSIGN_OR_RETURN(out, declared_attributes(*declared, file, std::string(kind) + "_attributes"));
  }
  for (const auto& el : arr) {
    if (!el.is_object() || !el.contains("attributes") || !el["attributes"].is_object()) {
      continue;
    }
    for (const auto& [k, v] : el["attributes"].items()) {
      if (out.index.contains(k)) {
        continue;
      }
      NETVET_TRY(check_attribute_count(out, file, kind));
      out.index.emplace(k, out.names.size());
      out.names.push_back(k);
    }
  }
  return out;
}

// The values of `cols` in `obj`'s "attributes" (strings as they are, other
// values as JSON text, missing ones empty), kept in `store`, viewed by `views`.
void attribute_values(const json& obj, const attribute_columns& cols, std::vector<std::string>& store,
                      std::vector<std::string_view>& views) {
  for (auto& v : store) {
    v.clear();
  }
  if (obj.contains("attributes") && obj["attributes"].is_object()) {
    for (const auto& [k, v] : obj["attributes"].items()) {
      store[cols.index.at(k)] = v.is_string() ? v.get<std::string>() : v.dump();
    }
  }
  for (std::size_t a = 0; a < store.size(); ++a) {
    views[a] = store[a];
  }
}

// The checks that stop reading at once: the document's shape and version.
status check_document(const json& doc, std::string_view name) {
  if (!doc.is_object() || !doc.contains("elements") || !doc["elements"].is_array()) {
    return make_error(error_code::invalid_input, "not a netvet network: expected an object with an 'elements' array",
                      location{std::string(name)});
  }
  if (doc.contains("format") && doc["format"] != "netvet-network") {
    return make_error(error_code::invalid_input, "'format' must be \"netvet-network\"",
                      location{std::string(name), 0, 0, "format"});
  }
  if (doc.contains("version") && doc["version"] != 1) {
    return make_error(error_code::unsupported, "unsupported netvet-network version (this netvet reads version 1)",
                      location{std::string(name), 0, 0, "version"});
  }
  return status::ok();
}

// One element object being read: its texts (the record views them) and
// whether it is still well formed.
struct element_parse {
  const json& el;
  std::string at;  // "elements[3]"
  bool ok = true;
  model::element_record r;
  std::string id, fn, vendor, mdl, sw, site, region, managed, installed, st, gen;
};

// Reads a netvet JSON document into a network, collecting every error.
class json_loader {
 public:
  json_loader(std::string_view name, const read_options& options)
      : name_(name), diag_(options.max_errors), b_(*options.catalog) {}

  result<model::network> run(const json& doc) {
    explicit_columns_ = doc.contains("element_columns");
    read_columns(doc);
    NETVET_TRY(read_elements(doc));
    if (doc.contains("links")) {
      NETVET_TRY(read_links(doc));
    }
    if (!diag_.empty()) {
      return diag_.combined();
    }
    return std::move(b_).finish();
  }

 private:
  void bad(const std::string& field, std::string msg) {
    diag_.add(error_code::invalid_input, std::move(msg), location{name_, 0, 0, field});
  }

  void read_columns(const json& doc) {
    if (explicit_columns_) {
      mark_columns(doc["element_columns"], "element_columns", model::parse_element_column);
    }
    if (doc.contains("link_columns")) {
      mark_columns(doc["link_columns"], "link_columns", model::parse_link_column);
    }
  }

  // Marks each column of `list` (names parsed by `parse`); reports the others.
  template <typename Parse>
  void mark_columns(const json& list, const char* field, Parse&& parse) {
    for (const auto& c : list) {
      const auto col = c.is_string() ? parse(c.get<std::string>()) : std::nullopt;
      if (!col) {
        bad(field, "unknown column " + c.dump());
      } else {
        b_.mark_column(*col);
      }
    }
  }

  status read_elements(const json& doc) {
    const json& elements = doc["elements"];
    NETVET_ASSIGN_OR_RETURN(attr_names_,
                            attribute_names(elements, name_, "element", declared(doc, "element_attributes")));
    b_.set_element_attributes(attr_names_.names);
    b_.reserve(elements.size(), doc.contains("links") ? doc["links"].size() : 0);
    attr_store_.assign(attr_names_.names.size(), {});
    attr_views_.assign(attr_names_.names.size(), {});
    std::size_t idx = 0;
    for (const auto& el : elements) {
      element_parse p{el, "elements[" + std::to_string(idx++) + "]"};
      if (!el.is_object()) {
        bad(p.at, "an element must be an object");
        continue;
      }
      read_element(p);
    }
    return {};
  }

  void read_element(element_parse& p) {
    for (const auto& [k, v] : p.el.items()) {
      if (!is_element_key(k)) {
        bad(p.at + "." + k, "unknown key (extra fields go in \"attributes\")");
        p.ok = false;
      }
    }
    read_texts(p);
    read_coordinates(p);
    read_subscribers(p);
    read_installed_and_status(p);
    read_generation(p);
    attribute_values(p.el, attr_names_, attr_store_, attr_views_);
    p.r.attributes = attr_views_;
    if (p.ok && b_.add_element(p.r) == model::kNoElement) {
      bad(p.at + ".id", "duplicate id '" + p.id + "'");
    }
  }

  // A string member into `out` (absent or null: left empty).
  void text(element_parse& p, const char* key, std::string& out, bool required) {
    const json& el = p.el;
    if (!el.contains(key) || el[key].is_null()) {
      if (required) {
        bad(p.at + "." + key, "missing required key");
        p.ok = false;
      }
      return;
    }
    if (!el[key].is_string()) {
      bad(p.at + "." + key, "must be a string");
      p.ok = false;
      return;
    }
    out = el[key].get<std::string>();
    if (!explicit_columns_ && !out.empty()) {
      if (auto c = model::parse_element_column(key)) {
        b_.mark_column(*c);
      }
    }
  }

  void read_texts(element_parse& p) {
    text(p, "id", p.id, true);
    text(p, "function", p.fn, true);
    text(p, "vendor", p.vendor, true);
    text(p, "model", p.mdl, false);
    text(p, "software", p.sw, false);
    text(p, "site", p.site, false);
    text(p, "region", p.region, false);
    text(p, "managed_by", p.managed, false);
    text(p, "installed", p.installed, false);
    text(p, "status", p.st, false);
    text(p, "generation", p.gen, false);
    model::element_record& r = p.r;
    r.id = p.id;
    r.model = p.mdl;
    r.software = p.sw;
    r.site = p.site;
    r.region = p.region;
    r.managed_by = p.managed;
    r.vendor = trim(p.vendor);
    if (p.ok && p.id.empty()) {
      bad(p.at + ".id", "empty id");
      p.ok = false;
    }
    if (p.ok && r.vendor.empty()) {
      bad(p.at + ".vendor", "empty vendor");
      p.ok = false;
    }
    if (p.ok) {
      const auto f = model::parse_function(p.fn);
      if (!f) {
        bad(p.at + ".function",
            "unknown function '" + p.fn + "'; expected one of: " + std::string(model::function_list()));
        p.ok = false;
      } else {
        r.fn = *f;
      }
    }
  }

  void read_coordinates(element_parse& p) {
    for (const char* key : {"lat", "lon"}) {
      if (!p.el.contains(key) || p.el[key].is_null()) {
        continue;
      }
      if (!p.el[key].is_number()) {
        bad(p.at + "." + key, "must be a number");
        p.ok = false;
        continue;
      }
      const bool is_lat = key[1] == 'a';
      const double d = p.el[key].get<double>();
      const double lim = is_lat ? 90.0 : 180.0;
      if (d < -lim || d > lim) {
        bad(p.at + "." + key, std::string(key) + " " + format_double(d) + " is out of range");
        p.ok = false;
        continue;
      }
      (is_lat ? p.r.lat : p.r.lon) = d;
      if (!explicit_columns_) {
        b_.mark_column(is_lat ? element_column::lat : element_column::lon);
      }
    }
  }

  void read_subscribers(element_parse& p) {
    if (!p.el.contains("subscribers") || p.el["subscribers"].is_null()) {
      return;
    }
    const auto& s = p.el["subscribers"];
    if (!s.is_number_unsigned() || s.get<std::uint64_t>() > 0xFFFFFFFFULL) {
      bad(p.at + ".subscribers", "must be a whole number from 0 to 4294967295");
      p.ok = false;
      return;
    }
    p.r.subscribers = s.get<std::uint32_t>();
    if (!explicit_columns_) {
      b_.mark_column(element_column::subscribers);
    }
  }

  void read_installed_and_status(element_parse& p) {
    if (!p.installed.empty()) {
      const auto d = parse_date(p.installed);
      if (!d) {
        bad(p.at + ".installed", "not a date (YYYY-MM-DD): '" + p.installed + "'");
        p.ok = false;
      } else {
        p.r.installed = d->days;
      }
    }
    if (!p.st.empty()) {
      const auto s = model::parse_status(p.st);
      if (!s) {
        bad(p.at + ".status", "unknown status '" + p.st + "'");
        p.ok = false;
      } else {
        p.r.status = *s;
      }
    }
  }

  // `generation` (4g, 5g, any), checked against the function.
  void read_generation(element_parse& p) {
    const std::string_view v = trim(p.gen);
    if (v.empty()) {
      return;
    }
    const auto g = model::parse_generation(v);
    if (!g) {
      bad(p.at + ".generation", "unknown generation '" + p.gen + "'; expected 4g, 5g or any");
      p.ok = false;
      return;
    }
    p.r.generation = model::generation_set::of(*g);
    if (p.ok && !model::generation_fits(p.r.fn, p.r.generation)) {
      bad(p.at + ".generation", model::generation_conflict(p.r.fn, p.r.generation));
      p.ok = false;
    }
  }

  static const json* declared(const json& doc, const char* field) {
    return doc.contains(field) ? &doc[field] : nullptr;
  }

  status read_links(const json& doc) {
    const json& links = doc["links"];
    if (!links.is_array()) {
      bad("links", "must be an array");
      return {};
    }
    NETVET_ASSIGN_OR_RETURN(attr_names_, attribute_names(links, name_, "link", declared(doc, "link_attributes")));
    b_.set_link_attributes(attr_names_.names);
    attr_store_.assign(attr_names_.names.size(), {});
    attr_views_.assign(attr_names_.names.size(), {});
    std::size_t idx = 0;
    for (const auto& ln : links) {
      const std::string at = "links[" + std::to_string(idx++) + "]";
      if (!ln.is_object()) {
        bad(at, "a link must be an object");
        continue;
      }
      read_link(ln, at);
    }
    return {};
  }

  void read_link(const json& ln, const std::string& at) {
    model::link_record r;
    bool ok = true;
    for (const auto& [k, v] : ln.items()) {
      if (!is_link_key(k)) {
        bad(at + "." + k, "unknown key");
        ok = false;
      }
    }
    ok = read_link_ends(ln, at, r) && ok;
    ok = read_link_values(ln, at, r) && ok;
    attribute_values(ln, attr_names_, attr_store_, attr_views_);
    r.attributes = attr_views_;
    if (ok) {
      b_.add_link(r);
    }
  }

  bool read_link_ends(const json& ln, const std::string& at, model::link_record& r) {
    bool ok = true;
    for (const char* end : {"a", "b"}) {
      if (!ln.contains(end) || !ln[end].is_string()) {
        bad(at + "." + end, "missing link end (a string id)");
        ok = false;
        continue;
      }
      const auto e = b_.find(ln[end].get<std::string>());
      if (!e) {
        bad(at + "." + end, "dangling link end: no element '" + ln[end].get<std::string>() + "'");
        ok = false;
        continue;
      }
      (end[0] == 'a' ? r.a : r.b) = *e;
    }
    return ok;
  }

  bool read_link_values(const json& ln, const std::string& at, model::link_record& r) {
    bool ok = true;
    if (ln.contains("medium") && !ln["medium"].is_null()) {
      const auto m = ln["medium"].is_string() ? model::parse_medium(ln["medium"].get<std::string>()) : std::nullopt;
      if (!m) {
        bad(at + ".medium", "unknown medium " + ln["medium"].dump());
        ok = false;
      } else {
        r.medium = *m;
        b_.mark_column(model::link_column::medium);
      }
    }
    if (ln.contains("capacity_gbps") && !ln["capacity_gbps"].is_null()) {
      if (!ln["capacity_gbps"].is_number() || ln["capacity_gbps"].get<double>() < 0) {
        bad(at + ".capacity_gbps", "must be a non-negative number");
        ok = false;
      } else {
        r.capacity_gbps = ln["capacity_gbps"].get<double>();
        b_.mark_column(model::link_column::capacity_gbps);
      }
    }
    return ok;
  }

  std::string name_;
  diagnostics diag_;
  model::network_builder b_;
  bool explicit_columns_ = false;
  // Attribute names of the elements, then of the links, and one row's values.
  attribute_columns attr_names_;
  std::vector<std::string> attr_store_;
  std::vector<std::string_view> attr_views_;
};

}  // namespace

result<model::network> read_network_json_text(std::string_view text, std::string_view name,
                                              const read_options& options) {
  NETVET_ASSIGN_OR_RETURN(const json doc, detail::parse_json_text(text, name));
  NETVET_TRY(check_document(doc, name));
  json_loader loader(name, options);
  return loader.run(doc);
}

result<model::network> read_network_json(const std::string& path, const read_options& options) {
  NETVET_ASSIGN_OR_RETURN(const std::string text, options.files().read_file(path));
  return read_network_json_text(text, path, options);
}

namespace {

// {"name": "value", ...} of one element's or link's attributes.
template <typename Value>
json attributes_json(const std::vector<std::string>& names, Value&& value_of) {
  json a = json::object();
  for (std::size_t i = 0; i < names.size(); ++i) {
    a[names[i]] = std::string(value_of(i).view());  // copied while the text lives
  }
  return a;
}

json element_json(const model::network& net, model::element_index e) {
  json o = json::object();
  o["id"] = std::string(net.id(e));
  o["function"] = std::string(model::to_string(net.fn(e)));
  o["vendor"] = std::string(net.vendor_spelling_of(e));
  auto put = [&](const char* k, std::string_view v) {
    if (!v.empty()) {
      o[k] = std::string(v);
    }
  };
  put("model", net.model(e));
  put("software", net.software(e));
  put("site", net.site(e));
  put("region", net.region(e));
  if (!std::isnan(net.lat(e))) {
    o["lat"] = net.lat(e);
  }
  if (!std::isnan(net.lon(e))) {
    o["lon"] = net.lon(e);
  }
  if (net.has_column(element_column::subscribers) || net.subscribers(e) != 0) {
    o["subscribers"] = net.subscribers(e);
  }
  if (auto d = net.installed(e)) {
    o["installed"] = format_date(*d);
  }
  put("managed_by", net.managed_by(e));
  put("generation", model::to_string(net.stated_generations(e)));
  if (net.has_column(element_column::status) || net.status(e) != model::element_status::active) {
    o["status"] = std::string(model::to_string(net.status(e)));
  }
  if (!net.element_attribute_names().empty()) {
    o["attributes"] =
        attributes_json(net.element_attribute_names(), [&](std::size_t i) { return net.element_attribute(i, e); });
  }
  return o;
}

json link_json(const model::network& net, model::link_index l) {
  json o = json::object();
  o["a"] = std::string(net.id(net.link_a(l)));
  o["b"] = std::string(net.id(net.link_b(l)));
  if (net.medium(l) != model::link_medium::none) {
    o["medium"] = std::string(model::to_string(net.medium(l)));
  }
  if (!std::isnan(net.capacity_gbps(l))) {
    o["capacity_gbps"] = net.capacity_gbps(l);
  }
  if (!net.link_attribute_names().empty()) {
    o["attributes"] =
        attributes_json(net.link_attribute_names(), [&](std::size_t i) { return net.link_attribute(i, l); });
  }
  return o;
}

// The optional columns `net` has, in table order.
template <typename Column>
json columns_json(const model::network& net, std::size_t count) {
  json cols = json::array();
  for (std::size_t c = 0; c < count; ++c) {
    if (net.has_column(static_cast<Column>(c))) {
      cols.push_back(std::string(model::to_string(static_cast<Column>(c))));
    }
  }
  return cols;
}

}  // namespace

std::string write_network_json(const model::network& net) {
  json doc = json::object();
  doc["format"] = "netvet-network";
  doc["version"] = 1;
  doc["element_columns"] = columns_json<element_column>(net, model::kElementColumnCount);
  doc["link_columns"] = columns_json<model::link_column>(net, model::kLinkColumnCount);
  // Attribute columns in their order: the objects below keep no key order.
  if (!net.element_attribute_names().empty()) {
    doc["element_attributes"] = net.element_attribute_names();
  }
  if (!net.link_attribute_names().empty()) {
    doc["link_attributes"] = net.link_attribute_names();
  }
  json els = json::array();
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    els.push_back(element_json(net, e));
  }
  doc["elements"] = std::move(els);
  json lns = json::array();
  for (model::link_index l = 0; l < net.link_count(); ++l) {
    lns.push_back(link_json(net, l));
  }
  doc["links"] = std::move(lns);
  return doc.dump(1) + "\n";
}

}  // namespace netvet::io
