// NetBox inventory -> network (netbox.h describes the mapping).
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "netvet/core/text.h"
#include "netvet/io/netbox_internal.h"
#include "netvet/io/netbox_roles.h"

namespace netvet::io::netbox_detail {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

end_kind kind_of_model(std::string_view m) {
  if (m == "interface" || m == "frontport" || m == "rearport") {
    return end_kind::data;
  }
  if (m == "powerport" || m == "poweroutlet" || m == "powerfeed") {
    return end_kind::power;
  }
  if (m == "consoleport" || m == "consoleserverport") {
    return end_kind::console;
  }
  if (m == "circuittermination") {
    return end_kind::circuit;
  }
  return end_kind::other;
}

model::link_medium medium_of_cable_type(std::string_view t) {
  const std::string s = to_lower_ascii(trim(t));
  if (s.empty()) {
    return model::link_medium::none;
  }
  if (starts_with(s, "smf") || starts_with(s, "mmf") || starts_with(s, "aoc") || s == "fiber" || s == "fibre") {
    return model::link_medium::fiber;
  }
  if (starts_with(s, "cat") || starts_with(s, "dac") || starts_with(s, "coax") || starts_with(s, "mrj21") ||
      s == "copper" || s == "power" || starts_with(s, "usb") || s == "rj-11" || s == "rj-45") {
    return model::link_medium::copper;
  }
  return model::link_medium::none;
}

result<netbox_import> build_network(const inventory& inv, const std::string& source, const read_options& options) {
  const netbox_role_map* roles = &netbox_role_map::builtin();
  netbox_role_map user_roles;
  if (!options.role_map_path.empty()) {
    auto m = netbox_role_map::load_file(options.role_map_path);
    if (!m) {
      return m.take_error();
    }
    user_roles = std::move(*m);
    roles = &user_roles;
  }
  diagnostics diag(options.max_errors);
  netbox_stats st;
  model::network_builder b(*options.catalog);

  // Names used more than once (or not at all) become "device-<pk>".
  std::unordered_map<std::string, std::size_t> name_uses;
  for (const auto& d : inv.devices) {
    if (!trim(d.name).empty()) {
      ++name_uses[d.name];
    }
  }
  bool any_serial = false;
  bool any_tag = false;
  bool any_renamed = false;
  bool any_coords = false;
  for (const auto& d : inv.devices) {
    any_serial = any_serial || !d.serial.empty();
    any_tag = any_tag || !d.asset_tag.empty();
    any_renamed = any_renamed || trim(d.name).empty() || name_uses[d.name] > 1;
    any_coords = any_coords || !std::isnan(d.lat);
  }
  std::vector<std::string> attr_names = {"netbox_id", "role"};
  if (any_serial) {
    attr_names.emplace_back("serial");
  }
  if (any_tag) {
    attr_names.emplace_back("asset_tag");
  }
  if (any_renamed) {
    attr_names.emplace_back("netbox_name");
  }
  b.set_element_attributes(attr_names);
  b.set_link_attributes({"cable_id", "cable_type", "cable_label", "cable_status", "circuit"});
  for (auto c : {model::element_column::model, model::element_column::site, model::element_column::region,
                 model::element_column::status}) {
    b.mark_column(c);
  }
  if (any_coords) {
    b.mark_column(model::element_column::lat);
    b.mark_column(model::element_column::lon);
  }
  b.mark_column(model::link_column::medium);
  b.reserve(inv.devices.size(), inv.cables.size());

  std::unordered_map<std::int64_t, model::element_index> by_netbox_id;
  std::set<std::int64_t> input_ids;
  for (const auto& d : inv.devices) {
    input_ids.insert(d.id);
  }
  // Unknown roles are reported once each, with how many devices have them.
  std::map<std::string, std::pair<std::string, std::size_t>> unknown_roles;  // key -> (first device, count)
  std::vector<std::string_view> attrs(attr_names.size());
  for (const auto& d : inv.devices) {
    ++st.devices;
    const std::string pk = std::to_string(d.id);
    const bool renamed = trim(d.name).empty() || name_uses[d.name] > 1;
    const std::string id = renamed ? "device-" + pk : d.name;
    st.renamed_devices += renamed ? 1 : 0;
    const location at{source, 0, 0, d.where};
    model::element_record r;
    r.id = id;
    bool ok = true;
    if (d.role_slug.empty() && d.role_name.empty()) {
      diag.add(error_code::invalid_input, "device '" + id + "' has no role", at);
      ok = false;
    } else if (auto fn = roles->lookup(d.role_slug, d.role_name)) {
      r.fn = *fn;
    } else {
      const std::string key = d.role_slug.empty() ? d.role_name : d.role_slug;
      auto& u = unknown_roles[key];
      if (u.second++ == 0) {
        u.first = id;
      }
      ok = false;
    }
    if (!d.status.empty()) {
      const auto s = model::parse_status(to_lower_ascii(trim(d.status)));
      if (!s) {
        diag.add(error_code::invalid_input,
                 "device '" + id + "': unknown status '" + d.status +
                     "'; expected one of: " + std::string(model::status_list()),
                 at);
        ok = false;
      } else {
        r.status = *s;
      }
    }
    if (!ok) {
      continue;
    }
    r.vendor = trim(d.manufacturer).empty() ? std::string_view("unknown") : std::string_view(d.manufacturer);
    r.model = d.model;
    r.site = d.site;
    r.region = d.region;
    if (!std::isnan(d.lat) && !std::isnan(d.lon) && std::abs(d.lat) <= 90 && std::abs(d.lon) <= 180) {
      r.lat = d.lat;
      r.lon = d.lon;
    }
    std::size_t k = 0;
    attrs[k++] = pk;
    attrs[k++] = d.role_slug.empty() ? d.role_name : d.role_slug;
    if (any_serial) {
      attrs[k++] = d.serial;
    }
    if (any_tag) {
      attrs[k++] = d.asset_tag;
    }
    if (any_renamed) {
      attrs[k++] = renamed ? std::string_view(d.name) : std::string_view();
    }
    r.attributes = attrs;
    const auto e = b.add_element(r);
    if (e == model::kNoElement) {
      diag.add(error_code::invalid_input,
               "duplicate element id '" + id + "' (a device is named like another's \"device-<pk>\")", at);
      continue;
    }
    if (!by_netbox_id.emplace(d.id, e).second) {
      diag.add(error_code::invalid_input, "device id " + pk + " appears twice", at);
    }
  }
  for (const auto& [key, u] : unknown_roles) {
    diag.add(error_code::invalid_input,
             "device role '" + key + "' (" + std::to_string(u.second) + " device" + (u.second == 1 ? "" : "s") +
                 ", e.g. '" + u.first +
                 "') maps to no function: give a role map (--role-map, CSV 'role,function') "
                 "with a line '" +
                 key + ",<function>'; functions: " + std::string(model::function_list()),
             location{source, 0, 0, "role"});
  }

  // Device indices of one cable side (data ends only), deduplicated.
  auto side_devices = [&](const cable_rec& c, const std::vector<termination>& ts, char side) {
    std::vector<model::element_index> out;
    for (const auto& t : ts) {
      if (t.kind != end_kind::data) {
        continue;
      }
      const auto it = by_netbox_id.find(t.device);
      if (it == by_netbox_id.end()) {
        if (input_ids.count(t.device) != 0) {
          continue;  // the device was dropped by an error already reported
        }
        diag.add(error_code::invalid_input,
                 "cable " + std::to_string(c.id) + " end " + side + ": " + t.what + " is on device " +
                     (t.device_name.empty() ? std::to_string(t.device)
                                            : "'" + t.device_name + "' (id " + std::to_string(t.device) + ")") +
                     ", which is not in the input",
                 location{source, 0, 0, c.where});
        continue;
      }
      if (std::find(out.begin(), out.end(), it->second) == out.end()) {
        out.push_back(it->second);
      }
    }
    return out;
  };

  // (circuit, side) -> devices cabled to that termination.
  std::map<std::pair<std::int64_t, char>, std::vector<model::element_index>> reach;
  std::vector<std::int64_t> circuit_order;
  for (const auto& c : inv.cables) {
    ++st.cables;
    auto has = [&](end_kind k) {
      const auto f = [k](const termination& t) { return t.kind == k; };
      return std::any_of(c.a.begin(), c.a.end(), f) || std::any_of(c.b.begin(), c.b.end(), f);
    };
    const bool data = has(end_kind::data);
    const bool circuit = has(end_kind::circuit);
    if (!data && !circuit) {
      if (has(end_kind::power)) {
        ++st.power_cables;
      } else if (has(end_kind::console)) {
        ++st.console_cables;
      } else {
        ++st.open_cables;
      }
      continue;
    }
    const auto da = side_devices(c, c.a, 'A');
    const auto db = side_devices(c, c.b, 'B');
    for (int s = 0; s < 2; ++s) {
      const auto& ts = s == 0 ? c.a : c.b;
      const auto& far = s == 0 ? db : da;
      for (const auto& t : ts) {
        if (t.kind != end_kind::circuit || t.circuit < 0) {
          continue;
        }
        auto& v = reach[{t.circuit, t.side}];
        if (std::find(circuit_order.begin(), circuit_order.end(), t.circuit) == circuit_order.end()) {
          circuit_order.push_back(t.circuit);
        }
        for (auto e : far) {
          if (std::find(v.begin(), v.end(), e) == v.end()) {
            v.push_back(e);
          }
        }
      }
    }
    if (da.empty() || db.empty()) {
      if (!circuit) {
        ++st.open_cables;
      }
      continue;
    }
    const std::string cid = std::to_string(c.id);
    const std::array<std::string_view, 5> la = {cid, c.type, c.label, c.status, {}};
    for (auto x : da) {
      for (auto y : db) {
        if (x == y) {
          ++st.self_pairs;
          continue;
        }
        b.add_link(model::link_record{x, y, medium_of_cable_type(c.type), model::kNoValue, la});
        ++st.cable_links;
      }
    }
  }
  for (const auto circuit : circuit_order) {
    const auto ia = reach.find({circuit, 'A'});
    const auto iz = reach.find({circuit, 'Z'});
    if (ia == reach.end() || iz == reach.end() || ia->second.empty() || iz->second.empty()) {
      ++st.circuits_open;
      continue;
    }
    const auto ci = inv.circuits.find(circuit);
    const std::string cid = ci == inv.circuits.end() ? std::to_string(circuit) : ci->second.cid;
    const std::string_view status = ci == inv.circuits.end() ? std::string_view() : ci->second.status;
    const std::array<std::string_view, 5> la = {std::string_view(), std::string_view(), std::string_view(), status,
                                                cid};
    for (auto x : ia->second) {
      for (auto y : iz->second) {
        if (x == y) {
          ++st.self_pairs;
          continue;
        }
        b.add_link(model::link_record{x, y, model::link_medium::virtual_, model::kNoValue, la});
        ++st.circuit_links;
      }
    }
  }
  if (!diag.empty()) {
    return diag.combined();
  }
  return netbox_import{std::move(b).finish(), st};
}

}  // namespace netvet::io::netbox_detail
