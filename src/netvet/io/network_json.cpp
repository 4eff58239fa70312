// netvet JSON network format (README "netvet JSON"):
//   {"format": "netvet-network", "version": 1,
//    "element_columns": ["model", "site", ...],   // optional columns present
//    "link_columns": ["medium"],
//    "elements": [{"id": "...", "function": "gnb", "vendor": "Huawei", ...,
//                  "attributes": {"extra": "value"}}],
//    "links": [{"a": "...", "b": "...", "medium": "fiber", "capacity_gbps": 10}]}
#include <nlohmann/json.hpp>

#include "netvet/core/text.h"
#include "netvet/io/reader.h"

namespace netvet::io {
namespace {

using json = nlohmann::json;
using model::element_column;

}  // namespace

result<model::network> read_network_json_text(std::string_view text, std::string_view name,
                                              const read_options& options) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return make_error(error_code::invalid_input, std::string("JSON syntax error: ") + e.what(),
                      location_of_byte(text, e.byte == 0 ? 0 : e.byte - 1, name));
  }
  diagnostics diag(options.max_errors);
  auto bad = [&](const std::string& field, std::string msg) {
    diag.add(error_code::invalid_input, std::move(msg), location{std::string(name), 0, 0, field});
  };
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
  model::network_builder b(*options.catalog);
  const bool explicit_columns = doc.contains("element_columns");
  if (explicit_columns) {
    for (const auto& c : doc["element_columns"]) {
      const auto col = c.is_string() ? model::parse_element_column(c.get<std::string>()) : std::nullopt;
      if (!col) {
        bad("element_columns", "unknown column " + c.dump());
      } else {
        b.mark_column(*col);
      }
    }
  }
  if (doc.contains("link_columns")) {
    for (const auto& c : doc["link_columns"]) {
      if (c == "medium") {
        b.mark_column(model::link_column::medium);
      } else if (c == "capacity_gbps") {
        b.mark_column(model::link_column::capacity_gbps);
      } else {
        bad("link_columns", "unknown column " + c.dump());
      }
    }
  }
  // Attribute names: union over all elements, in first-seen order.
  std::vector<std::string> attr_names;
  auto collect_attrs = [&](const json& arr, std::vector<std::string>& names) {
    for (const auto& el : arr) {
      if (el.is_object() && el.contains("attributes") && el["attributes"].is_object()) {
        for (const auto& [k, v] : el["attributes"].items()) {
          if (std::find(names.begin(), names.end(), k) == names.end()) {
            names.push_back(k);
          }
        }
      }
    }
  };
  collect_attrs(doc["elements"], attr_names);
  b.set_element_attributes(attr_names);
  b.reserve(doc["elements"].size(), doc.contains("links") ? doc["links"].size() : 0);
  std::vector<std::string> attr_store(attr_names.size());
  std::vector<std::string_view> attr_views(attr_names.size());
  static const std::vector<std::string> kKeys = {"id",        "function",   "vendor", "model",     "software",
                                                 "site",      "region",     "lat",    "lon",       "subscribers",
                                                 "installed", "managed_by", "status", "attributes"};
  std::size_t idx = 0;
  for (const auto& el : doc["elements"]) {
    const std::string at = "elements[" + std::to_string(idx++) + "]";
    if (!el.is_object()) {
      bad(at, "an element must be an object");
      continue;
    }
    bool ok = true;
    for (const auto& [k, v] : el.items()) {
      if (std::find(kKeys.begin(), kKeys.end(), k) == kKeys.end()) {
        bad(at + "." + k, "unknown key (extra fields go in \"attributes\")");
        ok = false;
      }
    }
    auto str = [&](const char* key, std::string& out, bool required) {
      if (!el.contains(key) || el[key].is_null()) {
        if (required) {
          bad(at + "." + key, "missing required key");
          ok = false;
        }
        return;
      }
      if (!el[key].is_string()) {
        bad(at + "." + key, "must be a string");
        ok = false;
        return;
      }
      out = el[key].get<std::string>();
      if (!explicit_columns && !out.empty()) {
        if (auto c = model::parse_element_column(key)) {
          b.mark_column(*c);
        }
      }
    };
    std::string id, fn, vendor, mdl, sw, site, region, managed, installed, st;
    str("id", id, true);
    str("function", fn, true);
    str("vendor", vendor, true);
    str("model", mdl, false);
    str("software", sw, false);
    str("site", site, false);
    str("region", region, false);
    str("managed_by", managed, false);
    str("installed", installed, false);
    str("status", st, false);
    model::element_record r;
    r.id = id;
    r.model = mdl;
    r.software = sw;
    r.site = site;
    r.region = region;
    r.managed_by = managed;
    r.vendor = trim(vendor);
    if (ok && id.empty()) {
      bad(at + ".id", "empty id");
      ok = false;
    }
    if (ok && r.vendor.empty()) {
      bad(at + ".vendor", "empty vendor");
      ok = false;
    }
    if (ok) {
      const auto f = model::parse_function(fn);
      if (!f) {
        bad(at + ".function", "unknown function '" + fn + "'; expected one of: " + std::string(model::function_list()));
        ok = false;
      } else {
        r.fn = *f;
      }
    }
    for (const char* key : {"lat", "lon"}) {
      if (el.contains(key) && !el[key].is_null()) {
        if (!el[key].is_number()) {
          bad(at + "." + key, "must be a number");
          ok = false;
          continue;
        }
        const double d = el[key].get<double>();
        const double lim = key[1] == 'a' ? 90.0 : 180.0;
        if (d < -lim || d > lim) {
          bad(at + "." + key, std::string(key) + " " + format_double(d) + " is out of range");
          ok = false;
          continue;
        }
        (key[1] == 'a' ? r.lat : r.lon) = d;
        if (!explicit_columns) {
          b.mark_column(key[1] == 'a' ? element_column::lat : element_column::lon);
        }
      }
    }
    if (el.contains("subscribers") && !el["subscribers"].is_null()) {
      const auto& s = el["subscribers"];
      if (!s.is_number_unsigned() || s.get<std::uint64_t>() > 0xFFFFFFFFULL) {
        bad(at + ".subscribers", "must be a whole number from 0 to 4294967295");
        ok = false;
      } else {
        r.subscribers = s.get<std::uint32_t>();
        if (!explicit_columns) {
          b.mark_column(element_column::subscribers);
        }
      }
    }
    if (!installed.empty()) {
      const auto d = parse_date(installed);
      if (!d) {
        bad(at + ".installed", "not a date (YYYY-MM-DD): '" + installed + "'");
        ok = false;
      } else {
        r.installed = d->days;
      }
    }
    if (!st.empty()) {
      const auto s = model::parse_status(st);
      if (!s) {
        bad(at + ".status", "unknown status '" + st + "'");
        ok = false;
      } else {
        r.status = *s;
      }
    }
    for (std::size_t a = 0; a < attr_names.size(); ++a) {
      attr_store[a].clear();
      if (el.contains("attributes") && el["attributes"].contains(attr_names[a])) {
        const auto& v = el["attributes"][attr_names[a]];
        attr_store[a] = v.is_string() ? v.get<std::string>() : v.dump();
      }
      attr_views[a] = attr_store[a];
    }
    r.attributes = attr_views;
    if (!ok) {
      continue;
    }
    if (b.add_element(r) == model::kNoElement) {
      bad(at + ".id", "duplicate id '" + id + "'");
    }
  }
  if (doc.contains("links")) {
    if (!doc["links"].is_array()) {
      bad("links", "must be an array");
    } else {
      std::vector<std::string> link_attr_names;
      collect_attrs(doc["links"], link_attr_names);
      b.set_link_attributes(link_attr_names);
      std::vector<std::string> lstore(link_attr_names.size());
      std::vector<std::string_view> lviews(link_attr_names.size());
      idx = 0;
      for (const auto& ln : doc["links"]) {
        const std::string at = "links[" + std::to_string(idx++) + "]";
        if (!ln.is_object()) {
          bad(at, "a link must be an object");
          continue;
        }
        model::link_record r;
        bool ok = true;
        for (const auto& [k, v] : ln.items()) {
          if (k != "a" && k != "b" && k != "medium" && k != "capacity_gbps" && k != "attributes") {
            bad(at + "." + k, "unknown key");
            ok = false;
          }
        }
        for (const char* end : {"a", "b"}) {
          if (!ln.contains(end) || !ln[end].is_string()) {
            bad(at + "." + end, "missing link end (a string id)");
            ok = false;
            continue;
          }
          const auto e = b.find(ln[end].get<std::string>());
          if (!e) {
            bad(at + "." + end, "dangling link end: no element '" + ln[end].get<std::string>() + "'");
            ok = false;
            continue;
          }
          (end[0] == 'a' ? r.a : r.b) = *e;
        }
        if (ln.contains("medium") && !ln["medium"].is_null()) {
          const auto m = ln["medium"].is_string() ? model::parse_medium(ln["medium"].get<std::string>()) : std::nullopt;
          if (!m) {
            bad(at + ".medium", "unknown medium " + ln["medium"].dump());
            ok = false;
          } else {
            r.medium = *m;
            b.mark_column(model::link_column::medium);
          }
        }
        if (ln.contains("capacity_gbps") && !ln["capacity_gbps"].is_null()) {
          if (!ln["capacity_gbps"].is_number() || ln["capacity_gbps"].get<double>() < 0) {
            bad(at + ".capacity_gbps", "must be a non-negative number");
            ok = false;
          } else {
            r.capacity_gbps = ln["capacity_gbps"].get<double>();
            b.mark_column(model::link_column::capacity_gbps);
          }
        }
        for (std::size_t a = 0; a < link_attr_names.size(); ++a) {
          lstore[a].clear();
          if (ln.contains("attributes") && ln["attributes"].contains(link_attr_names[a])) {
            const auto& v = ln["attributes"][link_attr_names[a]];
            lstore[a] = v.is_string() ? v.get<std::string>() : v.dump();
          }
          lviews[a] = lstore[a];
        }
        r.attributes = lviews;
        if (ok) {
          b.add_link(r);
        }
      }
    }
  }
  if (!diag.empty()) {
    return diag.combined();
  }
  return std::move(b).finish();
}

result<model::network> read_network_json(const std::string& path, const read_options& options) {
  auto text = read_file(path);
  if (!text) {
    return text.take_error();
  }
  return read_network_json_text(*text, path, options);
}

std::string write_network_json(const model::network& net) {
  json doc = json::object();
  doc["format"] = "netvet-network";
  doc["version"] = 1;
  json cols = json::array();
  for (std::size_t c = 0; c < model::kElementColumnCount; ++c) {
    if (net.has_column(static_cast<element_column>(c))) {
      cols.push_back(std::string(model::to_string(static_cast<element_column>(c))));
    }
  }
  doc["element_columns"] = cols;
  json lcols = json::array();
  if (net.has_column(model::link_column::medium)) {
    lcols.push_back("medium");
  }
  if (net.has_column(model::link_column::capacity_gbps)) {
    lcols.push_back("capacity_gbps");
  }
  doc["link_columns"] = lcols;
  json els = json::array();
  for (model::element_index e = 0; e < net.element_count(); ++e) {
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
    if (net.has_column(element_column::status) || net.status(e) != model::element_status::active) {
      o["status"] = std::string(model::to_string(net.status(e)));
    }
    if (!net.element_attribute_names().empty()) {
      json a = json::object();
      for (std::size_t i = 0; i < net.element_attribute_names().size(); ++i) {
        a[net.element_attribute_names()[i]] = std::string(net.element_attribute(i, e));
      }
      o["attributes"] = a;
    }
    els.push_back(std::move(o));
  }
  doc["elements"] = std::move(els);
  json lns = json::array();
  for (model::link_index l = 0; l < net.link_count(); ++l) {
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
      json a = json::object();
      for (std::size_t i = 0; i < net.link_attribute_names().size(); ++i) {
        a[net.link_attribute_names()[i]] = std::string(net.link_attribute(i, l));
      }
      o["attributes"] = a;
    }
    lns.push_back(std::move(o));
  }
  doc["links"] = std::move(lns);
  return doc.dump(1) + "\n";
}

}  // namespace netvet::io
