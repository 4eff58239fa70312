// NetBox role map (netbox_roles.h).
#include "netvet/io/netbox_roles.h"

#include "netvet/core/csv.h"
#include "netvet/core/text.h"
#include "netvet/io/reader.h"

namespace netvet::io {
namespace {

using model::function;

// Reasons are kept short: they are the README table. Infrastructure roles
// (PDU, patch panel, console server) have no function of their own in the
// vocabulary; they map to the nearest one so that every device stays in the
// network (its vendor counts) and users can override them.
constexpr role_entry kDefaults[] = {
    {"router", function::router, "routers of every kind"},
    {"core-router", function::router, ""},
    {"edge-router", function::router, ""},
    {"border-router", function::router, ""},
    {"aggregation-router", function::router, ""},
    {"wan-router", function::router, ""},
    {"pe", function::router, "MPLS provider edge"},
    {"pe-router", function::router, ""},
    {"p", function::router, "MPLS provider core"},
    {"p-router", function::router, ""},
    {"ce", function::router, "customer edge"},
    {"ce-router", function::router, ""},
    {"cpe", function::router, "customer premises router"},
    {"bng", function::router, "broadband network gateway"},
    {"switch", function::switch_, "switches of every kind"},
    {"access-switch", function::switch_, ""},
    {"core-switch", function::switch_, ""},
    {"distribution-switch", function::switch_, ""},
    {"aggregation-switch", function::switch_, ""},
    {"management-switch", function::switch_, ""},
    {"oob-switch", function::switch_, ""},
    {"leaf", function::switch_, "data-centre fabric"},
    {"spine", function::switch_, "data-centre fabric"},
    {"tor", function::switch_, "top-of-rack"},
    {"top-of-rack", function::switch_, ""},
    // NetBox demo data's role: a top-of-rack switch switches a rack's
    // servers onto the fabric, the same job as `tor` (transport switching).
    {"tor-switch", function::switch_, ""},
    {"firewall", function::firewall, ""},
    {"fw", function::firewall, ""},
    {"optical", function::optical, "DWDM / OTN transport"},
    {"dwdm", function::optical, ""},
    {"otn", function::optical, ""},
    {"roadm", function::optical, ""},
    {"transponder", function::optical, ""},
    {"mux", function::optical, ""},
    {"patch-panel", function::optical, "passive cabling that carries links (front/rear ports): transmission"},
    {"odf", function::optical, "optical distribution frame"},
    {"microwave", function::microwave, ""},
    {"radio-link", function::microwave, ""},
    {"olt", function::olt, ""},
    {"ont", function::ont, ""},
    {"onu", function::ont, ""},
    {"server", function::nfvi, "hosts network functions"},
    {"compute", function::nfvi, ""},
    {"hypervisor", function::nfvi, ""},
    {"storage", function::nfvi, ""},
    // NetBox demo data's role. netvet has no "application" function: a
    // server in the operator's data centre is compute infrastructure, so the
    // closest function is `nfvi` (like `server`), not a network function it
    // may or may not host; override with --role-map when it is one.
    {"application-server", function::nfvi, "data-centre compute"},
    {"pdu", function::nfvi, "site infrastructure (power); nearest category, override if needed"},
    {"ups", function::nfvi, "site infrastructure (power)"},
    {"console-server", function::nms, "out-of-band management access"},
    {"terminal-server", function::nms, "out-of-band management access"},
    {"nms", function::nms, ""},
    {"oss", function::oss, ""},
};

const std::unordered_map<std::string, function>& default_index() {
  static const std::unordered_map<std::string, function> kIndex = [] {
    std::unordered_map<std::string, function> m;
    for (const auto& e : kDefaults) {
      m.emplace(std::string(e.role), e.fn);
    }
    return m;
  }();
  return kIndex;
}

std::optional<function> find_in(const std::unordered_map<std::string, function>& m, std::string_view role) {
  if (role.empty()) {
    return std::nullopt;
  }
  const auto it = m.find(netbox_role_map::role_key(role));
  if (it == m.end()) {
    return std::nullopt;
  }
  return it->second;
}

}  // namespace

std::span<const role_entry> netbox_role_map::builtin_entries() { return kDefaults; }

std::string netbox_role_map::role_key(std::string_view role) {
  std::string k = to_lower_ascii(trim(role));
  for (char& c : k) {
    if (c == ' ' || c == '_') {
      c = '-';
    }
  }
  return k;
}

const netbox_role_map& netbox_role_map::builtin() {
  static const netbox_role_map kBuiltin;
  return kBuiltin;
}

std::optional<function> netbox_role_map::lookup(std::string_view slug, std::string_view name) const {
  for (const auto* m : {&user_, &default_index()}) {
    if (auto f = find_in(*m, slug)) {
      return f;
    }
    if (auto f = find_in(*m, name)) {
      return f;
    }
  }
  for (auto r : {slug, name}) {
    if (auto f = model::parse_function(role_key(r))) {
      return f;
    }
  }
  return std::nullopt;
}

result<netbox_role_map> netbox_role_map::from_csv_text(std::string_view text, std::string_view name) {
  auto rd = csv_reader::from_text(text, std::string(name));
  netbox_role_map out;
  diagnostics diag;
  auto at = [&](std::size_t col, std::string field) {
    return location{std::string(name), rd.line(), col, std::move(field)};
  };
  auto first = rd.next();
  if (!first) {
    return first.take_error();
  }
  if (!*first) {
    return make_error(error_code::invalid_input, "empty role map: expected the header 'role,function'",
                      location{std::string(name)});
  }
  const auto hdr = rd.fields();
  if (hdr.size() < 2 || to_lower_ascii(trim(hdr[0])) != "role" || to_lower_ascii(trim(hdr[1])) != "function") {
    return make_error(error_code::invalid_input, "the role map's first line must be the header 'role,function'",
                      at(1, ""));
  }
  std::unordered_map<std::string, std::size_t> seen;
  std::vector<std::string> fn_names;
  for (auto f : model::all_functions()) {
    fn_names.emplace_back(model::to_string(f));
  }
  while (true) {
    auto more = rd.next();
    if (!more) {
      diag.add(more.take_error());
      break;
    }
    if (!*more) {
      break;
    }
    const auto f = rd.fields();
    if (f.size() == 1 && trim(f[0]).empty()) {
      continue;
    }
    if (f.size() != hdr.size()) {
      diag.add(error_code::invalid_input,
               "row has " + std::to_string(f.size()) + " fields, the header has " + std::to_string(hdr.size()),
               at(0, ""));
      continue;
    }
    const std::string key = role_key(f[0]);
    if (key.empty()) {
      diag.add(error_code::invalid_input, "empty role", at(1, "role"));
      continue;
    }
    const std::string fn_text = to_lower_ascii(trim(f[1]));
    const auto fn = model::parse_function(fn_text);
    if (!fn) {
      std::string msg = "unknown function '" + std::string(trim(f[1])) + "' for role '" + std::string(trim(f[0])) + "'";
      const auto near = closest(fn_text, fn_names, 1);
      if (!near.empty()) {
        msg += " (did you mean '" + near.front() + "'?)";
      }
      msg += "; expected one of: " + std::string(model::function_list());
      diag.add(error_code::invalid_input, std::move(msg), at(2, "function"));
      continue;
    }
    if (const auto it = seen.find(key); it != seen.end()) {
      diag.add(
          error_code::invalid_input,
          "role '" + std::string(trim(f[0])) + "' is mapped twice (first on line " + std::to_string(it->second) + ")",
          at(1, "role"));
      continue;
    }
    seen.emplace(key, rd.line());
    out.user_[key] = *fn;
  }
  if (!diag.empty()) {
    return diag.combined();
  }
  return out;
}

result<netbox_role_map> netbox_role_map::load_file(file_system& fs, const std::string& path) {
  NETVET_ASSIGN_OR_RETURN(const std::string text, fs.read_file(path, std::size_t{16} << 20));
  return from_csv_text(text, path);
}

}  // namespace netvet::io
