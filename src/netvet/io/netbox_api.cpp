// NetBox REST API page reader (netbox.h): saved pages of /api/dcim/devices/
// and /api/dcim/cables/ -> the inventory of netbox_internal.h.
#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_set>

#include "netvet/io/netbox.h"
#include "netvet/io/netbox_internal.h"
#include "netvet/io/netbox_json.h"

namespace netvet::io {
namespace {

using namespace netbox_detail;  // NOLINT(google-build-using-namespace): private helpers of this reader

enum class object_kind : std::uint8_t { device, cable, other };

object_kind kind_of(const json& o) {
  if (member(o, "device_type") != nullptr) {
    return object_kind::device;
  }
  if (member(o, "a_terminations") != nullptr || member(o, "termination_a_type") != nullptr) {
    return object_kind::cable;
  }
  return object_kind::other;
}

// A choice field: {"value","label"} or a bare string.
std::string choice_of(const json& o, std::string_view key) {
  const json* v = member(o, key);
  if (v == nullptr) {
    return {};
  }
  if (v->is_object()) {
    return str_of(*v, "value");
  }
  return str_of(o, key);
}

// `name` of a nested brief object, or the member itself when a string.
std::string name_of(const json& o, std::string_view key, std::string_view field = "name") {
  const json* v = member(o, key);
  if (v == nullptr) {
    return {};
  }
  return v->is_object() ? str_of(*v, field) : str_of(o, key);
}

// Query parameter `key` of a URL as a number, or -1.
std::int64_t url_param(std::string_view url, std::string_view key) {
  const auto q = url.find('?');
  if (q == std::string_view::npos) {
    return -1;
  }
  for (auto part : split(url.substr(q + 1), '&')) {
    const auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == key) {
      const auto v = part.substr(eq + 1);
      std::int64_t out = -1;
      const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
      return ec == std::errc{} && p == v.data() + v.size() ? out : -1;
    }
  }
  return -1;
}

struct page_info {
  std::string file;
  std::int64_t count = -1;
  std::string next;
  std::string previous;
  std::size_t results = 0;
};

struct listing {
  const char* what;  // "devices" / "cables"
  std::vector<page_info> pages;
  std::unordered_set<std::int64_t> ids;
};

// The `next` URL of a page that is not among the saved ones, if it can tell.
std::string first_missing(const listing& l) {
  std::set<std::int64_t> own;
  for (const auto& p : l.pages) {
    if (!p.next.empty() && url_param(p.next, "offset") >= 0 && url_param(p.next, "limit") > 0) {
      own.insert(url_param(p.next, "offset") - url_param(p.next, "limit"));
    } else if (!p.previous.empty()) {
      const auto lim = url_param(p.previous, "limit");
      own.insert(std::max<std::int64_t>(url_param(p.previous, "offset"), 0) +
                 (lim > 0 ? lim : static_cast<std::int64_t>(p.results)));
    } else {
      own.insert(0);
    }
  }
  std::string best;
  std::int64_t best_off = -1;
  for (const auto& p : l.pages) {
    const auto off = url_param(p.next, "offset");
    if (!p.next.empty() && off >= 0 && own.count(off) == 0 && (best_off < 0 || off < best_off)) {
      best = p.next;
      best_off = off;
    }
  }
  return best;
}

termination api_termination(const json& t, inventory& inv) {
  termination out;
  std::string type = str_of(t, "object_type");
  if (type.empty()) {
    type = str_of(t, "termination_type");
  }
  const auto dot = type.rfind('.');
  const std::string m = dot == std::string::npos ? type : type.substr(dot + 1);
  out.kind = kind_of_model(m);
  std::int64_t oid = id_of(t, "object_id");
  const json* obj = member(t, "object");
  if (obj == nullptr) {
    obj = member(t, "termination");
  }
  if (oid < 0 && obj != nullptr) {
    oid = id_of(*obj, "id");
  }
  out.what = (m.empty() ? std::string("termination") : m) + " " + std::to_string(oid);
  if (obj == nullptr) {
    return out;
  }
  if (out.kind == end_kind::circuit) {
    if (const json* c = member(*obj, "circuit")) {
      out.circuit = id_value(*c);
      if (out.circuit >= 0 && inv.circuits.count(out.circuit) == 0) {
        inv.circuits[out.circuit] = circuit_rec{c->is_object() ? str_of(*c, "cid") : std::string(), {}};
      }
    }
    const std::string side = choice_of(*obj, "term_side");
    out.side = side.empty() ? '?' : side[0];
    return out;
  }
  if (const json* d = member(*obj, "device")) {
    out.device = id_value(*d);
    out.device_name = d->is_object() ? str_of(*d, "name") : std::string();
  }
  return out;
}

class api_reader {
 public:
  api_reader(diagnostics& diag, inventory& inv) : diag_(diag), inv_(inv) {}

  status page(const std::string& file, std::string_view text) {
    auto doc = parse_json(text, file);
    if (!doc) {
      return doc.take_error();
    }
    const json& d = *doc;
    const json* results = member(d, "results");
    if (!d.is_object() || results == nullptr || !results->is_array()) {
      return make_error(error_code::invalid_input,
                        "not a NetBox API page: expected {\"count\",\"next\",\"previous\",\"results\":[...]} "
                        "(save the JSON of /api/dcim/devices/ and /api/dcim/cables/)",
                        location{file});
    }
    page_info info{file, -1, str_of(d, "next"), str_of(d, "previous"), results->size()};
    if (const json* c = member(d, "count"); c != nullptr && c->is_number_integer()) {
      info.count = c->get<std::int64_t>();
    }
    listing* owner = nullptr;
    for (std::size_t i = 0; i < results->size(); ++i) {
      const json& o = (*results)[i];
      const std::string where = "results[" + std::to_string(i) + "]";
      const auto k = kind_of(o);
      if (k == object_kind::other) {
        continue;
      }
      listing& l = k == object_kind::device ? devices_ : cables_;
      if (owner == nullptr) {
        owner = &l;
      }
      const std::int64_t id = id_of(o, "id");
      if (id < 0) {
        diag_.add(error_code::invalid_input, "object without an integer 'id'", location{file, 0, 0, where + ".id"});
        continue;
      }
      if (!l.ids.insert(id).second) {
        continue;  // the same object on two saved pages
      }
      if (k == object_kind::device) {
        inv_.devices.push_back(device(o, file + ": " + where));
      } else {
        inv_.cables.push_back(cable(o, file + ": " + where));
      }
    }
    if (owner != nullptr) {
      owner->pages.push_back(std::move(info));
    }
    return status::ok();
  }

  // Every listing's pages agree on `count` and hold that many objects.
  void check_counts() {
    for (listing* l : {&devices_, &cables_}) {
      if (l->pages.empty()) {
        continue;
      }
      const auto& first = l->pages.front();
      bool consistent = true;
      for (const auto& p : l->pages) {
        if (p.count != first.count) {
          diag_.add(error_code::invalid_input,
                    std::string(l->what) + ": pages disagree on count (" + std::to_string(first.count) + " in " +
                        first.file + ", " + std::to_string(p.count) + " here): keep the pages of one listing",
                    location{p.file, 0, 0, "count"});
          consistent = false;
          break;
        }
      }
      if (!consistent || first.count < 0) {
        continue;
      }
      const auto held = static_cast<std::int64_t>(l->ids.size());
      if (held < first.count) {
        const std::string next = first_missing(*l);
        diag_.add(error_code::invalid_input,
                  std::string(l->what) + ": count says " + std::to_string(first.count) + ", pages hold " +
                      std::to_string(held) + "; save every page" + (next.empty() ? "" : " (next=" + next + ")"),
                  location{first.file, 0, 0, "count"});
      } else if (held > first.count) {
        diag_.add(error_code::invalid_input,
                  std::string(l->what) + ": count says " + std::to_string(first.count) + ", pages hold " +
                      std::to_string(held) + " different objects: keep the pages of one listing",
                  location{first.file, 0, 0, "count"});
      }
    }
  }

  [[nodiscard]] std::size_t pages() const { return devices_.pages.size() + cables_.pages.size(); }

 private:
  static device_rec device(const json& o, std::string where) {
    device_rec d;
    d.id = id_of(o, "id");
    d.where = std::move(where);
    d.name = str_of(o, "name");
    const json* role = member(o, "role");
    if (role == nullptr) {
      role = member(o, "device_role");  // before NetBox 3.6
    }
    if (role != nullptr && role->is_object()) {
      d.role_slug = str_of(*role, "slug");
      d.role_name = str_of(*role, "name");
    } else if (role != nullptr && role->is_string()) {
      d.role_name = role->get<std::string>();
    }
    if (const json* t = member(o, "device_type")) {
      d.model = str_of(*t, "model");
      d.manufacturer = name_of(*t, "manufacturer");
    }
    if (const json* s = member(o, "site")) {
      d.site = s->is_object() ? str_of(*s, "name") : str_of(o, "site");
      if (s->is_object()) {
        d.region = name_of(*s, "region");
        d.lat = num_of(*s, "latitude");
        d.lon = num_of(*s, "longitude");
      }
    }
    const double lat = num_of(o, "latitude");
    const double lon = num_of(o, "longitude");
    if (!std::isnan(lat) && !std::isnan(lon)) {
      d.lat = lat;
      d.lon = lon;
    }
    d.status = choice_of(o, "status");
    d.serial = str_of(o, "serial");
    d.asset_tag = str_of(o, "asset_tag");
    if (const json* cf = member(o, "custom_fields")) {
      d.generation = choice_of(*cf, "generation");
    }
    return d;
  }

  cable_rec cable(const json& o, std::string where) {
    cable_rec c;
    c.id = id_of(o, "id");
    c.where = std::move(where);
    c.type = choice_of(o, "type");
    c.label = str_of(o, "label");
    c.status = choice_of(o, "status");
    const json* a = member(o, "a_terminations");
    const json* b = member(o, "b_terminations");
    if (a != nullptr || b != nullptr) {
      for (const auto& [list, out] : {std::pair{a, &c.a}, std::pair{b, &c.b}}) {
        if (list == nullptr || !list->is_array()) {
          continue;
        }
        for (const auto& t : *list) {
          out->push_back(api_termination(t, inv_));
        }
      }
      return c;
    }
    // Before NetBox 3.3: termination_a_type / termination_a_id / termination_a.
    for (const char side : {'a', 'b'}) {
      const std::string p = std::string("termination_") + side;
      json t = json::object();
      t["object_type"] = str_of(o, p + "_type");
      t["object_id"] = id_of(o, p + "_id");
      if (const json* obj = member(o, p)) {
        t["object"] = *obj;
      }
      (side == 'a' ? c.a : c.b).push_back(api_termination(t, inv_));
    }
    return c;
  }

  diagnostics& diag_;
  inventory& inv_;
  listing devices_{"devices", {}, {}};
  listing cables_{"cables", {}, {}};
};

bool ends_with_json(std::string_view s) { return s.size() > 5 && to_lower_ascii(s.substr(s.size() - 5)) == ".json"; }

// The saved pages at `path`: the *.json files of a folder in name order, or
// the one file.
result<std::vector<std::string>> page_files(file_system& fs, const std::string& path) {
  NETVET_ASSIGN_OR_RETURN(const file_status st, fs.status_of(path));
  if (!st.exists) {
    return make_error(error_code::not_found, "no such file or directory", location{path});
  }
  if (!st.is_directory) {
    return std::vector<std::string>{path};
  }
  auto names = fs.list_directory(path);
  if (!names) {
    return make_error(error_code::io_error, "cannot list the folder", location{path});
  }
  std::vector<std::string> files;
  for (const auto& n : *names) {
    if (ends_with_json(n)) {
      files.push_back(path + "/" + n);
    }
  }
  if (files.empty()) {
    return make_error(error_code::invalid_input, "the folder holds no *.json API pages", location{path});
  }
  return files;
}

}  // namespace

result<netbox_import> import_netbox_api(const std::string& path, const read_options& options) {
  file_system& fs = options.files();
  NETVET_ASSIGN_OR_RETURN(const std::vector<std::string> files, page_files(fs, path));
  diagnostics diag(options.max_errors);
  inventory inv;
  api_reader rd(diag, inv);
  try {
    for (const auto& f : files) {
      NETVET_ASSIGN_OR_RETURN(const std::string text, fs.read_file(f));
      NETVET_TRY(rd.page(f, text));
    }
  } catch (const json::exception& e) {
    return make_error(error_code::invalid_input, std::string("unexpected NetBox JSON shape: ") + e.what(),
                      location{path});
  }
  rd.check_counts();
  if (!diag.empty()) {
    return diag.combined();
  }
  if (inv.devices.empty()) {
    return make_error(error_code::invalid_input,
                      "no device pages: save the pages of /api/dcim/devices/ (objects with device_type) here",
                      location{path});
  }
  auto out = build_network(inv, path, options);
  if (out) {
    out->stats.pages = rd.pages();
  }
  return out;
}

}  // namespace netvet::io
