// NetBox dumpdata reader (netbox.h). The API page reader is netbox_api.cpp;
// both end in netbox_detail::build_network (netbox_build.cpp).
#include "netvet/io/netbox.h"

#include <cmath>
#include <map>
#include <unordered_map>

#include "netvet/io/netbox_internal.h"
#include "netvet/io/netbox_json.h"

namespace netvet::io {
namespace {

using namespace netbox_detail;  // NOLINT(google-build-using-namespace): private helpers of this reader

struct site_rec {
  std::string name;
  std::int64_t region = -1;
  double lat = model::kNoValue;
  double lon = model::kNoValue;
};

struct role_rec {
  std::string name;
  std::string slug;
};

struct type_rec {
  std::int64_t manufacturer = -1;
  std::string model;
};

// A dumpdata generic foreign key: ["dcim","interface"] (natural key), a
// content-type pk, or "dcim.interface". Returns the model name or "".
std::string model_of_type(const json& v, const std::unordered_map<std::int64_t, std::string>& content_types) {
  if (v.is_array() && v.size() == 2 && v[1].is_string()) {
    return v[1].get<std::string>();
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    const auto dot = s.rfind('.');
    return dot == std::string::npos ? s : s.substr(dot + 1);
  }
  if (v.is_number_integer()) {
    const auto it = content_types.find(v.get<std::int64_t>());
    return it == content_types.end() ? std::string() : it->second;
  }
  return {};
}

class dump_reader {
 public:
  dump_reader(std::string name, diagnostics& diag) : name_(std::move(name)), diag_(diag) {}

  status read(const json& doc, inventory& inv) {
    if (!doc.is_array()) {
      return make_error(error_code::invalid_input,
                        "not a NetBox dumpdata file: expected a JSON array of {\"model\",\"pk\",\"fields\"} objects",
                        location{name_});
    }
    // Pass 1: index every object we need by model and pk.
    for (std::size_t i = 0; i < doc.size(); ++i) {
      const json& o = doc[i];
      const std::string m = str_of(o, "model");
      const json* f = member(o, "fields");
      const std::int64_t pk = id_of(o, "pk");
      if (m.empty() || f == nullptr || !f->is_object()) {
        diag_.add(error_code::invalid_input, "object is not {\"model\",\"pk\",\"fields\"}",
                  location{name_, 0, 0, "[" + std::to_string(i) + "]"});
        continue;
      }
      index(m, pk, *f, i);
    }
    // Pass 2: devices, cables.
    for (const std::size_t i : devices_) {
      inv.devices.push_back(device(doc[i]));
    }
    for (const auto& [pk, c] : circuits_) {
      inv.circuits[pk] = c;
    }
    for (const std::size_t i : cables_) {
      inv.cables.push_back(cable(doc, i));
    }
    return status::ok();
  }

 private:
  void index(const std::string& m, std::int64_t pk, const json& f, std::size_t i) {
    if (m == "dcim.device") {
      devices_.push_back(i);
    } else if (m == "dcim.cable") {
      cables_.push_back(i);
    } else if (m == "dcim.cabletermination") {
      const std::int64_t cable = id_of(f, "cable");
      const std::string end = str_of(f, "cable_end");
      terms_[cable].push_back({end, i});
    } else if (m == "dcim.manufacturer") {
      manufacturers_[pk] = str_of(f, "name");
    } else if (m == "dcim.devicetype") {
      types_[pk] = type_rec{id_of(f, "manufacturer"), str_of(f, "model")};
    } else if (m == "dcim.devicerole" || m == "dcim.role") {
      roles_[pk] = role_rec{str_of(f, "name"), str_of(f, "slug")};
    } else if (m == "dcim.site") {
      sites_[pk] = site_rec{str_of(f, "name"), id_of(f, "region"), num_of(f, "latitude"), num_of(f, "longitude")};
    } else if (m == "dcim.region") {
      regions_[pk] = str_of(f, "name");
    } else if (m == "circuits.circuit") {
      circuits_[pk] = circuit_rec{str_of(f, "cid"), str_of(f, "status")};
    } else if (m == "circuits.circuittermination") {
      const std::string side = str_of(f, "term_side");
      circuit_terms_[pk] = {id_of(f, "circuit"), side.empty() ? '?' : side[0]};
    } else if (m == "contenttypes.contenttype") {
      content_types_[pk] = str_of(f, "model");
    } else if (m.rfind("dcim.", 0) == 0) {
      const std::string comp = m.substr(5);
      if (kind_of_model(comp) != end_kind::other) {
        components_[comp][pk] = id_of(f, "device");
      }
    }
  }

  device_rec device(const json& o) {
    const json& f = o["fields"];
    device_rec d;
    d.id = id_of(o, "pk");
    d.where = "dcim.device pk " + std::to_string(d.id);
    d.name = str_of(f, "name");
    std::int64_t role = id_of(f, "role");
    if (role < 0) {
      role = id_of(f, "device_role");  // before NetBox 3.6
    }
    if (const auto it = roles_.find(role); it != roles_.end()) {
      d.role_name = it->second.name;
      d.role_slug = it->second.slug;
    } else if (role >= 0) {
      diag_.add(error_code::invalid_input, "device role " + std::to_string(role) + " is not in the file",
                location{name_, 0, 0, d.where + ".role"});
    }
    const std::int64_t type = id_of(f, "device_type");
    if (const auto it = types_.find(type); it != types_.end()) {
      d.model = it->second.model;
      if (const auto m = manufacturers_.find(it->second.manufacturer); m != manufacturers_.end()) {
        d.manufacturer = m->second;
      }
    } else {
      diag_.add(error_code::invalid_input, "device type " + std::to_string(type) + " is not in the file",
                location{name_, 0, 0, d.where + ".device_type"});
    }
    if (const auto it = sites_.find(id_of(f, "site")); it != sites_.end()) {
      d.site = it->second.name;
      if (const auto r = regions_.find(it->second.region); r != regions_.end()) {
        d.region = r->second;
      }
      d.lat = it->second.lat;
      d.lon = it->second.lon;
    }
    const double lat = num_of(f, "latitude");
    const double lon = num_of(f, "longitude");
    if (!std::isnan(lat) && !std::isnan(lon)) {
      d.lat = lat;
      d.lon = lon;
    }
    d.status = str_of(f, "status");
    d.serial = str_of(f, "serial");
    d.asset_tag = str_of(f, "asset_tag");
    if (const json* cf = member(f, "custom_field_data")) {
      d.generation = str_of(*cf, "generation");
    }
    return d;
  }

  termination resolve(const json& type, std::int64_t id) {
    termination t;
    const std::string m = model_of_type(type, content_types_);
    t.kind = kind_of_model(m);
    t.what = (m.empty() ? std::string("termination") : m) + " " + std::to_string(id);
    if (t.kind == end_kind::circuit) {
      t.circuit = -1;
      if (const auto it = circuit_terms_.find(id); it != circuit_terms_.end()) {
        t.circuit = it->second.first;
        t.side = it->second.second;
      }
      return t;
    }
    if (t.kind == end_kind::other) {
      return t;
    }
    const auto comp = components_.find(m);
    if (comp != components_.end()) {
      if (const auto it = comp->second.find(id); it != comp->second.end()) {
        t.device = it->second;
      }
    }
    if (t.device < 0 && t.kind == end_kind::data) {
      diag_.add(error_code::invalid_input, t.what + " is not in the file", location{name_, 0, 0, t.what});
    }
    return t;
  }

  cable_rec cable(const json& doc, std::size_t pos) {
    const json& o = doc[pos];
    const json& f = o["fields"];
    cable_rec c;
    c.id = id_of(o, "pk");
    c.where = "dcim.cable pk " + std::to_string(c.id);
    c.type = str_of(f, "type");
    c.label = str_of(f, "label");
    c.status = str_of(f, "status");
    if (const auto it = terms_.find(c.id); it != terms_.end()) {
      for (const auto& [end, i] : it->second) {
        const json& tf = doc[i]["fields"];
        const json* type = member(tf, "termination_type");
        auto t = resolve(type == nullptr ? json() : *type, id_of(tf, "termination_id"));
        (end == "B" ? c.b : c.a).push_back(std::move(t));
      }
      return c;
    }
    // Before NetBox 3.3: one termination per side on the cable itself.
    for (const char side : {'a', 'b'}) {
      const std::string p = std::string("termination_") + side;
      const json* type = member(f, p + "_type");
      const std::int64_t id = id_of(f, p + "_id");
      if (type != nullptr && id >= 0) {
        (side == 'a' ? c.a : c.b).push_back(resolve(*type, id));
      }
    }
    return c;
  }

 private:
  std::string name_;
  diagnostics& diag_;
  std::vector<std::size_t> devices_;
  std::vector<std::size_t> cables_;
  std::unordered_map<std::int64_t, std::vector<std::pair<std::string, std::size_t>>> terms_;
  std::unordered_map<std::int64_t, std::string> manufacturers_;
  std::unordered_map<std::int64_t, type_rec> types_;
  std::unordered_map<std::int64_t, role_rec> roles_;
  std::unordered_map<std::int64_t, site_rec> sites_;
  std::unordered_map<std::int64_t, std::string> regions_;
  std::map<std::int64_t, circuit_rec> circuits_;
  std::unordered_map<std::int64_t, std::pair<std::int64_t, char>> circuit_terms_;
  std::unordered_map<std::int64_t, std::string> content_types_;
  std::unordered_map<std::string, std::unordered_map<std::int64_t, std::int64_t>> components_;
};

}  // namespace

result<netbox_import> import_netbox_dump_text(std::string_view text, std::string_view name,
                                              const read_options& options) {
  auto doc = parse_json(text, name);
  if (!doc) {
    return doc.take_error();
  }
  const std::string source(name);
  diagnostics diag(options.max_errors);
  inventory inv;
  try {
    dump_reader rd(source, diag);
    NETVET_TRY(rd.read(*doc, inv));
  } catch (const json::exception& e) {
    return make_error(error_code::invalid_input, std::string("unexpected NetBox JSON shape: ") + e.what(),
                      location{source});
  }
  if (!diag.empty()) {
    return diag.combined();
  }
  if (inv.devices.empty()) {
    return make_error(error_code::invalid_input, "the dump holds no dcim.device objects", location{source});
  }
  return build_network(inv, source, options);
}

result<netbox_import> import_netbox_dump(const std::string& path, const read_options& options) {
  NETVET_ASSIGN_OR_RETURN(const std::string text, options.files().read_file(path));
  return import_netbox_dump_text(text, path, options);
}

result<model::network> read_netbox_dump(const std::string& path, const read_options& options) {
  auto r = import_netbox_dump(path, options);
  if (!r) {
    return r.take_error();
  }
  return std::move(r->net);
}

result<model::network> read_netbox_api(const std::string& dir, const read_options& options) {
  auto r = import_netbox_api(dir, options);
  if (!r) {
    return r.take_error();
  }
  return std::move(r->net);
}

}  // namespace netvet::io
