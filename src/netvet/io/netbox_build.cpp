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
#include "netvet/model/no_vendor.h"

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

namespace {

using element_list = std::vector<model::element_index>;
// Link attributes (link_record::attributes): cable_id, cable_type, cable_label, cable_status, circuit.
using link_attrs = std::array<std::string_view, 5>;

// Which of the optional element attributes any device needs.
struct device_attributes {
  bool serial = false;
  bool tag = false;
  bool renamed = false;
  bool coords = false;
  bool generation = false;
};

// Turns one inventory into a network, step by step; errors are collected.
class network_assembly {
 public:
  network_assembly(const inventory& inv, const std::string& source, const netbox_role_map& roles,
                   const read_options& options)
      : inv_(inv), source_(source), roles_(roles), diag_(options.max_errors), b_(*options.catalog) {}

  result<netbox_import> run() {
    declare_columns();
    for (const auto& d : inv_.devices) {
      add_device(d);
    }
    report_unknown_roles();
    for (const auto& c : inv_.cables) {
      add_cable(c);
    }
    for (const auto circuit : circuit_order_) {
      add_circuit(circuit);
    }
    count_circuit_cables();
    if (!diag_.empty()) {
      return diag_.combined();
    }
    return netbox_import{std::move(b_).finish(), st_};
  }

 private:
  // Names used more than once (or not at all) become "device-<pk>". Every
  // name that is not blank is in name_uses_.
  [[nodiscard]] bool renamed(const device_rec& d) const { return trim(d.name).empty() || name_uses_.at(d.name) > 1; }

  void declare_columns() {
    for (const auto& d : inv_.devices) {
      if (!trim(d.name).empty()) {
        ++name_uses_[d.name];
      }
      input_ids_.insert(d.id);
    }
    for (const auto& d : inv_.devices) {
      has_.serial = has_.serial || !d.serial.empty();
      has_.tag = has_.tag || !d.asset_tag.empty();
      has_.renamed = has_.renamed || renamed(d);
      has_.coords = has_.coords || !std::isnan(d.lat);
      has_.generation = has_.generation || !trim(d.generation).empty();
    }
    std::vector<std::string> attr_names = {"netbox_id", "role"};
    for (const auto& [wanted, name] :
         {std::pair{has_.serial, "serial"}, std::pair{has_.tag, "asset_tag"}, std::pair{has_.renamed, "netbox_name"}}) {
      if (wanted) {
        attr_names.emplace_back(name);
      }
    }
    attrs_.resize(attr_names.size());
    b_.set_element_attributes(attr_names);
    b_.set_link_attributes({"cable_id", "cable_type", "cable_label", "cable_status", "circuit"});
    for (auto c : {model::element_column::model, model::element_column::site, model::element_column::region,
                   model::element_column::status}) {
      b_.mark_column(c);
    }
    if (has_.generation) {
      b_.mark_column(model::element_column::generation);
    }
    if (has_.coords) {
      b_.mark_column(model::element_column::lat);
      b_.mark_column(model::element_column::lon);
    }
    b_.mark_column(model::link_column::medium);
    b_.reserve(inv_.devices.size(), inv_.cables.size());
  }

  void add_device(const device_rec& d) {
    ++st_.devices;
    const std::string pk = std::to_string(d.id);
    const bool is_renamed = renamed(d);
    const std::string id = is_renamed ? "device-" + pk : d.name;
    st_.renamed_devices += is_renamed ? 1 : 0;
    const location at{source_, 0, 0, d.where};
    model::element_record r;
    r.id = id;
    const bool fn_ok = device_function(d, id, at, r.fn);
    if (!device_status(d, id, at, r.status) || !fn_ok || !device_generation(d, id, at, r.fn, r.generation)) {
      return;
    }
    r.vendor = trim(d.manufacturer).empty() ? model::kNoVendor : std::string_view(d.manufacturer);
    r.model = d.model;
    r.site = d.site;
    r.region = d.region;
    if (!std::isnan(d.lat) && !std::isnan(d.lon) && std::abs(d.lat) <= 90 && std::abs(d.lon) <= 180) {
      r.lat = d.lat;
      r.lon = d.lon;
    }
    std::size_t k = 0;
    attrs_[k++] = pk;
    attrs_[k++] = d.role_slug.empty() ? d.role_name : d.role_slug;
    if (has_.serial) {
      attrs_[k++] = d.serial;
    }
    if (has_.tag) {
      attrs_[k++] = d.asset_tag;
    }
    if (has_.renamed) {
      attrs_[k++] = is_renamed ? std::string_view(d.name) : std::string_view();
    }
    r.attributes = attrs_;
    add_element(d, r, pk, at);
  }

  // The function of the device's role; false when it has none (reported, or
  // counted for one report per unknown role).
  bool device_function(const device_rec& d, const std::string& id, const location& at, model::function& out) {
    if (d.role_slug.empty() && d.role_name.empty()) {
      diag_.add(error_code::invalid_input, "device '" + id + "' has no role", at);
      return false;
    }
    if (auto fn = roles_.lookup(d.role_slug, d.role_name)) {
      out = *fn;
      return true;
    }
    auto& u = unknown_roles_[d.role_slug.empty() ? d.role_name : d.role_slug];
    if (u.second++ == 0) {
      u.first = id;
    }
    return false;
  }

  bool device_status(const device_rec& d, const std::string& id, const location& at, model::element_status& out) {
    if (d.status.empty()) {
      return true;
    }
    const auto s = model::parse_status(to_lower_ascii(trim(d.status)));
    if (!s) {
      diag_.add(error_code::invalid_input,
                "device '" + id + "': unknown status '" + d.status +
                    "'; expected one of: " + std::string(model::status_list()),
                at);
      return false;
    }
    out = *s;
    return true;
  }

  // The custom field `generation` (4g, 5g, any); empty: the function's own.
  bool device_generation(const device_rec& d, const std::string& id, const location& at, model::function fn,
                         model::generation_set& out) {
    const std::string_view text = trim(d.generation);
    if (text.empty()) {
      return true;
    }
    const auto g = model::parse_generation(text);
    const location field{at.file, at.line, at.column, "generation"};
    const std::string who = "device '" + id + "' (" + d.where + "): ";
    if (!g) {
      diag_.add(error_code::invalid_input, who + "unknown generation '" + d.generation + "'; expected 4g, 5g or any",
                field);
      return false;
    }
    out = model::generation_set::of(*g);
    if (!model::generation_fits(fn, out)) {
      diag_.add(error_code::invalid_input, who + model::generation_conflict(fn, out), field);
      return false;
    }
    return true;
  }

  void add_element(const device_rec& d, const model::element_record& r, const std::string& pk, const location& at) {
    const auto e = b_.add_element(r);
    if (e == model::kNoElement) {
      diag_.add(error_code::invalid_input,
                "duplicate element id '" + std::string(r.id) + "' (a device is named like another's \"device-<pk>\")",
                at);
      return;
    }
    if (!by_netbox_id_.emplace(d.id, e).second) {
      diag_.add(error_code::invalid_input, "device id " + pk + " appears twice", at);
    }
  }

  // Unknown roles are reported once each, with how many devices have them.
  void report_unknown_roles() {
    for (const auto& [key, u] : unknown_roles_) {
      diag_.add(error_code::invalid_input,
                "device role '" + key + "' (" + std::to_string(u.second) + " device" + (u.second == 1 ? "" : "s") +
                    ", e.g. '" + u.first +
                    "') maps to no function: give a role map (--role-map, CSV 'role,function') "
                    "with a line '" +
                    key + ",<function>'; functions: " + std::string(model::function_list()),
                location{source_, 0, 0, "role"});
    }
  }

  // Device indices of one cable side (data ends only), deduplicated.
  element_list side_devices(const cable_rec& c, const std::vector<termination>& ts, char side) {
    element_list out;
    for (const auto& t : ts) {
      if (t.kind != end_kind::data) {
        continue;
      }
      const auto it = by_netbox_id_.find(t.device);
      if (it == by_netbox_id_.end()) {
        if (input_ids_.count(t.device) == 0) {  // else dropped by an error already reported
          report_missing_device(c, t, side);
        }
        continue;
      }
      if (std::find(out.begin(), out.end(), it->second) == out.end()) {
        out.push_back(it->second);
      }
    }
    return out;
  }

  void report_missing_device(const cable_rec& c, const termination& t, char side) {
    diag_.add(error_code::invalid_input,
              "cable " + std::to_string(c.id) + " end " + side + ": " + t.what + " is on device " +
                  (t.device_name.empty() ? std::to_string(t.device)
                                         : "'" + t.device_name + "' (id " + std::to_string(t.device) + ")") +
                  ", which is not in the input",
              location{source_, 0, 0, c.where});
  }

  // A power, console or dangling cable is counted, not linked.
  bool count_if_not_data(const cable_rec& c, bool data, bool circuit) {
    if (data || circuit) {
      return false;
    }
    if (has_end(c, end_kind::power)) {
      ++st_.power_cables;
    } else if (has_end(c, end_kind::console)) {
      ++st_.console_cables;
    } else {
      count_open(c);
    }
    return true;
  }

  // A cable with a side on no device: on something netvet does not link
  // (not a device port), or on nothing at all.
  void count_open(const cable_rec& c) {
    if (has_end(c, end_kind::other)) {
      ++st_.non_device_cables;
    } else {
      ++st_.open_cables;
    }
  }

  // Cables to a circuit termination link through the circuit: linked when
  // one of their circuits joined devices, else the circuit is open.
  void count_circuit_cables() {
    for (const auto& circuits : circuit_cables_) {
      const bool joined = std::any_of(circuits.begin(), circuits.end(),
                                      [this](std::int64_t id) { return joined_circuits_.count(id) != 0; });
      ++(joined ? st_.circuit_linked_cables : st_.circuit_open_cables);
    }
  }

  static std::vector<std::int64_t> circuits_of(const cable_rec& c) {
    std::vector<std::int64_t> out;
    for (const auto* side : {&c.a, &c.b}) {
      for (const auto& t : *side) {
        if (t.kind == end_kind::circuit) {
          out.push_back(t.circuit);
        }
      }
    }
    return out;
  }

  static bool has_end(const cable_rec& c, end_kind k) {
    const auto f = [k](const termination& t) { return t.kind == k; };
    return std::any_of(c.a.begin(), c.a.end(), f) || std::any_of(c.b.begin(), c.b.end(), f);
  }

  void add_cable(const cable_rec& c) {
    ++st_.cables;
    const bool circuit = has_end(c, end_kind::circuit);
    if (count_if_not_data(c, has_end(c, end_kind::data), circuit)) {
      return;
    }
    const auto da = side_devices(c, c.a, 'A');
    const auto db = side_devices(c, c.b, 'B');
    note_circuit_ends(c.a, db);
    note_circuit_ends(c.b, da);
    if (da.empty() || db.empty()) {
      if (circuit) {
        circuit_cables_.push_back(circuits_of(c));
      } else {
        count_open(c);
      }
      return;
    }
    const std::string cid = std::to_string(c.id);
    const std::size_t added = add_pairs(da, db, medium_of_cable_type(c.type), {cid, c.type, c.label, c.status, {}});
    st_.cable_links += added;
    ++(added != 0 ? st_.linked_cables : st_.self_cables);
  }

  // The devices at the far side of a cable reach the circuit terminations on this side.
  void note_circuit_ends(const std::vector<termination>& ts, const element_list& far) {
    for (const auto& t : ts) {
      if (t.kind != end_kind::circuit || t.circuit < 0) {
        continue;
      }
      auto& v = reach_[{t.circuit, t.side}];
      if (std::find(circuit_order_.begin(), circuit_order_.end(), t.circuit) == circuit_order_.end()) {
        circuit_order_.push_back(t.circuit);
      }
      for (auto e : far) {
        if (std::find(v.begin(), v.end(), e) == v.end()) {
          v.push_back(e);
        }
      }
    }
  }

  // A circuit joins the devices cabled to its A end with those at its Z end.
  void add_circuit(std::int64_t circuit) {
    const auto ia = reach_.find({circuit, 'A'});
    const auto iz = reach_.find({circuit, 'Z'});
    if (ia == reach_.end() || iz == reach_.end() || ia->second.empty() || iz->second.empty()) {
      ++st_.circuits_open;
      return;
    }
    const auto ci = inv_.circuits.find(circuit);
    const std::string cid = ci == inv_.circuits.end() ? std::to_string(circuit) : ci->second.cid;
    const std::string_view status = ci == inv_.circuits.end() ? std::string_view() : ci->second.status;
    joined_circuits_.insert(circuit);
    st_.circuit_links +=
        add_pairs(ia->second, iz->second, model::link_medium::virtual_, {std::string_view(), {}, {}, status, cid});
  }

  // Links every device of `from` with every other device of `to`; returns how many.
  std::size_t add_pairs(const element_list& from, const element_list& to, model::link_medium medium,
                        const link_attrs& la) {
    std::size_t added = 0;
    for (auto x : from) {
      for (auto y : to) {
        if (x == y) {
          ++st_.self_pairs;
          continue;
        }
        b_.add_link(model::link_record{x, y, medium, model::kNoValue, la});
        ++added;
      }
    }
    return added;
  }

  const inventory& inv_;
  const std::string& source_;
  const netbox_role_map& roles_;
  diagnostics diag_;
  netbox_stats st_;
  model::network_builder b_;
  std::unordered_map<std::string, std::size_t> name_uses_;
  device_attributes has_;
  std::vector<std::string_view> attrs_;
  std::unordered_map<std::int64_t, model::element_index> by_netbox_id_;
  std::set<std::int64_t> input_ids_;
  std::map<std::string, std::pair<std::string, std::size_t>> unknown_roles_;  // key -> (first device, count)
  // (circuit, side) -> devices cabled to that termination, and circuits in first-seen order.
  std::map<std::pair<std::int64_t, char>, element_list> reach_;
  std::vector<std::int64_t> circuit_order_;
  std::set<std::int64_t> joined_circuits_;                 // circuits that gave links
  std::vector<std::vector<std::int64_t>> circuit_cables_;  // circuits of each cable to a circuit
};

}  // namespace

result<netbox_import> build_network(const inventory& inv, const std::string& source, const read_options& options) {
  netbox_role_map user_roles;
  if (!options.role_map_path.empty()) {
    NETVET_ASSIGN_OR_RETURN(user_roles, netbox_role_map::load_file(options.files(), options.role_map_path));
  }
  const netbox_role_map& roles = options.role_map_path.empty() ? netbox_role_map::builtin() : user_roles;
  return network_assembly(inv, source, roles, options).run();
}

}  // namespace netvet::io::netbox_detail
